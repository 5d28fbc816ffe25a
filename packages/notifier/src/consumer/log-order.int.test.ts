import { headers, connect as natsConnect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import {
  append,
  customerData,
  type Fixture,
  openFixture,
  recordingChannel,
  silentLog,
  waitFor,
} from '../../test/support';
import { ensureStream, eventSubject } from '../bus/jetstream';
import { ManualClock } from '../clock';
import { encodeEnvelope, toEnvelope } from '../envelope';
import { startNotifier } from '../notifier';
import { startRelay } from '../relay/relay';

/**
 * The bus may bring a stream's events in any order (a relay that republished after a timeout,
 * a redelivery): the notifier applies each stream in log order all the same, and its plans
 * match the final history.
 */
let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture('notifier_order');
});
afterAll(async () => {
  await fx?.close();
});

const BASE = '2026-03-02T08:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(BASE) + hours * 3_600_000).toISOString();

/** A customer and `orders` orders, each placed, shipped, delayed and delivered. */
async function history(orders: number) {
  const customerId = uniqueId('c');
  await append(fx.store, `customer-${customerId}`, 'CustomerRegistered', customerData(customerId), at(0));
  const orderIds: string[] = [];
  for (let i = 0; i < orders; i++) {
    const orderId = uniqueId('o');
    orderIds.push(orderId);
    const stream = `order-${orderId}`;
    const lines = [
      {
        lineNo: 1,
        sku: 'PH-1',
        name: 'Phone',
        category: 'phones',
        qty: 1,
        unitPrice: 10_000,
        warrantyMonths: 12,
      },
    ];
    await append(
      fx.store,
      stream,
      'OrderPlaced',
      { orderId, customerId, currency: 'EUR', lines, placedAt: at(1) },
      at(1),
    );
    const shipment = { orderId, customerId, shipmentId: 's1' };
    await append(
      fx.store,
      stream,
      'OrderShipped',
      { ...shipment, carrier: 'Post', trackingNumber: 'T', estimatedDeliveryAt: at(48), shippedAt: at(2) },
      at(2),
    );
    await append(
      fx.store,
      stream,
      'ShipmentDelayed',
      {
        ...shipment,
        previousEstimatedDeliveryAt: at(48),
        newEstimatedDeliveryAt: at(96),
        reason: 'weather',
        delayedAt: at(3),
      },
      at(3),
    );
    await append(fx.store, stream, 'OrderDelivered', { orderId, customerId, deliveredAt: at(4) }, at(4));
  }
  return { customerId, orderIds };
}

