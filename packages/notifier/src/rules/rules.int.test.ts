import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import {
  append,
  customerData,
  decisionsOf,
  type Fixture,
  openFixture,
  recordingChannel,
  silentLog,
  waitProcessed,
} from '../../test/support';
import { DAY_MS, HOUR_MS, ManualClock } from '../clock';
import { type NotifierHandle, startNotifier } from '../notifier';
import { type RelayHandle, startRelay } from '../relay/relay';

// 08:00 UTC is 11:30 in Tehran: outside quiet hours; whole-day steps keep it so.
const BASE = '2026-06-10T08:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(BASE) + ms).toISOString();

let fx: Fixture;
let relay: RelayHandle;
let notifier: NotifierHandle;
const clock = new ManualClock(BASE);
const email = recordingChannel('email');
const sms = recordingChannel('sms');
const support = recordingChannel('support');

beforeAll(async () => {
  fx = await openFixture('notifier_rules');
  relay = await startRelay({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    natsUrl: fx.natsUrl,
    names: fx.names,
  });
  notifier = await startNotifier({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    natsUrl: fx.natsUrl,
    names: fx.names,
    durable: 'rules',
    clock,
    channels: { email, sms, support },
    consumer: { backoffMs: [2_000, 4_000], maxDeliver: 4 },
    dispatcher: { manual: true },
  });
});

afterAll(async () => {
  await notifier?.stop();
  await relay?.stop();
  await fx?.close();
});

beforeEach(() => clock.set(BASE));

/** Appends events, waits until the notifier committed them, then runs what is due. */
async function given(...events: (() => Promise<string>)[]): Promise<void> {
  const ids: string[] = [];
  for (const event of events) ids.push(await event());
  await waitProcessed(fx.pool, ids);
  await notifier.runDue();
}

async function advance(ms: number): Promise<void> {
  clock.advance(ms);
  await notifier.runDue();
}

const sentTo = (customerId: string) =>
  [...email.sent, ...sms.sent].filter((m) => m.to.startsWith(customerId) || m.key.includes(customerId));

function customer(overrides: Parameters<typeof customerData>[1] = {}) {
  const id = uniqueId('c');
  return {
    id,
    register: () =>
      append(fx.store, `customer-${id}`, 'CustomerRegistered', customerData(id, overrides), BASE),
  };
}

function order(customerId: string, warrantyMonths = 0) {
  const orderId = uniqueId('o');
  const stream = `order-${orderId}`;
  return {
    orderId,
    placed: (placedAt = BASE) =>
      append(
        fx.store,
        stream,
        'OrderPlaced',
        {
          orderId,
          customerId,
          currency: 'EUR',
          lines: [
            {
              lineNo: 1,
              sku: 'K-1',
              name: 'Kettle',
              category: 'kitchen',
              qty: 1,
              unitPrice: 4_000,
              warrantyMonths,
            },
          ],
          placedAt,
        },
        placedAt,
      ),
    shipped: (estimatedDeliveryAt: string) =>
      append(
        fx.store,
        stream,
        'OrderShipped',
        {
          orderId,
          customerId,
          shipmentId: 's1',
          carrier: 'Post',
          trackingNumber: 'T1',
          estimatedDeliveryAt,
          shippedAt: BASE,
        },
        BASE,
      ),
    delayed: (previous: string, next: string, delayedAt = BASE) =>
      append(
        fx.store,
        stream,
        'ShipmentDelayed',
        {
          orderId,
          customerId,
          shipmentId: 's1',
          previousEstimatedDeliveryAt: previous,
          newEstimatedDeliveryAt: next,
          reason: 'weather',
          delayedAt,
        },
        delayedAt,
      ),
    delivered: (deliveredAt = BASE) =>
      append(fx.store, stream, 'OrderDelivered', { orderId, customerId, deliveredAt }, deliveredAt),
  };
}

const sentRules = async (customerId: string) =>
  (await decisionsOf(fx.pool, customerId)).filter((d) => d.decision === 'sent').map((d) => d.rule);

