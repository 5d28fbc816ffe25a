import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { caller, opsFixture, placeOrder, registerCustomer } from '../../test/fixtures';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type OrderView = { id: string; state: { status: string } };
const ordersOf = (timeline: { orders: readonly unknown[] }) => timeline.orders as OrderView[];

/**
 * A history import: an order placed long ago (business time) reaches the store only after the
 * instant we ask about. By business time it existed then; by recorded time we did not know it.
 */
describe('timeline as of an instant, by business or recorded time', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  const customerId = uniqueId('c-');
  const liveOrder = uniqueId('o-');
  const importedOrder = uniqueId('o-');
  let between = '';

  beforeAll(async () => {
    fx = await opsFixture('ops_timeline');
    await registerCustomer(
      fx.store,
      customerId,
      { name: 'Mina Rahimi', email: `${customerId}@example.com` },
      '2026-01-01T00:00:00.000Z',
    );
    await placeOrder(fx.store, liveOrder, customerId);
    await pause(50);
    between = new Date().toISOString();
    await pause(50);
    // Back-dated: business time in January, recorded now.
    await placeOrder(fx.store, importedOrder, customerId, '2026-01-15T10:00:00.000Z');
  });
  afterAll(() => fx?.close());

  it('by business time includes the imported order placed before the instant', async () => {
    const timeline = await fx.ops.timeline(caller, { customerId, asOf: between, by: 'business' });
    expect(
      ordersOf(timeline)
        .map((order) => order.id)
        .sort(),
    ).toEqual([liveOrder, importedOrder].sort());
    expect(timeline.customer).toMatchObject({ status: 'registered', name: 'Mina Rahimi' });
    expect(timeline.consents).toMatchObject({ email: { transactional: false } });
  });

  it('by recorded time leaves it out: the store did not hold it yet', async () => {
    const timeline = await fx.ops.timeline(caller, { customerId, asOf: between, by: 'recorded' });
    expect(ordersOf(timeline).map((order) => order.id)).toEqual([liveOrder]);
    expect(timeline.eventsAfterAsOf).toBeGreaterThanOrEqual(1);
  });

  it('before everything by business time shows only what had happened: the imported order', async () => {
    const timeline = await fx.ops.timeline(caller, {
      customerId,
      asOf: '2026-02-01T00:00:00Z',
      by: 'business',
    });
    expect(ordersOf(timeline).map((order) => order.id)).toEqual([importedOrder]);
    expect(ordersOf(timeline)[0]?.state).toMatchObject({ status: 'placed' });
  });

  it('before the registration shows an unregistered customer and no orders', async () => {
    const timeline = await fx.ops.timeline(caller, { customerId, asOf: '2025-12-01', by: 'business' });
    expect(timeline.customer).toEqual({ status: 'unregistered' });
    expect(timeline.orders).toEqual([]);
  });

  it('folds returns with the domain evolve: requested then, approved later', async () => {
    const returnId = uniqueId('r-');
    const meta = (occurredAt: string) => ({ eventId: crypto.randomUUID(), occurredAt, schemaVersion: 1 });
    await fx.store.appendToStream(`return-${returnId}`, [
      {
        type: 'ReturnRequested',
        data: {
          returnId,
          orderId: liveOrder,
          customerId,
          items: [
            {
              lineNo: 1,
              sku: 'KETTLE-1',
              category: 'kitchen',
              qty: 1,
              reason: 'defective',
              resolution: 'refund',
            },
          ],
          resolution: 'refund',
          requestedAt: '2026-02-01T00:00:00.000Z',
        },
        metadata: meta('2026-02-01T00:00:00.000Z'),
      },
      {
        type: 'ReturnApproved',
        data: { returnId, orderId: liveOrder, approvedAt: '2026-02-03T00:00:00.000Z' },
        metadata: meta('2026-02-03T00:00:00.000Z'),
      },
    ]);
    const statusAt = async (asOf: string) =>
      (await fx.ops.timeline(caller, { customerId, asOf, by: 'business' })).returns.map(
        (entry) => (entry.state as { status: string }).status,
      );
    expect(await statusAt('2026-01-20T00:00:00Z')).toEqual([]);
    expect(await statusAt('2026-02-02T00:00:00Z')).toEqual(['requested']);
    expect(await statusAt('2026-02-04T00:00:00Z')).toEqual(['approved']);
  });

  it('answers unknown customers and bad instants with clear errors', async () => {
    await expect(
      fx.ops.timeline(caller, { customerId: uniqueId('nobody-'), asOf: between }),
    ).rejects.toMatchObject({
      code: 'unknown-customer',
    });
    await expect(fx.ops.timeline(caller, { customerId, asOf: 'yesterday' })).rejects.toMatchObject({
      code: 'bad-instant',
    });
    await expect(fx.ops.timeline(caller, { customerId, asOf: between, by: 'wall' })).rejects.toMatchObject({
      code: 'bad-time-axis',
    });
  });
});
