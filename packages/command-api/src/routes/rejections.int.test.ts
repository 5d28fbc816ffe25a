import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

/** Every route's refusals: an unknown subject is 404, a step out of order is 409; nothing is appended. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date('2026-03-10T12:00:00.000Z') });
});
afterAll(async () => h?.close());

const post = (url: string, payload: object, method: 'POST' | 'PUT' | 'PATCH' = 'POST') =>
  h.send({ method, url, payload });
const money = { amount: 100, currency: 'EUR' };

const onUnknown: readonly [string, 'POST' | 'PUT' | 'PATCH', object, string][] = [
  ['/v1/customers/:id', 'PATCH', { name: 'X' }, 'customer-not-found'],
  ['/v1/customers/:id/consents', 'PUT', { consents: registerBody('x').consents }, 'customer-not-found'],
  [
    '/v1/orders/:id/shipments',
    'POST',
    { shipmentId: 's', carrier: 'c', trackingNumber: 't', estimatedDeliveryAt: '2026-04-01T00:00:00Z' },
    'order-not-found',
  ],
  [
    '/v1/orders/:id/delays',
    'POST',
    { newEstimatedDeliveryAt: '2026-04-01T00:00:00Z', reason: 'r' },
    'order-not-found',
  ],
  ['/v1/orders/:id/delivery', 'POST', {}, 'order-not-found'],
  ['/v1/orders/:id/cancellation', 'POST', { reason: 'r' }, 'order-not-found'],
  ['/v1/returns/:id/approval', 'POST', {}, 'return-not-found'],
  ['/v1/returns/:id/rejection', 'POST', { reason: 'r' }, 'return-not-found'],
  [
    '/v1/returns/:id/receipt',
    'POST',
    { items: [{ lineNo: 1, qty: 1, condition: 'new' }] },
    'return-not-found',
  ],
  ['/v1/returns/:id/refund', 'POST', { amount: money }, 'return-not-found'],
  ['/v1/returns/:id/exchange', 'POST', {}, 'return-not-found'],
  ['/v1/returns/:id/store-credit', 'POST', { amount: money }, 'return-not-found'],
  ['/v1/repairs/:id/quote', 'POST', { amount: money }, 'repair-not-found'],
  ['/v1/repairs/:id/quote-acceptance', 'POST', {}, 'repair-not-found'],
  ['/v1/repairs/:id/quote-decline', 'POST', {}, 'repair-not-found'],
  ['/v1/repairs/:id/completion', 'POST', { outcome: 'repaired' }, 'repair-not-found'],
  ['/v1/repairs/:id/cancellation', 'POST', { reason: 'r' }, 'repair-not-found'],
];

describe('unknown subjects', () => {
  it.each(onUnknown)('%s (%s) → 404 %s', async (route, method, payload, code) => {
    const before = await h.store.headPosition();
    const res = await post(route.replace(':id', ids().orderId), payload, method);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code });
    expect(await h.store.headPosition()).toBe(before);
  });

  it.each(['/v1/customers/:id', '/v1/orders/:id', '/v1/returns/:id', '/v1/repairs/:id', '/v1/streams/:id'])(
    'GET %s → 404',
    async (route) => {
      const res = await h.send({
        method: 'GET',
        url: route.replace(':id', ids().orderId),
        key: h.keys.reader,
      });
      expect(res.json()).toMatchObject({ status: 404, code: expect.stringMatching(/-not-found$/) });
    },
  );

  it('reads an empty ledger for a registered customer without points, not a 404', async () => {
    const { customerId } = ids();
    await h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(customerId) });
    const res = await h.send({ method: 'GET', url: `/v1/loyalty/${customerId}`, key: h.keys.reader });
    expect(res.json()).toMatchObject({ revision: -1, available: 0, pending: 0, tier: 'bronze' });
  });
});

describe('steps out of order', () => {
  it('refuses return and repair steps their state does not allow, with 409 and nothing appended', async () => {
    const id = ids();
    await post('/v1/customers', registerBody(id.customerId));
    await post('/v1/orders', placeBody(id.orderId, id.customerId, '2026-03-01T10:00:00Z'));
    const early = await post('/v1/returns', {
      returnId: id.returnId,
      orderId: id.orderId,
      items: [{ lineNo: 1, qty: 1, reason: 'other' }],
      resolution: 'refund',
    });
    expect(early.json()).toMatchObject({ status: 409, code: 'order-not-delivered' });
    const earlyRepair = await post('/v1/repairs', {
      repairId: id.repairId,
      orderId: id.orderId,
      lineNo: 1,
      issue: 'x',
    });
    expect(earlyRepair.json()).toMatchObject({ status: 409, code: 'order-not-delivered' });
    await post(`/v1/orders/${id.orderId}/shipments`, {
      shipmentId: 's',
      carrier: 'c',
      trackingNumber: 't',
      estimatedDeliveryAt: '2026-03-06T00:00:00Z',
      occurredAt: '2026-03-02T00:00:00Z',
    });
    await post(`/v1/orders/${id.orderId}/delivery`, { occurredAt: '2026-03-05T00:00:00Z' });
    await post('/v1/returns', {
      returnId: id.returnId,
      orderId: id.orderId,
      items: [{ lineNo: 1, qty: 1, reason: 'other' }],
      resolution: 'refund',
    });
    await post('/v1/repairs', { repairId: id.repairId, orderId: id.orderId, lineNo: 2, issue: 'x' });

    const before = await h.store.headPosition();
    const refusals: [string, object][] = [
      [`/v1/returns/${id.returnId}/receipt`, { items: [{ lineNo: 1, qty: 1, condition: 'new' }] }],
      [`/v1/returns/${id.returnId}/refund`, { amount: money }],
      [`/v1/returns/${id.returnId}/exchange`, {}],
      [`/v1/returns/${id.returnId}/store-credit`, { amount: money }],
      [`/v1/repairs/${id.repairId}/quote-acceptance`, {}],
      [`/v1/repairs/${id.repairId}/quote-decline`, {}],
      [`/v1/repairs/${id.repairId}/completion`, { outcome: 'repaired' }],
    ];
    for (const [url, payload] of refusals) {
      const res = await post(url, payload);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().code, url).toEqual(expect.any(String));
    }
    await post(`/v1/repairs/${id.repairId}/cancellation`, { reason: 'withdrawn' });
    const cancelledTwice = await post(`/v1/repairs/${id.repairId}/cancellation`, { reason: 'again' });
    expect(cancelledTwice.json()).toMatchObject({ status: 409, code: 'repair-cancelled' });
    const readBefore = await h.store.readStream(`repair-${id.repairId}`);
    expect(readBefore.map((e) => e.type)).toEqual(['RepairRequested', 'RepairCancelled']);
    expect(await h.store.readStream(`return-${id.returnId}`)).toHaveLength(1);
    expect(before).toBeLessThan(await h.store.headPosition());
  });
});
