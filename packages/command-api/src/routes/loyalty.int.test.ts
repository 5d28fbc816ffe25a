import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

// Business time is explicit: the API's clock is fixed, commands carry occurredAt.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date('2026-03-10T12:00:00.000Z') });
});
afterAll(async () => h?.close());

const post = (url: string, payload: object) => h.send({ method: 'POST', url, payload });
const read = (url: string) => h.send({ method: 'GET', url, key: h.keys.reader });

type Line = { sku: string; qty: number; unitPrice: number };

/** Places, ships and delivers an order (placed 1 March, delivered 5 March 14:30). */
async function deliver(customerId: string, currency: string, lines: readonly Line[]) {
  const { orderId, shipmentId } = ids();
  const placed = await post('/v1/orders', {
    orderId,
    customerId,
    currency,
    lines: lines.map((line) => ({ ...line, name: line.sku, category: 'electronics', warrantyMonths: 12 })),
    occurredAt: '2026-03-01T10:00:00.000Z',
  });
  expect(placed.statusCode).toBe(201);
  const shipped = await post(`/v1/orders/${orderId}/shipments`, {
    shipmentId,
    carrier: 'Tipax',
    trackingNumber: 'TPX-1',
    estimatedDeliveryAt: '2026-03-06T18:00:00.000Z',
    occurredAt: '2026-03-02T09:00:00.000Z',
  });
  expect(shipped.statusCode).toBe(200);
  expect(
    (await post(`/v1/orders/${orderId}/delivery`, { occurredAt: '2026-03-05T14:30:00.000Z' })).statusCode,
  ).toBe(200);
  return orderId;
}

async function customer() {
  const { customerId } = ids();
  expect((await post('/v1/customers', registerBody(customerId))).statusCode).toBe(201);
  return customerId;
}

const asOf = '2026-03-06T00:00:00.000Z';

describe('loyalty per currency, through the API', () => {
  it('earns a point per 100,000 rials and reads the tier from rial spend alone', async () => {
    const customerId = await customer();
    // 50,000,000 rials → 500 points; 1,234,567 rials → 12.34567 → 12. IRR minor units: 2 digits.
    await deliver(customerId, 'IRR', [
      { sku: 'PHONE', qty: 1, unitPrice: 5_000_000_000 },
      { sku: 'CASE', qty: 1, unitPrice: 123_456_700 },
    ]);
    const balance = (await read(`/v1/loyalty/${customerId}?asOf=${asOf}`)).json();
    expect(balance).toMatchObject({
      tier: 'bronze',
      pending: 512,
      available: 0,
      lifetimeEarned: 512,
      // 51,234,567 rials: short of the 100,000,000 of silver (not gold at 1,000 "units").
      tierSpend: [{ currency: 'IRR', spend: '51234567', tier: 'bronze' }],
    });
    expect(balance.lots.map((lot: { points: number }) => lot.points)).toEqual([500, 12]);
  });

  it('says why an order in a currency the rules do not price earned nothing', async () => {
    const customerId = await customer();
    // KWD 1,500.000 (3 minor-unit digits); KWD is not priced by the default rules.
    const orderId = await deliver(customerId, 'KWD', [{ sku: 'TV', qty: 1, unitPrice: 1_500_000 }]);
    const balance = (await read(`/v1/loyalty/${customerId}?asOf=${asOf}`)).json();
    expect(balance).toMatchObject({
      tier: 'bronze',
      pending: 0,
      lifetimeEarned: 0,
      tierSpend: [{ currency: 'KWD', spend: '1500', tier: null }],
      lots: [
        {
          lotId: `order:${orderId}:1`,
          points: 0,
          currency: 'KWD',
          noPointsReason: 'currency-not-priced',
        },
      ],
    });
    const ledger = (await read(`/v1/streams/loyalty-${customerId}`)).json();
    expect(ledger.events[0].data).toMatchObject({ multiplier: 0, noPointsReason: 'currency-not-priced' });
  });

  it('keeps DESIGN.md’s numbers in euros: 1,000.00 earns 1,000 points and reaches silver', async () => {
    const customerId = await customer();
    await deliver(customerId, 'EUR', [{ sku: 'SOFA', qty: 1, unitPrice: 100_000 }]);
    expect((await read(`/v1/loyalty/${customerId}?asOf=${asOf}`)).json()).toMatchObject({
      tier: 'silver',
      lifetimeEarned: 1_000,
      tierSpend: [{ currency: 'EUR', spend: '1000', tier: 'silver' }],
    });
  });

  it('reads as of a plain date (its start in UTC) as the ops timeline does, and refuses a day that does not exist', async () => {
    const customerId = await customer();
    await deliver(customerId, 'EUR', [{ sku: 'LAMP', qty: 1, unitPrice: 10_000 }]);
    const byInstant = (await read(`/v1/loyalty/${customerId}?asOf=${asOf}`)).json();
    const byDate = await read(`/v1/loyalty/${customerId}?asOf=${asOf.slice(0, 10)}`);
    expect(byDate.statusCode).toBe(200);
    expect(byDate.json()).toEqual(byInstant);
    const impossible = await read(`/v1/loyalty/${customerId}?asOf=2026-02-30`);
    expect(impossible.statusCode).toBe(400);
  });
});
