import { type DomainCommand, defaultRulesTimeline, orderDecider, returnDecider } from '@aftersales/domain';
import { describe, expect, it, vi } from 'vitest';
import { causedEventId } from '../caused-event-id';
import { createMemoryEventStore } from '../memory/memory-store';
import type { EventStore } from '../port';
import { countingReads } from '../testing/counting-store';
import { runWorkflow } from './run-workflow';

const at = (now: string) => ({
  context: { now, rules: defaultRulesTimeline },
  metadata: { occurredAt: now, actor: 'test' },
});

/** An order of one line (2 × 19.99 EUR), placed, shipped and, unless told otherwise, delivered. */
async function orderOf(store: EventStore, orderId: string, delivered = true) {
  const commands: DomainCommand[] = [
    {
      type: 'PlaceOrder',
      data: {
        orderId,
        customerId: `c-${orderId}`,
        currency: 'EUR',
        lines: [
          {
            sku: 'K-1',
            name: 'Kettle',
            category: 'kitchen',
            qty: 2,
            unitPrice: 1999,
            warrantyMonths: 24,
          },
        ],
      },
    },
    {
      type: 'ShipOrder',
      data: {
        orderId,
        shipmentId: 's-1',
        carrier: 'DHL',
        trackingNumber: 'T-1',
        estimatedDeliveryAt: '2026-03-05T12:00:00.000Z',
      },
    },
    ...(delivered ? [{ type: 'DeliverOrder', data: { orderId } } as const] : []),
  ];
  const times = ['2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-04T10:00:00.000Z'];
  const outcomes = [];
  for (const [i, command] of commands.entries()) {
    outcomes.push(await runWorkflow(store, command, at(times[i] ?? '')));
  }
  return outcomes;
}

const request = (orderId: string, returnId: string): DomainCommand => ({
  type: 'RequestReturn',
  data: { returnId, orderId, items: [{ lineNo: 1, qty: 1, reason: 'defective' }], resolution: 'refund' },
});

describe('runWorkflow', () => {
  it('a delivery earns its points on the ledger, with ids derived from the delivery in the one namespace', async () => {
    const store = createMemoryEventStore();
    const [, , delivered] = await orderOf(store, 'o-1');
    const source = delivered?.target.events[0]?.metadata.eventId ?? '';
    const [earned] = await store.readStream('loyalty-c-o-1');
    // 2 × 19.99 = 39.98 whole units → 39 points at bronze.
    expect(earned?.type).toBe('PointsEarned');
    expect(earned?.data).toMatchObject({ lots: [{ points: 39 }] });
    expect(earned?.metadata).toMatchObject({ eventId: causedEventId(source, 0), causationId: source });
  });

  it('a return request reserves on the order, then is recorded; each stream is read once', async () => {
    const inner = createMemoryEventStore();
    await orderOf(inner, 'o-2');
    const { store, reads } = countingReads(inner);
    const outcome = await runWorkflow(store, request('o-2', 'r-2'), at('2026-03-06T10:00:00.000Z'));
    expect(outcome.target.events.map((e) => e.type)).toEqual(['ReturnRequested']);
    expect(outcome.related.map((r) => r.events.map((e) => e.type))).toEqual([['ReturnQuantityReserved']]);
    // The check reads the return and the order; the reservation is decided on the check's read
    // of the order, and the request on the check's read of its stream and on the order as the
    // reservation left it: each stream is read once.
    expect(Object.fromEntries(reads)).toEqual({ 'return-r-2': 1, 'order-o-2': 1 });
  });

  it('a return request and its reservation are each decided once', async () => {
    const store = createMemoryEventStore();
    await orderOf(store, 'o-4');
    const requests = vi.spyOn(returnDecider, 'decide');
    const reservations = vi.spyOn(orderDecider, 'decide');
    try {
      await runWorkflow(store, request('o-4', 'r-4'), at('2026-03-06T10:00:00.000Z'));
      expect(requests.mock.calls.map(([command]) => command.type)).toEqual(['RequestReturn']);
      expect(reservations.mock.calls.map(([command]) => command.type)).toEqual(['ReserveReturnQuantity']);
    } finally {
      requests.mockRestore();
      reservations.mockRestore();
    }
  });

  it('a refused return request leaves no reservation on the order', async () => {
    const store = createMemoryEventStore();
    await orderOf(store, 'o-3', false);
    await expect(
      runWorkflow(store, request('o-3', 'r-3'), at('2026-03-06T10:00:00.000Z')),
    ).rejects.toMatchObject({ code: 'order-not-delivered' });
    expect((await store.readStream('order-o-3')).map((e) => e.type)).toEqual(['OrderPlaced', 'OrderShipped']);
    expect(await store.readStream('return-r-3')).toEqual([]);
  });
});
