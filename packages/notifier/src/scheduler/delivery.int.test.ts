import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import {
  append,
  brokenOrderPlaced,
  customerData,
  decisionsOf,
  type Fixture,
  openFixture,
  recordingChannel,
  silentLog,
  waitFor,
  waitProcessed,
} from '../../test/support';
import { DAY_MS, HOUR_MS, ManualClock, MINUTE_MS } from '../clock';
import { listNotifierDeadLetters, retryNotifierDeadLetter } from '../consumer/dead-letters';
import { type NotifierHandle, startNotifier } from '../notifier';
import { type RelayHandle, startRelay } from '../relay/relay';

const BASE = '2026-06-10T08:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(BASE) + ms).toISOString();

let fx: Fixture;
let relay: RelayHandle;
let notifier: NotifierHandle;
const clock = new ManualClock(BASE);
const email = recordingChannel('email');
const sms = recordingChannel('sms');
const support = recordingChannel('support');

const startConsumer = (durable: string) =>
  startNotifier({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    natsUrl: fx.natsUrl,
    names: fx.names,
    durable,
    clock,
    channels: { email, sms, support },
    consumer: { backoffMs: [300, 300], maxDeliver: 3 },
    dispatcher: { manual: true, channelRetry: { baseDelayMs: MINUTE_MS, maxDelayMs: HOUR_MS } },
  });

beforeAll(async () => {
  fx = await openFixture('notifier_delivery');
  relay = await startRelay({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    natsUrl: fx.natsUrl,
    names: fx.names,
  });
  notifier = await startConsumer('delivery');
});

afterAll(async () => {
  await notifier?.stop();
  await relay?.stop();
  await fx?.close();
});

async function given(...events: (() => Promise<string>)[]): Promise<string[]> {
  const ids: string[] = [];
  for (const event of events) ids.push(await event());
  await waitProcessed(fx.pool, ids);
  await notifier.runDue();
  return ids;
}

const register =
  (id: string, overrides: Parameters<typeof customerData>[1] = {}) =>
  () =>
    append(fx.store, `customer-${id}`, 'CustomerRegistered', customerData(id, overrides), BASE);

const delayed = (customerId: string, delayedAt: string) => () => {
  const orderId = uniqueId('o');
  return append(
    fx.store,
    `order-${orderId}`,
    'ShipmentDelayed',
    {
      orderId,
      customerId,
      shipmentId: 's',
      previousEstimatedDeliveryAt: at(DAY_MS),
      newEstimatedDeliveryAt: at(3 * DAY_MS),
      reason: 'weather',
      delayedAt,
    },
    delayedAt,
  );
};

const earned = (customerId: string, count: number, expiresAt: string) => () =>
  append(
    fx.store,
    `loyalty-${customerId}`,
    'PointsEarned',
    {
      customerId,
      orderId: uniqueId('o'),
      currency: 'EUR',
      tier: 'bronze',
      multiplier: 1,
      lots: Array.from({ length: count }, (_, i) => ({
        lotId: uniqueId('l'),
        lineNo: i + 1,
        qty: 1,
        spend: 100,
        points: 150,
        availableAt: BASE,
        expiresAt,
      })),
      earnedAt: clock.now().toISOString(),
    },
    clock.now().toISOString(),
  );

const sent = async (customerId: string) =>
  (await decisionsOf(fx.pool, customerId)).filter((d) => d.decision === 'sent');

