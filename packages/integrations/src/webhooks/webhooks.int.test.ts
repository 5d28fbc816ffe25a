import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, until } from '../../test/receiver';
import { type Fixture, nth, openFixture, orderHistory, silentLog } from '../../test/support';
import { listWebhookDeadLetters, redeliverWebhookDeadLetter } from './dead-letters';
import { type DispatcherHandle, startWebhookDispatcher } from './dispatcher';
import { WebhookSubscriptions } from './subscriptions';

const H = 3_600_000;
/** The receivers listen on 127.0.0.1: private targets allowed, as WEBHOOK_ALLOW_PRIVATE_TARGETS=true does. */
const local = { allowPrivate: true };
let fx: Fixture;
let subscriptions: WebhookSubscriptions;
/** The dispatcher's clock: the wall clock plus what a test moves it on by. */
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
let dispatcher: DispatcherHandle;

const ORDER_TYPES = ['order.placed', 'order.shipped', 'order.delivered'].map((t) => `aftersales.${t}.v1`);
const RETURN_TYPES = ['aftersales.return.requested.v1', 'aftersales.return.approved.v1'];

beforeAll(async () => {
  fx = await openFixture('integrations_webhooks');
  subscriptions = new WebhookSubscriptions(fx.pool, fx.store, now, { targets: local });
  dispatcher = await startWebhookDispatcher({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    now,
    pollMs: 25,
    targets: local,
  });
});
afterAll(async () => {
  await dispatcher?.stop();
  await fx?.close();
});

/** Moves the dispatcher's clock on to the subscription's next attempt; returns how far. */
async function advanceToNextAttempt(id: string): Promise<number> {
  const next = (await subscriptions.get(id)).failing?.nextAttemptAt;
  if (!next) throw new Error(`${id} has no retry due`);
  const step = Math.max(0, new Date(next).getTime() - now().getTime()) + 1;
  offsetMs += step;
  return step;
}

async function subscribe(id: string, url: string, eventTypes: string[]) {
  return subscriptions.create({ id, url, eventTypes }, 'test');
}

