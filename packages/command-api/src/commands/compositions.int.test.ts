import { defaultRulesTimeline, orderDecider, returnDecider } from '@aftersales/domain';
import { causedEventId, handleCommand } from '@aftersales/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

/**
 * Cross-stream commands when a process died half-way: the first step is recorded, the rest is
 * not. A retry of the same request must complete the work, never duplicate it.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date('2026-03-10T12:00:00.000Z') });
});
afterAll(async () => h?.close());

const post = (url: string, payload: object) => h.send({ method: 'POST', url, payload });
const options = (now: string) => ({
  context: { now, rules: defaultRulesTimeline },
  metadata: { occurredAt: now, actor: 'crashed-process' },
});
const typesOf = async (stream: string) => (await h.store.readStream(stream)).map((e) => e.type);

async function shippedOrder() {
  const id = ids();
  await post('/v1/customers', registerBody(id.customerId));
  await post('/v1/orders', placeBody(id.orderId, id.customerId, '2026-03-01T10:00:00Z'));
  await post(`/v1/orders/${id.orderId}/shipments`, {
    shipmentId: id.shipmentId,
    carrier: 'DHL',
    trackingNumber: 'T',
    estimatedDeliveryAt: '2026-03-06T00:00:00Z',
    occurredAt: '2026-03-02T00:00:00Z',
  });
  return id;
}

describe('a retry after a crash', () => {
  it('completes a return request whose reservation was recorded but not the request', async () => {
    const id = await shippedOrder();
    await post(`/v1/orders/${id.orderId}/delivery`, { occurredAt: '2026-03-05T00:00:00Z' });
    const items = [{ lineNo: 2, qty: 1 }];
    await handleCommand(
      h.store,
      `order-${id.orderId}`,
      orderDecider,
      { type: 'ReserveReturnQuantity', data: { orderId: id.orderId, returnId: id.returnId, items } },
      options('2026-03-10T12:00:00.000Z'),
    );
    const retry = await post('/v1/returns', {
      returnId: id.returnId,
      orderId: id.orderId,
      items: [{ lineNo: 2, qty: 1, reason: 'damaged', reasonText: 'chipped' }],
      resolution: 'refund',
    });
    expect(retry.statusCode).toBe(201);
    expect((await typesOf(`order-${id.orderId}`)).filter((t) => t === 'ReturnQuantityReserved')).toHaveLength(
      1,
    );
    expect(await typesOf(`return-${id.returnId}`)).toEqual(['ReturnRequested']);
  });

  it('earns the points of a delivery recorded without its loyalty follow-up, once', async () => {
    const id = await shippedOrder();
    const delivered = await handleCommand(
      h.store,
      `order-${id.orderId}`,
      orderDecider,
      { type: 'DeliverOrder', data: { orderId: id.orderId } },
      options('2026-03-05T00:00:00.000Z'),
    );
    expect(await typesOf(`loyalty-${id.customerId}`)).toEqual([]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const retry = await post(`/v1/orders/${id.orderId}/delivery`, { occurredAt: '2026-03-05T00:00:00Z' });
      expect(retry.json()).toMatchObject({ status: 409, code: 'order-already-delivered' });
    }
    const ledger = await h.store.readStream(`loyalty-${id.customerId}`);
    const earned = ledger.filter((e) => e.type === 'PointsEarned');
    expect(earned).toHaveLength(1);
    const sourceId = delivered.newEvents[0]?.metadata.eventId ?? '';
    expect(earned[0]?.metadata).toMatchObject({ eventId: causedEventId(sourceId, 0), causationId: sourceId });
  });

  it('releases the reservation of a return rejected without its release', async () => {
    const id = await shippedOrder();
    await post(`/v1/orders/${id.orderId}/delivery`, { occurredAt: '2026-03-05T00:00:00Z' });
    await post('/v1/returns', {
      returnId: id.returnId,
      orderId: id.orderId,
      items: [{ lineNo: 2, qty: 2, reason: 'other' }],
      resolution: 'refund',
    });
    await handleCommand(
      h.store,
      `return-${id.returnId}`,
      returnDecider,
      { type: 'RejectReturn', data: { returnId: id.returnId, reason: 'used' } },
      options('2026-03-10T12:00:00.000Z'),
    );
    const retry = await post(`/v1/returns/${id.returnId}/rejection`, { reason: 'used' });
    expect(retry.statusCode).toBe(409);
    expect(await typesOf(`order-${id.orderId}`)).toContain('ReturnQuantityReleased');
    // The units are free again.
    const again = await post('/v1/returns', {
      returnId: ids().returnId,
      orderId: id.orderId,
      items: [{ lineNo: 2, qty: 2, reason: 'other' }],
      resolution: 'refund',
    });
    expect(again.statusCode).toBe(201);
  });
});

describe('a delivery', () => {
  it('is recorded with its points in one transaction, all or none', async () => {
    const id = await shippedOrder();
    const delivered = await post(`/v1/orders/${id.orderId}/delivery`, { occurredAt: '2026-03-05T00:00:00Z' });
    expect(delivered.statusCode).toBe(200);
    const order = (await h.store.readStream(`order-${id.orderId}`)).find((e) => e.type === 'OrderDelivered');
    const [earned] = await h.store.readStream(`loyalty-${id.customerId}`);
    expect(earned?.type).toBe('PointsEarned');
    expect(delivered.json().related).toMatchObject([{ stream: `loyalty-${id.customerId}`, revision: 0 }]);
    // A position is its transaction's id shifted left by 20 bits plus its index in that transaction.
    expect(h.store.kind).toBe('postgres');
    expect((earned?.position ?? 0n) >> 20n).toBe((order?.position ?? 1n) >> 20n);
  });

  it('sent 6 times at once is recorded once, with its points once', async () => {
    const id = await shippedOrder();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(`/v1/orders/${id.orderId}/delivery`, { occurredAt: '2026-03-05T00:00:00Z' }),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    expect((await typesOf(`order-${id.orderId}`)).filter((t) => t === 'OrderDelivered')).toHaveLength(1);
    expect(await typesOf(`loyalty-${id.customerId}`)).toEqual(['PointsEarned']);
  });
});