describe('notification rules: trigger → decision', () => {
  it('shipment-delayed: sent at once, in Persian, right-to-left', async () => {
    const c = customer();
    const o = order(c.id);
    await given(
      c.register,
      () => o.placed(),
      () => o.shipped(at(DAY_MS)),
      () => o.delayed(at(DAY_MS), at(3 * DAY_MS)),
    );
    expect(await sentRules(c.id)).toEqual(['shipment-delayed']);
    const message = email.sent.find((m) => m.to === `${c.id}@example.test`);
    expect(message?.html).toContain('<html dir="rtl" lang="fa">');
    expect(message?.subject).toContain(o.orderId);
  });

  it('delivery-overdue: at estimate + 24 h, once per estimate; a delay moves it', async () => {
    const c = customer();
    const o = order(c.id);
    await given(
      c.register,
      () => o.placed(),
      () => o.shipped(at(DAY_MS)),
    );
    await advance(2 * DAY_MS - HOUR_MS);
    expect(await sentRules(c.id)).toEqual([]);
    await given(() => o.delayed(at(DAY_MS), at(3 * DAY_MS), at(2 * DAY_MS - HOUR_MS)));
    await advance(2 * HOUR_MS);
    // The first estimate's reminder was cancelled by the delay.
    expect(await sentRules(c.id)).toEqual(['shipment-delayed']);
    await advance(2 * DAY_MS);
    expect(await sentRules(c.id)).toEqual(['shipment-delayed', 'delivery-overdue']);
    const decisions = await decisionsOf(fx.pool, c.id);
    expect(
      decisions.some((d) => d.reason === 'cancelled:ShipmentDelayed' && d.rule === 'delivery-overdue'),
    ).toBe(true);
  });

  it('delivery-overdue: cancelled by the delivery', async () => {
    const c = customer();
    const o = order(c.id);
    await given(
      c.register,
      () => o.placed(),
      () => o.shipped(at(DAY_MS)),
    );
    // Applied after the reminder was planned, so the cancellation itself is on record.
    await given(() => o.delivered(at(HOUR_MS)));
    await advance(3 * DAY_MS);
    expect(await sentRules(c.id)).not.toContain('delivery-overdue');
    const decisions = await decisionsOf(fx.pool, c.id);
    expect(decisions).toContainEqual(
      expect.objectContaining({
        rule: 'delivery-overdue',
        decision: 'suppressed',
        reason: 'cancelled:OrderDelivered',
      }),
    );
  });

  it('refund-confirmed: at once, with the amount in the customer locale', async () => {
    const c = customer({ language: 'ar', timezone: 'Asia/Riyadh' });
    const returnId = uniqueId('r');
    await given(c.register, () =>
      append(
        fx.store,
        `return-${returnId}`,
        'ReturnRefunded',
        {
          returnId,
          orderId: 'o',
          customerId: c.id,
          amount: { amount: 12_345, currency: 'SAR' },
          items: [],
          refundedAt: BASE,
        },
        BASE,
      ),
    );
    expect(await sentRules(c.id)).toEqual(['refund-confirmed']);
    const message = email.sent.find((m) => m.to === `${c.id}@example.test`);
    expect(message?.subject).toContain('١٢٣٫٤٥');
    expect(message?.html).toContain('dir="rtl" lang="ar"');
  });

  it('low-score-escalation: support alert plus an apology; a good score does nothing', async () => {
    const c = customer({ language: 'en', timezone: 'Europe/London' });
    const feedback = (csat: number, nps?: number) => {
      const feedbackId = uniqueId('f');
      const subjectId = uniqueId('o');
      return append(
        fx.store,
        `feedback-order-${subjectId}`,
        'FeedbackSubmitted',
        {
          feedbackId,
          customerId: c.id,
          subject: { type: 'order', id: subjectId },
          csat,
          nps,
          submittedAt: BASE,
        },
        BASE,
      );
    };
    await given(
      c.register,
      () => feedback(5, 9),
      () => feedback(2),
    );
    const decisions = (await decisionsOf(fx.pool, c.id)).filter((d) => d.decision === 'sent');
    expect(decisions.map((d) => d.channel).sort()).toEqual(['email', 'support']);
    expect(support.sent.some((m) => m.data?.customerId === c.id && m.data?.csat === 2)).toBe(true);
    await given(() => feedback(4, 3));
    expect((await sentRules(c.id)).length).toBe(4);
  });

  it('feedback-request: delivered + 3 days; one survey per customer per 30 days', async () => {
    const c = customer();
    const first = order(c.id);
    const second = order(c.id);
    await given(
      c.register,
      () => first.placed(),
      () => second.placed(),
      () => first.delivered(),
      () => second.delivered(),
    );
    await advance(3 * DAY_MS - HOUR_MS);
    expect(await sentRules(c.id)).toEqual([]);
    await advance(2 * HOUR_MS);
    expect(await sentRules(c.id)).toEqual(['feedback-request']);
    const decisions = await decisionsOf(fx.pool, c.id);
    expect(decisions).toContainEqual(
      expect.objectContaining({
        rule: 'feedback-request',
        decision: 'suppressed',
        reason: 'survey-throttle',
      }),
    );
  });

  it('feedback-request: cancelled by feedback given or a return opened', async () => {
    const c = customer();
    const a = order(c.id);
    const b = order(c.id);
    const returnId = uniqueId('r');
    await given(
      c.register,
      () => a.placed(),
      () => b.placed(),
      () => a.delivered(),
      () => b.delivered(),
      () =>
        append(
          fx.store,
          `feedback-order-${a.orderId}`,
          'FeedbackSubmitted',
          {
            feedbackId: uniqueId('f'),
            customerId: c.id,
            subject: { type: 'order', id: a.orderId },
            csat: 5,
            submittedAt: at(HOUR_MS),
          },
          at(HOUR_MS),
        ),
      () =>
        append(
          fx.store,
          `return-${returnId}`,
          'ReturnRequested',
          {
            returnId,
            orderId: b.orderId,
            customerId: c.id,
            items: [],
            resolution: 'refund',
            requestedAt: at(HOUR_MS),
          },
          at(HOUR_MS),
        ),
    );
    await advance(4 * DAY_MS);
    expect(await sentRules(c.id)).not.toContain('feedback-request');
    const reasons = (await decisionsOf(fx.pool, c.id))
      .filter((d) => d.rule === 'feedback-request')
      .map((d) => d.reason);
    expect(reasons.sort()).toEqual(['cancelled:FeedbackSubmitted', 'cancelled:ReturnRequested']);
  });

  it('repair-follow-up: completed + 7 days', async () => {
    const c = customer();
    const repairId = uniqueId('p');
    await given(c.register, () =>
      append(
        fx.store,
        `repair-${repairId}`,
        'RepairCompleted',
        {
          repairId,
          orderId: 'o',
          customerId: c.id,
          lineNo: 1,
          outcome: 'repaired',
          inWarranty: true,
          completedAt: BASE,
        },
        BASE,
      ),
    );
    await advance(6 * DAY_MS);
    expect(await sentRules(c.id)).toEqual([]);
    await advance(DAY_MS);
    expect(await sentRules(c.id)).toEqual(['repair-follow-up']);
  });

  it('points-expiring: once per lot of ≥ 100 points, 30 days ahead; redeemed lots fall below', async () => {
    const c = customer();
    const lot = (lotId: string, points: number) => ({
      lotId,
      lineNo: 1,
      qty: 1,
      spend: 100,
      points,
      availableAt: BASE,
      expiresAt: at(40 * DAY_MS),
    });
    const [big, small, spent] = [uniqueId('l'), uniqueId('l'), uniqueId('l')];
    await given(
      c.register,
      () =>
        append(
          fx.store,
          `loyalty-${c.id}`,
          'PointsEarned',
          {
            customerId: c.id,
            orderId: 'o',
            currency: 'EUR',
            tier: 'bronze',
            multiplier: 1,
            lots: [lot(big, 150), lot(small, 80), lot(spent, 300)],
            earnedAt: BASE,
          },
          BASE,
        ),
      () =>
        append(
          fx.store,
          `loyalty-${c.id}`,
          'PointsRedeemed',
          {
            customerId: c.id,
            redemptionId: 'x',
            points: 250,
            allocations: [{ lotId: spent, points: 250 }],
            redeemedAt: BASE,
          },
          BASE,
        ),
    );
    await advance(10 * DAY_MS + HOUR_MS);
    const decisions = await decisionsOf(fx.pool, c.id);
    expect(decisions.filter((d) => d.decision === 'sent').map((d) => d.subject_key)).toEqual([big]);
    expect(decisions).toContainEqual(
      expect.objectContaining({ subject_key: spent, reason: 'below-threshold' }),
    );
    expect(decisions.some((d) => d.subject_key === small)).toBe(false);
  });

  it('tier-upgraded: only when the tier goes up', async () => {
    const c = customer();
    const change =
      (from: 'bronze' | 'silver' | 'gold', to: 'bronze' | 'silver' | 'gold', changedAt: string) => () =>
        append(
          fx.store,
          `loyalty-${c.id}`,
          'LoyaltyTierChanged',
          { customerId: c.id, from, to, changedAt },
          changedAt,
        );
    await given(c.register, change('bronze', 'silver', BASE), change('silver', 'bronze', at(1_000)));
    expect(await sentRules(c.id)).toEqual(['tier-upgraded']);
  });

  it('win-back: 90 days without an order, once per lapse; a new order restarts the count', async () => {
    const c = customer();
    const first = order(c.id);
    const second = order(c.id);
    await given(c.register, () => first.placed(BASE));
    await advance(60 * DAY_MS);
    await given(() => second.placed(at(60 * DAY_MS)));
    await advance(40 * DAY_MS);
    expect(await sentRules(c.id)).toEqual([]);
    await advance(50 * DAY_MS + HOUR_MS);
    const decisions = await decisionsOf(fx.pool, c.id);
    expect(decisions.filter((d) => d.decision === 'sent').map((d) => d.subject_key)).toEqual([
      `${c.id}:${second.orderId}`,
    ]);
    expect(decisions).toContainEqual(
      expect.objectContaining({ rule: 'win-back', reason: 'cancelled:OrderPlaced' }),
    );
  });

  it('warranty-expiring: 30 days before deliveredAt + warrantyMonths, once per item', async () => {
    const c = customer();
    const o = order(c.id, 12);
    await given(
      c.register,
      () => o.placed(),
      () => o.delivered(BASE),
    );
    // 10 June 2027 − 30 days = 11 May 2027.
    clock.set('2027-05-11T07:00:00.000Z');
    await notifier.runDue();
    expect(await sentRules(c.id)).not.toContain('warranty-expiring');
    clock.set('2027-05-11T09:00:00.000Z');
    await notifier.runDue();
    expect((await decisionsOf(fx.pool, c.id)).filter((d) => d.rule === 'warranty-expiring')).toEqual([
      expect.objectContaining({ decision: 'sent', subject_key: `${o.orderId}:1` }),
    ]);
    expect(sentTo(c.id).some((m) => m.rule === 'warranty-expiring' && m.text.includes('Kettle'))).toBe(true);
  });

  it("case-reply: at once, on the case's channel; chat is answered where it is", async () => {
    const c = customer();
    const reply = (caseId: string, messageId: string, channel: string) => () =>
      append(
        fx.store,
        `case-${caseId}`,
        'CaseMessageAdded',
        {
          caseId,
          customerId: c.id,
          messageId,
          direction: 'out',
          channel: channel as 'email',
          author: { type: 'agent', agentId: 'agent-7' },
          body: 'A replacement is on its way.',
          addedAt: BASE,
        },
        BASE,
      );
    const customerWrites = () =>
      append(
        fx.store,
        `case-${caseId}`,
        'CaseMessageAdded',
        {
          caseId,
          customerId: c.id,
          messageId: 'm-0',
          direction: 'in',
          channel: 'email',
          author: { type: 'customer' },
          body: 'It is broken.',
          addedAt: BASE,
        },
        BASE,
      );
    const caseId = uniqueId('case');
    await given(
      c.register,
      customerWrites,
      reply(caseId, 'm-1', 'email'),
      reply(caseId, 'm-2', 'phone'),
      reply(caseId, 'm-3', 'chat'),
    );
    const decisions = (await decisionsOf(fx.pool, c.id)).filter((d) => d.rule === 'case-reply');
    expect(decisions.map((d) => [d.subject_key, d.decision, d.channel ?? d.reason]).sort()).toEqual([
      [`${caseId}:m-1`, 'sent', 'email'],
      [`${caseId}:m-2`, 'sent', 'sms'],
      [`${caseId}:m-3`, 'suppressed', 'channel-not-ours'],
    ]);
    // The customer is told there is an answer; the answer itself stays in the sealed log.
    const sent = sentTo(c.id).filter((m) => m.rule === 'case-reply');
    expect(sent.every((m) => !m.text.includes('replacement'))).toBe(true);
  });

  it('case-survey: solved + 1 day, cancelled by a reopening', async () => {
    const c = customer();
    const solved =
      (caseId: string, solvedAt = BASE) =>
      () =>
        append(
          fx.store,
          `case-${caseId}`,
          'CaseSolved',
          { caseId, customerId: c.id, sla: [], solvedAt },
          solvedAt,
        );
    const kept = uniqueId('case');
    const reopened = uniqueId('case');
    await given(c.register, solved(kept), solved(reopened), () =>
      append(
        fx.store,
        `case-${reopened}`,
        'CaseReopened',
        { caseId: reopened, customerId: c.id, by: 'customer-reply', reopenedAt: at(HOUR_MS) },
        at(HOUR_MS),
      ),
    );
    await advance(DAY_MS - 1);
    expect(await sentRules(c.id)).toEqual([]);
    await advance(1);
    expect(await sentRules(c.id)).toEqual(['case-survey']);
    const surveys = (await decisionsOf(fx.pool, c.id)).filter((d) => d.rule === 'case-survey');
    expect(surveys.map((d) => [d.subject_key, d.decision, d.reason])).toEqual([
      [`${reopened}:${BASE}`, 'suppressed', 'cancelled:CaseReopened'],
      [`${kept}:${BASE}`, 'sent', expect.any(String)],
    ]);
  });
  it('sla-at-risk and sla-breached: support alerts at once, once per target and cycle; an old one is stale', async () => {
    const c = customer({ language: 'fa' });
    const caseId = uniqueId('case');
    const fact =
      (
        type: 'SlaAtRisk' | 'SlaBreached',
        metric: 'firstResponse' | 'resolution',
        due: string,
        atRiskAt = due,
      ) =>
      () =>
        append(
          fx.store,
          `case-${caseId}`,
          type,
          {
            caseId,
            customerId: c.id,
            metric,
            cycle: 1,
            priority: 'normal',
            due,
            ...(type === 'SlaAtRisk' ? { atRiskAt } : {}),
          },
          type === 'SlaAtRisk' ? atRiskAt : due,
        );
    const before = support.sent.length;
    await given(
      c.register,
      fact('SlaAtRisk', 'firstResponse', at(2 * HOUR_MS), BASE),
      fact('SlaBreached', 'firstResponse', BASE),
      // The same breach again (a second writer's copy under another id): no second alert.
      fact('SlaBreached', 'firstResponse', BASE),
      // A breach first seen long after it (a replayed history): recorded as stale, never sent.
      fact('SlaBreached', 'resolution', at(-5 * DAY_MS)),
    );
    const decisions = (await decisionsOf(fx.pool, c.id)).map((d) => [
      d.rule,
      d.decision,
      d.reason,
      d.channel,
    ]);
    expect(decisions.filter(([rule]) => rule === 'sla-at-risk')).toEqual([
      ['sla-at-risk', 'sent', expect.any(String), 'support'],
    ]);
    expect(decisions.filter(([rule]) => rule === 'sla-breached').map(([, d, r]) => [d, r])).toEqual(
      expect.arrayContaining([
        ['sent', expect.any(String)],
        ['suppressed', 'stale'],
      ]),
    );
    expect(decisions.filter(([rule, d]) => rule === 'sla-breached' && d === 'sent')).toHaveLength(1);
    const alerts = support.sent.slice(before).filter((m) => m.data?.caseId === caseId);
    expect(alerts.map((m) => m.subject)).toEqual([
      `[sla-at-risk] case ${caseId}: firstResponse due ${at(2 * HOUR_MS)}`,
      `[sla-breached] case ${caseId}: firstResponse was due ${BASE}`,
    ]);
    // Support alerts carry ids and facts, no customer message goes out.
    expect(sentTo(c.id)).toEqual([]);
  });
});