describe('webhooks', () => {
  it('delivers signed CloudEvents in log order, verified with the standardwebhooks library', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret);
    const created = await subscribe('warehouse', receiver.url, [...ORDER_TYPES, ...RETURN_TYPES]);
    secret = created.secret;
    expect(secret).toMatch(/^whsec_/);
    const facts = [...(await orderHistory(fx.store, 1)), ...(await orderHistory(fx.store, 2))];
    await until(() => receiver.accepted.length >= facts.length, 'ten deliveries');
    expect(receiver.accepted.map((r) => r.event.id)).toEqual(facts.map((f) => f.eventId));
    expect(receiver.accepted.map((r) => r.webhookId)).toEqual(
      receiver.accepted.map((r) => `${r.event.type}:${r.event.id}`),
    );
    expect(receiver.badSignatures()).toBe(0);
    // Another secret does not verify: the signature is real.
    const other = new Webhook(`whsec_${Buffer.from('another secret of 24 b').toString('base64')}`);
    expect(() => other.verify(JSON.stringify(receiver.accepted[0]?.event), { 'webhook-id': 'x' })).toThrow();
    // The delivery log, newest first, once the batch is written (deliveries and the position together).
    const last = String(nth(facts, -1).position);
    await until(async () => (await subscriptions.get('warehouse')).position === last, 'the position written');
    const log = await subscriptions.deliveries('warehouse', { limit: 3 });
    expect(log.deliveries.map((d) => d.eventId)).toEqual(
      facts
        .slice(-3)
        .map((f) => f.eventId)
        .reverse(),
    );
    expect(
      log.deliveries.every((d) => d.outcome === 'delivered' && d.status === 204 && d.attempt === 1),
    ).toBe(true);
    expect(log.nextBefore).not.toBeNull();
    // Only the types asked for: a subscription to returns gets the returns alone.
    const returnsOnly = await startReceiver(() => returnsSecret);
    const returnsSecret = (await subscribe('erp', returnsOnly.url, RETURN_TYPES)).secret;
    const third = await orderHistory(fx.store, 3);
    await until(() => returnsOnly.accepted.length >= 2, 'the returns');
    expect(returnsOnly.accepted.map((r) => r.event.id)).toEqual(third.slice(3).map((f) => f.eventId));
    await until(() => receiver.accepted.length >= 15, 'the third order');
    await subscriptions.remove('warehouse');
    await subscriptions.remove('erp');
    await receiver.close();
    await returnsOnly.close();
  });

  it('a subscriber down for an hour gets everything afterwards, in order, once each', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret);
    receiver.setRefuse(() => true);
    secret = (await subscribe('crm-outage', receiver.url, [...ORDER_TYPES, ...RETURN_TYPES])).secret;
    const facts = await orderHistory(fx.store, 10);
    // An hour of refusals: the clock moves on to each retry as it falls due (5 s, 30 s, 2 min,
    // 10 min, 30 min after the failures before), and each is refused.
    const failedAttempts = async () =>
      (await subscriptions.deliveries('crm-outage')).deliveries.filter((d) => d.outcome === 'failed').length;
    await until(async () => (await failedAttempts()) >= 1, 'a first failed attempt');
    facts.push(...(await orderHistory(fx.store, 11)));
    let down = 0;
    while (down < H) {
      const before = await failedAttempts();
      down += await advanceToNextAttempt('crm-outage');
      await until(async () => (await failedAttempts()) > before, 'the next retry');
    }
    const state = await subscriptions.get('crm-outage');
    expect(state.failing).toMatchObject({
      webhookId: `aftersales.order.placed.v1:${facts[0]?.eventId}`,
      attempts: await failedAttempts(),
    });
    expect(receiver.accepted).toEqual([]);
    expect(await listWebhookDeadLetters(fx.pool)).toEqual([]);
    // Back up; the clock moves on to the next retry.
    receiver.setRefuse(() => false);
    await advanceToNextAttempt('crm-outage');
    await until(() => receiver.accepted.length >= facts.length, 'everything after the outage');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.accepted.map((r) => r.event.id)).toEqual(facts.map((f) => f.eventId));
    expect((await subscriptions.get('crm-outage')).failing).toBeNull();
    await subscriptions.remove('crm-outage');
    await receiver.close();
  });

  it('dead-letters an event refused for 24 hours, goes on, and an operator redelivers it', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret);
    const facts = await orderHistory(fx.store, 20);
    const poisoned = facts[1]?.eventId;
    receiver.setRefuse((event) => event.id === poisoned);
    secret = (
      await subscriptions.create(
        {
          id: 'carrier',
          url: receiver.url,
          eventTypes: ORDER_TYPES,
          fromPosition: String(nth(facts, 0).position - 1n),
        },
        'test',
      )
    ).secret;
    await until(async () => (await subscriptions.get('carrier')).failing !== null, 'the refused shipment');
    // Move the clock on from retry to retry until the retry period is over.
    const attempts = async () =>
      (await subscriptions.deliveries('carrier')).deliveries.filter((d) => d.outcome !== 'delivered').length;
    while ((await listWebhookDeadLetters(fx.pool)).length === 0) {
      const before = await attempts();
      await advanceToNextAttempt('carrier');
      await until(async () => (await attempts()) > before, 'the next retry');
    }
    // The last attempt was made at the end of the 24 hours, by the dispatcher's clock.
    const tries = (await subscriptions.deliveries('carrier')).deliveries.filter(
      (d) => d.eventId === poisoned,
    );
    const span = Date.parse(nth(tries, 0).at) - Date.parse(nth(tries, -1).at);
    expect(nth(tries, 0).outcome).toBe('dead-lettered');
    expect(span).toBeGreaterThanOrEqual(24 * H);
    expect(span).toBeLessThan(24 * H + 60_000);
    expect(receiver.refusedCount()).toBe(12);
    const [letter, ...others] = await listWebhookDeadLetters(fx.pool);
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      subscriptionId: 'carrier',
      eventId: poisoned,
      eventType: 'aftersales.order.shipped.v1',
    });
    // Delivery went on past it.
    await until(() => receiver.accepted.length >= 2, 'the delivery after the dead letter');
    expect(receiver.accepted.map((r) => r.event.id)).toEqual([facts[0]?.eventId, facts[2]?.eventId]);
    // The operator redelivers once the subscriber is fixed.
    const letterId = letter?.id ?? 0;
    expect(await redeliverWebhookDeadLetter(fx.pool, fx.store, letterId, { targets: local })).toMatchObject({
      resolved: false,
      status: 503,
    });
    receiver.setRefuse(() => false);
    expect(await redeliverWebhookDeadLetter(fx.pool, fx.store, letterId, { targets: local })).toEqual({
      resolved: true,
      status: 204,
    });
    expect(receiver.accepted.map((r) => r.event.id)).toEqual(
      [facts[0], facts[2], facts[1]].map((f) => f?.eventId),
    );
    expect(await listWebhookDeadLetters(fx.pool)).toEqual([]);
    await subscriptions.remove('carrier');
    await receiver.close();
  });

  it('replays from a position and from an instant', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret);
    const before = await orderHistory(fx.store, 30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const mark = new Date();
    const after = await orderHistory(fx.store, 31);
    secret = (await subscribe('bi-feed', receiver.url, RETURN_TYPES)).secret;
    // Created at the head: nothing old is sent.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.accepted).toEqual([]);
    await subscriptions.replay('bi-feed', { from: mark.toISOString() });
    await until(() => receiver.accepted.length >= 2, 'the replay from the instant');
    expect(receiver.accepted.map((r) => r.event.id)).toEqual(after.slice(3).map((f) => f.eventId));
    await subscriptions.replay('bi-feed', { fromPosition: String(nth(before, 0).position) });
    await until(() => receiver.accepted.length >= 6, 'the replay from the position');
    expect(receiver.accepted.slice(2).map((r) => r.event.id)).toEqual(
      [...before.slice(3), ...after.slice(3)].map((f) => f.eventId),
    );
    await expect(subscriptions.replay('bi-feed', { from: 'yesterday' })).rejects.toMatchObject({
      code: 'bad-instant',
    });
    await expect(subscriptions.replay('nobody', { fromPosition: '0' })).rejects.toMatchObject({
      code: 'subscription-not-found',
    });
    await subscriptions.remove('bi-feed');
    await receiver.close();
  });

  it('a second dispatcher stands by while the first delivers, so nothing goes out twice at once', async () => {
    const second = await startWebhookDispatcher({
      store: fx.store,
      pool: fx.pool,
      log: silentLog,
      now,
      pollMs: 25,
      targets: local,
    });
    try {
      await until(
        () => second.status().lastRoundAt > Date.now() - 1_000 && !second.status().failing,
        'a round',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect([dispatcher.status().role, second.status().role]).toEqual(['active', 'standby']);
    } finally {
      await second.stop();
    }
  });

  it('refuses bad subscriptions with a clear code and stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: 'a', url: 'ftp://x', eventTypes: ORDER_TYPES }, 'bad-webhook-url'],
      [{ id: 'a', url: 'https://u:p@x.example/', eventTypes: ORDER_TYPES }, 'bad-webhook-url'],
      [{ id: 'a', url: 'https://x.example/', eventTypes: [] }, 'bad-event-types'],
      [{ id: 'a', url: 'https://x.example/', eventTypes: ['OrderPlaced'] }, 'unknown-event-type'],
      [{ id: 'a b', url: 'https://x.example/', eventTypes: ORDER_TYPES }, 'bad-subscription-id'],
      [{ id: 'a', url: 'https://x.example/', eventTypes: ORDER_TYPES, fromPosition: '-1' }, 'bad-position'],
    ];
    for (const [input, code] of cases) {
      await expect(subscriptions.create(input as never, 'test')).rejects.toMatchObject({ code });
    }
    expect((await subscriptions.list()).map((s) => s.id)).toEqual([]);
    await subscriptions.create({ id: 'dup', url: 'https://x.example/', eventTypes: ORDER_TYPES }, 'test');
    await expect(
      subscriptions.create({ id: 'dup', url: 'https://y.example/', eventTypes: ORDER_TYPES }, 'test'),
    ).rejects.toMatchObject({ code: 'subscription-exists' });
    await subscriptions.remove('dup');
  });
});