describe('delivery policy with a controlled clock', () => {
  it('quiet hours: deferred to 08:00 in the customer time zone, then sent', async () => {
    // 19:00 UTC is 22:30 in Tehran.
    clock.set('2026-06-10T19:00:00.000Z');
    const id = uniqueId('c');
    await given(register(id), delayed(id, '2026-06-10T19:00:00.000Z'));
    const decisions = await decisionsOf(fx.pool, id);
    expect(decisions).toEqual([
      expect.objectContaining({
        decision: 'deferred',
        reason: 'quiet-hours',
        deferred_until: new Date('2026-06-11T04:30:00.000Z'),
      }),
    ]);
    clock.set('2026-06-11T04:29:00.000Z');
    await notifier.runDue();
    expect(await sent(id)).toEqual([]);
    clock.set('2026-06-11T04:31:00.000Z');
    await notifier.runDue();
    expect((await sent(id)).map((d) => d.rule)).toEqual(['shipment-delayed']);
  });

  it('marketing cap: two per customer per seven days, the third is suppressed', async () => {
    clock.set(BASE);
    const id = uniqueId('c');
    await given(register(id), earned(id, 3, at(40 * DAY_MS)));
    clock.set(at(10 * DAY_MS + HOUR_MS));
    await notifier.runDue();
    const decisions = await decisionsOf(fx.pool, id);
    expect(decisions.filter((d) => d.decision === 'sent')).toHaveLength(2);
    expect(decisions.filter((d) => d.reason === 'cap')).toHaveLength(1);
    // Seven days later the window has room again.
    await given(earned(id, 1, at(48 * DAY_MS)));
    clock.set(at(18 * DAY_MS + 2 * HOUR_MS));
    await notifier.runDue();
    expect(await sent(id)).toHaveLength(3);
  });

  it('opt-out per channel and purpose: another channel, or suppressed', async () => {
    clock.set(BASE);
    const optedOut = uniqueId('c');
    const smsOnly = uniqueId('c');
    const noMarketing = uniqueId('c');
    const off = { transactional: false, marketing: false };
    await given(
      register(optedOut, { consents: { email: off, sms: off } }),
      register(smsOnly, { consents: { email: off, sms: { transactional: true, marketing: false } } }),
      register(noMarketing, { consents: { email: { transactional: true, marketing: false }, sms: off } }),
      delayed(optedOut, BASE),
      delayed(smsOnly, BASE),
      () =>
        append(
          fx.store,
          `loyalty-${noMarketing}`,
          'LoyaltyTierChanged',
          { customerId: noMarketing, from: 'bronze', to: 'silver', changedAt: BASE },
          BASE,
        ),
    );
    expect(await decisionsOf(fx.pool, optedOut)).toEqual([
      expect.objectContaining({ decision: 'suppressed', reason: 'opted-out' }),
    ]);
    expect(await decisionsOf(fx.pool, smsOnly)).toEqual([
      expect.objectContaining({ decision: 'sent', channel: 'sms' }),
    ]);
    expect(sms.sent.some((m) => m.to === '+989120000000' && m.rule === 'shipment-delayed')).toBe(true);
    expect(await decisionsOf(fx.pool, noMarketing)).toEqual([
      expect.objectContaining({ decision: 'suppressed', reason: 'no-marketing-consent' }),
    ]);
  });

  it('a channel outage delays the message, never loses it', async () => {
    clock.set(BASE);
    const id = uniqueId('c');
    email.failing = true;
    try {
      await given(register(id), delayed(id, BASE));
      expect(await decisionsOf(fx.pool, id)).toEqual([
        expect.objectContaining({ decision: 'deferred', reason: 'channel-unavailable' }),
      ]);
      clock.advance(2 * MINUTE_MS);
      await notifier.runDue();
      expect(await sent(id)).toEqual([]);
    } finally {
      email.failing = false;
    }
    clock.advance(5 * MINUTE_MS);
    await notifier.runDue();
    expect(await sent(id)).toHaveLength(1);
    expect(email.sent.filter((m) => m.to === `${id}@example.test`)).toHaveLength(1);
  });

  it('replays of old history are recorded as stale, never sent', async () => {
    clock.set(BASE);
    const id = uniqueId('c');
    await given(register(id), delayed(id, '2025-06-01T10:00:00.000Z'));
    expect(await decisionsOf(fx.pool, id)).toEqual([
      expect.objectContaining({ decision: 'suppressed', reason: 'stale', rule: 'shipment-delayed' }),
    ]);
  });

  it('a second consumer replaying the whole stream, and a rebuild, send nothing twice', async () => {
    clock.set(BASE);
    const id = uniqueId('c');
    await given(register(id), delayed(id, BASE));
    expect(await sent(id)).toHaveLength(1);
    const before = email.sent.length + sms.sent.length;
    const head = await fx.store.headPosition();
    await relay.waitFor(head);

    // Redelivery of everything: per-event dedupe.
    const replay = await startConsumer(uniqueId('replay'));
    await waitFor(async () => {
      const { rows } = await fx.pool.query<{ n: string | null }>(
        'SELECT max(position)::text AS n FROM notifier.processed_events',
      );
      return BigInt(rows[0]?.n ?? 0) >= head ? true : undefined;
    });
    await replay.runDue();
    await replay.stop();
    expect(email.sent.length + sms.sent.length).toBe(before);

    // A rebuild that forgets processed events, stream revisions and the schedule: the plans come
    // back with the decisions already taken (no second decision), and the sent-ledger holds.
    const decided = await decisionsOf(fx.pool, id);
    const scheduled = async () =>
      (
        await fx.pool.query<{ rule: string; status: string; due_at: Date }>(
          'SELECT rule, status, due_at FROM notifier.schedule WHERE customer_id = $1 ORDER BY rule',
          [id],
        )
      ).rows;
    const planned = await scheduled();
    await fx.pool.query('TRUNCATE notifier.processed_events, notifier.stream_revisions, notifier.schedule');
    const rebuild = await startConsumer(uniqueId('rebuild'));
    await waitFor(async () => {
      const { rows } = await fx.pool.query<{ n: string | null }>(
        'SELECT max(position)::text AS n FROM notifier.processed_events',
      );
      return BigInt(rows[0]?.n ?? 0) >= head ? true : undefined;
    });
    await rebuild.runDue();
    await rebuild.stop();
    expect(email.sent.length + sms.sent.length).toBe(before);
    expect(await decisionsOf(fx.pool, id)).toEqual(decided);
    expect(planned.map((r) => r.status)).toContain('sent');
    expect(await scheduled()).toEqual(planned);
  });

  it('messages that keep failing or cannot be read go to the dead letters', async () => {
    const nc = await connect({ servers: fx.natsUrl });
    try {
      const js = nc.jetstream();
      await js.publish(`${fx.names.subjectPrefix}.events.Garbage`, new TextEncoder().encode('not json'));
      const broken = brokenOrderPlaced(BASE);
      await js.publish(
        `${fx.names.subjectPrefix}.events.OrderPlaced`,
        new TextEncoder().encode(JSON.stringify(broken)),
      );
      const rows = await waitFor(async () => {
        const { rows } = await fx.pool.query<{ event_id: string | null; deliveries: number; error: string }>(
          'SELECT event_id, deliveries, error FROM notifier.dead_letters ORDER BY id',
        );
        return rows.some((r) => r.event_id === broken.eventId) ? rows : undefined;
      });
      expect(rows[0]?.event_id).toBeNull();
      expect(rows[0]?.error).toContain('PoisonMessageError');
      // Failed three times (max_deliver), with a delayed nak in between.
      expect(rows.find((r) => r.event_id === broken.eventId)).toEqual(
        expect.objectContaining({ event_id: broken.eventId, deliveries: 3 }),
      );

      // Operators see them (GET /v1/ops/dead-letters reads this) and can retry one.
      const letters = await listNotifierDeadLetters(fx.pool);
      const letter = letters.find((l) => l.eventId === broken.eventId);
      expect(letter).toEqual(
        expect.objectContaining({
          eventType: 'OrderPlaced',
          streamId: 'order-x',
          position: '999999999',
          resolvedAt: null,
        }),
      );
      const undecodable = letters.find((l) => l.eventId === null);
      expect(await retryNotifierDeadLetter(fx.pool, undecodable?.id as number)).toEqual({
        resolved: false,
        error: 'the message cannot be decoded: nothing to apply',
      });
      // Still broken (no lines): the retry fails, says why, and the letter stays.
      const again = await retryNotifierDeadLetter(fx.pool, letter?.id as number);
      expect(again?.resolved).toBe(false);
      expect((await listNotifierDeadLetters(fx.pool)).find((l) => l.id === letter?.id)?.retryCount).toBe(1);
      expect(await retryNotifierDeadLetter(fx.pool, 987_654_321)).toBeUndefined();

      // A letter whose cause has gone (here: a good event) is applied by the retry and resolved.
      const customerId = uniqueId('c');
      const good = {
        ...broken,
        eventId: uniqueId('good'),
        streamId: `customer-${customerId}`,
        type: 'CustomerRegistered',
        data: customerData(customerId),
      };
      const inserted = await fx.pool.query<{ id: string }>(
        `INSERT INTO notifier.dead_letters (event_id, event_type, subject, payload, error, deliveries, at)
         VALUES ($1, 'CustomerRegistered', 's', $2, 'Error: was down', 3, now()) RETURNING id`,
        [good.eventId, JSON.stringify(good)],
      );
      expect(await retryNotifierDeadLetter(fx.pool, Number(inserted.rows[0]?.id))).toEqual({
        resolved: true,
      });
      const known = await fx.pool.query('SELECT 1 FROM notifier.customers WHERE customer_id = $1', [
        customerId,
      ]);
      expect(known.rowCount).toBe(1);
      expect((await listNotifierDeadLetters(fx.pool)).some((l) => l.eventId === good.eventId)).toBe(false);
    } finally {
      await nc.drain();
    }
  });
});
