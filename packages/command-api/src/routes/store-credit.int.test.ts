import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';
import { buildApp } from '../app';
import { ApiMetrics } from '../observability/metrics';

let clock = new Date('2026-04-01T12:00:00.000Z');
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => clock });
});
afterAll(async () => h?.close());

const post = (url: string, payload: object) => h.send({ method: 'POST', url, payload });
const ledger = async (customerId: string, asOf?: string) => {
  const res = await h.send({
    method: 'GET',
    url: `/v1/store-credit/${customerId}${asOf ? `?asOf=${asOf}` : ''}`,
    key: h.keys.reader,
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { balances: { currency: string; amount: number }[]; movements: unknown[] };
};

/** The fixtures' order (kettle 49.99 EUR, two mugs at 8.99), delivered on 5 March. */
async function deliveredOrder(customerId: string, orderId: string) {
  expect(
    (await post('/v1/orders', placeBody(orderId, customerId, '2026-03-01T10:00:00.000Z'))).statusCode,
  ).toBe(201);
  expect(
    (
      await post(`/v1/orders/${orderId}/shipments`, {
        shipmentId: ids().shipmentId,
        carrier: 'DHL',
        trackingNumber: 'JD0146000031',
        estimatedDeliveryAt: '2026-03-06T18:00:00.000Z',
        occurredAt: '2026-03-02T09:00:00.000Z',
      })
    ).statusCode,
  ).toBe(200);
  expect(
    (await post(`/v1/orders/${orderId}/delivery`, { occurredAt: '2026-03-05T14:30:00.000Z' })).statusCode,
  ).toBe(200);
}

/** A return of `lineNo` × `qty` settled as `amount` of store credit at `creditedAt`. */
async function creditedReturn(
  orderId: string,
  lineNo: number,
  qty: number,
  amount: number,
  creditedAt: string,
) {
  const { returnId } = ids();
  const requested = await post('/v1/returns', {
    returnId,
    orderId,
    items: [{ lineNo, qty, reason: 'damaged', reasonText: 'cracked in the box' }],
    resolution: 'store-credit',
    occurredAt: '2026-03-10T09:00:00.000Z',
  });
  expect(requested.statusCode).toBe(201);
  expect(
    (await post(`/v1/returns/${returnId}/approval`, { occurredAt: '2026-03-11T09:00:00.000Z' })).statusCode,
  ).toBe(200);
  const receipt = { items: [{ lineNo, qty, condition: 'damaged' }], occurredAt: '2026-03-14T09:00:00.000Z' };
  expect((await post(`/v1/returns/${returnId}/receipt`, receipt)).statusCode).toBe(200);
  const credited = await post(`/v1/returns/${returnId}/store-credit`, {
    amount: { amount, currency: 'EUR' },
    occurredAt: creditedAt,
  });
  expect(credited.statusCode).toBe(200);
  return returnId;
}

describe('store credit', () => {
  it('is a ledger: issued by a return, spent against an order, its balance as of any instant, never below zero', async () => {
    const { customerId, orderId } = ids();
    expect((await post('/v1/customers', registerBody(customerId))).statusCode).toBe(201);
    await deliveredOrder(customerId, orderId);
    // The two mugs (2 × 8.99 EUR) come back as 17.98 EUR of credit on 15 March.
    const returnId = await creditedReturn(orderId, 2, 2, 17_98, '2026-03-15T10:00:00.000Z');

    const nextOrder = ids().orderId;
    expect(
      (await post('/v1/orders', placeBody(nextOrder, customerId, '2026-03-20T08:00:00.000Z'))).statusCode,
    ).toBe(201);
    const spend = (spendingId: string, amount: number, order = nextOrder) =>
      post(`/v1/store-credit/${customerId}/spending`, {
        spendingId,
        orderId: order,
        amount: { amount, currency: 'EUR' },
        occurredAt: '2026-03-20T08:05:00.000Z',
      });
    expect((await spend('spd-1', 10_00)).statusCode).toBe(200);
    // A retry of the same spending spends once.
    expect((await spend('spd-1', 10_00)).statusCode).toBe(200);
    // 17.98 − 10.00 = 7.98 left: 8.00 is refused and changes nothing.
    const tooMuch = await spend('spd-2', 8_00);
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json()).toMatchObject({ code: 'insufficient-store-credit', details: { available: 7_98 } });

    // Another customer's order cannot be paid with it.
    const other = ids();
    expect((await post('/v1/customers', registerBody(other.customerId))).statusCode).toBe(201);
    expect(
      (await post('/v1/orders', placeBody(other.orderId, other.customerId, '2026-03-20T08:00:00.000Z')))
        .statusCode,
    ).toBe(201);
    const foreign = await spend('spd-3', 1_00, other.orderId);
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json()).toMatchObject({ code: 'order-of-another-customer' });

    expect((await ledger(customerId, '2026-03-15T09:59:59Z')).balances).toEqual([]);
    expect((await ledger(customerId, '2026-03-15T10:00:00Z')).balances).toEqual([
      { currency: 'EUR', amount: 17_98 },
    ]);
    const now = await ledger(customerId);
    expect(now.balances).toEqual([{ currency: 'EUR', amount: 7_98 }]);
    expect(now.movements).toEqual([
      {
        kind: 'issued',
        reference: returnId,
        orderId,
        amount: { amount: 17_98, currency: 'EUR' },
        at: '2026-03-15T10:00:00.000Z',
      },
      {
        kind: 'spent',
        reference: 'spd-1',
        orderId: nextOrder,
        amount: { amount: 10_00, currency: 'EUR' },
        at: '2026-03-20T08:05:00.000Z',
      },
    ]);
  });

  it('holds under 50 concurrent spends from two API processes: exactly the credit is spent, never more', async () => {
    const { customerId, orderId } = ids();
    expect((await post('/v1/customers', registerBody(customerId))).statusCode).toBe(201);
    await deliveredOrder(customerId, orderId);
    // The kettle (49.99 EUR) comes back as 49.99 EUR of credit.
    await creditedReturn(orderId, 1, 1, 49_99, '2026-03-15T10:00:00.000Z');
    const nextOrder = ids().orderId;
    expect(
      (await post('/v1/orders', placeBody(nextOrder, customerId, '2026-03-25T08:00:00.000Z'))).statusCode,
    ).toBe(201);
    // A second API on the same store: the two only meet at the store's expected revision.
    const second: FastifyInstance = await buildApp({
      store: h.store,
      pool: h.pool,
      logger: false,
      metrics: new ApiMetrics(false),
      now: () => clock,
      config: { rateLimitPerMinute: 1_000_000, maxEventLoopDelayMs: 0 },
    });
    try {
      clock = new Date('2026-04-01T12:00:00.000Z');
      const spends = Array.from({ length: 50 }, (_, i) => {
        const app = i % 2 === 0 ? h.app : second;
        return app.inject({
          method: 'POST',
          url: `/v1/store-credit/${customerId}/spending`,
          headers: { authorization: `Bearer ${h.keys.writer}` },
          payload: { spendingId: `spd-${i}`, orderId: nextOrder, amount: { amount: 1_00, currency: 'EUR' } },
        });
      });
      const answers: LightMyRequestResponse[] = await Promise.all(spends);
      const codes = answers.map((a) => a.statusCode);
      // 49.99 EUR buys 49 spends of 1.00 EUR; the 50th finds 0.99 and is refused.
      expect(codes.filter((c) => c === 200)).toHaveLength(49);
      const refused = answers.filter((a) => a.statusCode !== 200);
      expect(refused.map((a) => a.json().code)).toEqual(['insufficient-store-credit']);
      const after = await ledger(customerId);
      expect(after.balances).toEqual([{ currency: 'EUR', amount: 99 }]);
      expect(after.movements).toHaveLength(1 + 49);
    } finally {
      await second.close();
    }
  });
});