describe('the notifier applies each stream in log order', () => {
  it('whatever order JetStream brings a stream in: plans follow the final history', async () => {
    const names = fx.freshNames();
    const clock = new ManualClock(new Date(at(5)));
    const { customerId, orderIds } = await history(8);
    const events = await fx.store.readAll();

    // Publish every stream's events newest first (the worst a republishing relay could do).
    const nc = await natsConnect({ servers: fx.natsUrl });
    try {
      await ensureStream(await nc.jetstreamManager(), names);
      const js = nc.jetstream();
      const mine = events.filter(
        (e) => e.streamId === `customer-${customerId}` || orderIds.some((id) => e.streamId === `order-${id}`),
      );
      for (const event of [...mine].reverse()) {
        const h = headers();
        h.set('Nats-Msg-Id', event.metadata.eventId);
        await js.publish(eventSubject(names, event.type), encodeEnvelope(toEnvelope(event)), { headers: h });
      }
    } finally {
      await nc.close();
    }

    const email = recordingChannel('email');
    const notifier = await startNotifier({
      store: fx.store,
      pool: fx.pool,
      log: silentLog,
      natsUrl: fx.natsUrl,
      names,
      durable: uniqueId('d').replace(/[^a-z0-9]/gi, ''),
      clock,
      channels: { email, sms: recordingChannel('sms') },
      dispatcher: { manual: true },
      consumer: { backoffMs: [500, 1_000] },
    });
    try {
      await waitFor(async () => {
        const { rows } = await fx.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM notifier.orders WHERE order_id = ANY($1) AND status = 'delivered'",
          [orderIds],
        );
        return rows[0]?.n === orderIds.length ? true : undefined;
      });
      const { rows } = await fx.pool.query<{ rule: string; status: string; n: number }>(
        `SELECT rule, status, count(*)::int AS n FROM notifier.schedule WHERE customer_id = $1
          GROUP BY rule, status ORDER BY rule, status`,
        [customerId],
      );
      const count = (rule: string, status: string) =>
        rows.find((r) => r.rule === rule && r.status === status)?.n ?? 0;
      // Every delivered phone has its warranty reminder planned (it needs the order's lines).
      expect(count('warranty-expiring', 'pending')).toBe(orderIds.length);
      // No "your delivery is overdue" waits for an order already delivered.
      expect(count('delivery-overdue', 'pending')).toBe(0);
      // Each stream's revisions were applied, all of them, once.
      const revisions = await fx.pool.query<{ revision: string }>(
        'SELECT revision::text FROM notifier.stream_revisions WHERE stream_id = ANY($1)',
        [orderIds.map((id) => `order-${id}`)],
      );
      expect(revisions.rows.map((r) => r.revision)).toEqual(orderIds.map(() => '3'));
      await notifier.runDue();
      expect(email.sent.filter((m) => m.rule === 'delivery-overdue')).toEqual([]);
    } finally {
      await notifier.stop();
    }
  });

  it('a plan whose cancel reached the notifier first (another stream) is stored as cancelled', async () => {
    const names = fx.freshNames();
    const clock = new ManualClock(new Date(at(5)));
    const { customerId, orderIds } = await history(1);
    const orderId = orderIds[0] as string;
    // Feedback on the delivered order: it cancels the feedback request the delivery plans.
    await append(
      fx.store,
      `feedback-order-${orderId}`,
      'FeedbackSubmitted',
      {
        feedbackId: uniqueId('f'),
        customerId,
        subject: { type: 'order', id: orderId },
        csat: 5,
        submittedAt: at(4.5),
      },
      at(4.5),
    );
    const events = (await fx.store.readAll()).filter(
      (e) =>
        e.streamId === `customer-${customerId}` ||
        e.streamId === `order-${orderId}` ||
        (e.type === 'FeedbackSubmitted' && (e.data as { customerId: string }).customerId === customerId),
    );
    const nc = await natsConnect({ servers: fx.natsUrl });
    try {
      await ensureStream(await nc.jetstreamManager(), names);
      const js = nc.jetstream();
      // The feedback first, then the customer and the order in log order.
      const feedback = events.filter((e) => e.type === 'FeedbackSubmitted');
      for (const event of [...feedback, ...events.filter((e) => e.type !== 'FeedbackSubmitted')]) {
        await js.publish(eventSubject(names, event.type), encodeEnvelope(toEnvelope(event)));
      }
    } finally {
      await nc.close();
    }
    const notifier = await startNotifier({
      store: fx.store,
      pool: fx.pool,
      log: silentLog,
      natsUrl: fx.natsUrl,
      names,
      durable: uniqueId('d').replace(/[^a-z0-9]/gi, ''),
      clock,
      channels: { email: recordingChannel('email'), sms: recordingChannel('sms') },
      dispatcher: { manual: true },
      // One lane: the feedback is applied before the order's events, as the bus brought them.
      consumer: { backoffMs: [500, 1_000], lanes: 1 },
    });
    try {
      const rows = await waitFor(async () => {
        const { rows } = await fx.pool.query<{ status: string }>(
          "SELECT status FROM notifier.schedule WHERE customer_id = $1 AND rule = 'feedback-request'",
          [customerId],
        );
        return rows.length > 0 ? rows : undefined;
      });
      expect(rows.map((r) => r.status)).toEqual(['cancelled']);
    } finally {
      await notifier.stop();
    }
  });

  it('a replay from position 0 keeps the schedule and every decision as they were', async () => {
    const names = fx.freshNames();
    const clock = new ManualClock(new Date(at(3.5)));
    // Shipped and delayed, not delivered: an overdue reminder waits for the new estimate.
    const customerId = uniqueId('c');
    await append(fx.store, `customer-${customerId}`, 'CustomerRegistered', customerData(customerId), at(0));
    const orderId = uniqueId('o');
    const shipment = { orderId, customerId, shipmentId: 's1' };
    await append(
      fx.store,
      `order-${orderId}`,
      'OrderShipped',
      { ...shipment, carrier: 'Post', trackingNumber: 'T', estimatedDeliveryAt: at(48), shippedAt: at(2) },
      at(2),
    );
    await append(
      fx.store,
      `order-${orderId}`,
      'ShipmentDelayed',
      {
        ...shipment,
        previousEstimatedDeliveryAt: at(48),
        newEstimatedDeliveryAt: at(96),
        reason: 'x',
        delayedAt: at(3),
      },
      at(3),
    );
    const run = async (relayName: string) => {
      const relay = await startRelay({
        store: fx.store,
        pool: fx.pool,
        log: silentLog,
        natsUrl: fx.natsUrl,
        names,
        name: relayName,
      });
      const notifier = await startNotifier({
        store: fx.store,
        pool: fx.pool,
        log: silentLog,
        natsUrl: fx.natsUrl,
        names,
        durable: relayName,
        clock,
        channels: { email: recordingChannel('email'), sms: recordingChannel('sms') },
        dispatcher: { manual: true },
      });
      await relay.waitFor(await fx.store.headPosition());
      await waitFor(async () => {
        const { rows } = await fx.pool.query<{ revision: string }>(
          'SELECT revision::text FROM notifier.stream_revisions WHERE stream_id = $1',
          [`order-${orderId}`],
        );
        return rows[0]?.revision === '1' ? true : undefined;
      });
      await notifier.runDue();
      await notifier.stop();
      await relay.stop();
    };
    const state = async () => ({
      schedule: (
        await fx.pool.query(
          'SELECT rule, subject_key, status, due_at FROM notifier.schedule WHERE customer_id = $1 ORDER BY rule, subject_key',
          [customerId],
        )
      ).rows,
      decisions: await fx.pool
        .query(
          'SELECT decision, reason, rule, subject_key FROM notifier.decisions WHERE customer_id = $1 ORDER BY id',
          [customerId],
        )
        .then((r) => r.rows),
    });
    await run('first');
    const before = await state();
    expect(before.schedule).toContainEqual(
      expect.objectContaining({ rule: 'delivery-overdue', status: 'pending' }),
    );

    // Forget what was processed and replay everything (a fresh relay from 0, a fresh consumer).
    await fx.pool.query('TRUNCATE notifier.processed_events, notifier.stream_revisions');
    await run('again');
    expect(await state()).toEqual(before);

    // Forget the schedule too: the plans come back with the decisions already taken.
    await fx.pool.query('TRUNCATE notifier.processed_events, notifier.stream_revisions, notifier.schedule');
    await run('third');
    expect(await state()).toEqual(before);
  });
});
