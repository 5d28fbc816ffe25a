import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date('2026-04-01T12:00:00.000Z') });
});
afterAll(async () => h?.close());

const post = (url: string, payload: object) => h.send({ method: 'POST', url, payload });
const read = async (url: string) => {
  const res = await h.send({ method: 'GET', url, key: h.keys.reader });
  expect(res.statusCode).toBe(200);
  return res.json();
};

/**
 * The fixtures' order, delivered on 5 March: line 1 a kettle at 49.99 EUR, line 2 two mugs at
 * 8.99. Bronze earns floor(1 × 49.99) = 49 and floor(2 × 8.99) = 17 points. Both lines come back
 * (the kettle defective, to refund; the mugs too small, to exchange) and are received.
 */
async function receivedReturn() {
  const id = ids();
  expect((await post('/v1/customers', registerBody(id.customerId))).statusCode).toBe(201);
  expect(
    (await post('/v1/orders', placeBody(id.orderId, id.customerId, '2026-03-01T10:00:00.000Z'))).statusCode,
  ).toBe(201);
  const shipment = {
    shipmentId: id.shipmentId,
    carrier: 'DHL',
    trackingNumber: 'JD0146000031',
    estimatedDeliveryAt: '2026-03-06T18:00:00.000Z',
    occurredAt: '2026-03-02T09:00:00.000Z',
  };
  expect((await post(`/v1/orders/${id.orderId}/shipments`, shipment)).statusCode).toBe(200);
  expect(
    (await post(`/v1/orders/${id.orderId}/delivery`, { occurredAt: '2026-03-05T14:30:00.000Z' })).statusCode,
  ).toBe(200);
  const requested = await post('/v1/returns', {
    returnId: id.returnId,
    orderId: id.orderId,
    items: [
      { lineNo: 1, qty: 1, reason: 'defective', reasonText: 'does not heat' },
      { lineNo: 2, qty: 2, reason: 'size-or-fit', resolution: 'exchange' },
    ],
    resolution: 'refund',
    occurredAt: '2026-03-08T09:00:00.000Z',
  });
  expect(requested.statusCode).toBe(201);
  expect(
    (await post(`/v1/returns/${id.returnId}/approval`, { occurredAt: '2026-03-09T09:00:00.000Z' }))
      .statusCode,
  ).toBe(200);
  const receipt = {
    items: [
      { lineNo: 1, qty: 1, condition: 'opened' },
      { lineNo: 2, qty: 2, condition: 'new' },
    ],
    occurredAt: '2026-03-12T09:00:00.000Z',
  };
  expect((await post(`/v1/returns/${id.returnId}/receipt`, receipt)).statusCode).toBe(200);
  expect((await read(`/v1/loyalty/${id.customerId}`)).lifetimeEarned).toBe(66);
  return id;
}

describe('returns as shops run them', () => {
  it('settles each line its own way: refund the kettle, exchange the mugs for dearer ones (the customer pays 3.00)', async () => {
    const { customerId, returnId } = await receivedReturn();
    const requested = await read(`/v1/returns/${returnId}`);
    expect(requested.state.items).toMatchObject([
      { lineNo: 1, reason: 'defective', reasonText: 'does not heat', resolution: 'refund' },
      { lineNo: 2, reason: 'size-or-fit', resolution: 'exchange' },
    ]);

    const refund = await post(`/v1/returns/${returnId}/refund`, {
      amount: { amount: 49_99, currency: 'EUR' },
      items: [{ lineNo: 1, qty: 1 }],
      occurredAt: '2026-03-13T09:00:00.000Z',
    });
    expect(refund.statusCode).toBe(200);
    // One line settled, one open: still received.
    expect((await read(`/v1/returns/${returnId}`)).state).toMatchObject({
      status: 'received',
      settlements: [{ lineNo: 1, qty: 1, resolution: 'refund' }],
    });
    const again = await post(`/v1/returns/${returnId}/refund`, {
      amount: { amount: 1, currency: 'EUR' },
      items: [{ lineNo: 1, qty: 1 }],
      occurredAt: '2026-03-13T10:00:00.000Z',
    });
    expect(again.json()).toMatchObject({ code: 'line-already-settled' });

    // Two large mugs at 10.49 for the two at 8.99: 20.98 − 17.98 = 3.00 the customer pays.
    const exchange = await post(`/v1/returns/${returnId}/exchange`, {
      replacementOrderId: ids().orderId,
      items: [{ lineNo: 2, qty: 2 }],
      replacement: [{ sku: 'MUG-011-L', name: 'Mug, large', category: 'kitchen', qty: 2, unitPrice: 10_49 }],
      occurredAt: '2026-03-14T09:00:00.000Z',
    });
    expect(exchange.statusCode).toBe(200);
    const [exchanged] = await h.store.readStream(`return-${returnId}`, { fromRevision: 4n });
    expect(exchanged?.data).toMatchObject({
      items: [{ lineNo: 2, qty: 2 }],
      priceDifference: { amount: 3_00, currency: 'EUR' },
      differenceSettledAs: 'customer-pays',
    });
    expect((await read(`/v1/returns/${returnId}`)).state).toMatchObject({
      status: 'exchanged',
      settlements: [
        { lineNo: 1, qty: 1, resolution: 'refund' },
        { lineNo: 2, qty: 2, resolution: 'exchange' },
      ],
    });
    // Reversed as for a refund: the kettle's 49, then the mugs' floor(17 × 2 / 2) = 17.
    const loyalty = await read(`/v1/loyalty/${customerId}`);
    expect(loyalty).toMatchObject({ reversed: 66, pending: 0, available: 0 });
  });

  it('credits what a cheaper replacement leaves over, on the store-credit ledger', async () => {
    const { customerId, returnId } = await receivedReturn();
    // The mugs for two small ones at 7.49: 14.98 − 17.98 = −3.00, credited.
    const exchange = await post(`/v1/returns/${returnId}/exchange`, {
      items: [{ lineNo: 2, qty: 2 }],
      replacement: [{ sku: 'MUG-011-S', name: 'Mug, small', category: 'kitchen', qty: 2, unitPrice: 7_49 }],
      differenceTo: 'store-credit',
      occurredAt: '2026-03-14T09:00:00.000Z',
    });
    expect(exchange.statusCode).toBe(200);
    expect((await read(`/v1/returns/${returnId}`)).state.status).toBe('received');
    const credit = await read(`/v1/store-credit/${customerId}`);
    expect(credit.balances).toEqual([{ currency: 'EUR', amount: 3_00 }]);
    // Only the mugs' 17 points are reversed; the kettle is not settled yet.
    expect((await read(`/v1/loyalty/${customerId}`)).reversed).toBe(17);
    // The kettle as store credit settles the last line: 3.00 + 49.99 = 52.99.
    const credited = await post(`/v1/returns/${returnId}/store-credit`, {
      amount: { amount: 49_99, currency: 'EUR' },
      occurredAt: '2026-03-15T09:00:00.000Z',
    });
    expect(credited.statusCode).toBe(200);
    expect((await read(`/v1/returns/${returnId}`)).state.status).toBe('credited');
    expect((await read(`/v1/store-credit/${customerId}`)).balances).toEqual([
      { currency: 'EUR', amount: 52_99 },
    ]);
  });
});
