import { MemoryEventStore, type NewEvent } from '@aftersales/event-store';
import { describe, expect, it } from 'vitest';
import { domainFolds } from './folds';
import { customerTimeline } from './timeline';

const event = (type: string, data: object, occurredAt: string): NewEvent => ({
  type,
  data,
  metadata: { eventId: crypto.randomUUID(), occurredAt, schemaVersion: 1 },
});

describe('customerTimeline over the port (memory store)', () => {
  it('finds the customer streams by their opening events and cuts them at the instant', async () => {
    const store = new MemoryEventStore();
    const consents = {
      email: { transactional: true, marketing: false },
      sms: { transactional: false, marketing: false },
    };
    await store.appendToStream('customer-c1', [
      event(
        'CustomerRegistered',
        {
          customerId: 'c1',
          name: 'N',
          email: 'n@example.com',
          language: 'en',
          timezone: 'UTC',
          consents,
          registeredAt: '2026-01-01T00:00:00.000Z',
        },
        '2026-01-01T00:00:00.000Z',
      ),
    ]);
    const line = {
      lineNo: 1,
      sku: 'S',
      name: 'Mug',
      category: 'kitchen',
      qty: 1,
      unitPrice: 500,
      warrantyMonths: 0,
    };
    await store.appendToStream('order-o1', [
      event(
        'OrderPlaced',
        {
          orderId: 'o1',
          customerId: 'c1',
          currency: 'EUR',
          lines: [line],
          placedAt: '2026-01-02T00:00:00.000Z',
        },
        '2026-01-02T00:00:00.000Z',
      ),
      event(
        'OrderCancelled',
        { orderId: 'o1', customerId: 'c1', reason: 'changed mind', cancelledAt: '2026-01-05T00:00:00.000Z' },
        '2026-01-05T00:00:00.000Z',
      ),
    ]);
    await store.appendToStream('order-o2', [
      event(
        'OrderPlaced',
        {
          orderId: 'o2',
          customerId: 'someone-else',
          currency: 'EUR',
          lines: [line],
          placedAt: '2026-01-02T00:00:00.000Z',
        },
        '2026-01-02T00:00:00.000Z',
      ),
    ]);

    const at = (asOf: string) =>
      customerTimeline(store, domainFolds, { customerId: 'c1', asOf, by: 'business' });
    const early = await at('2026-01-03T00:00:00.000Z');
    expect(early.orders.map((order) => [order.id, (order.state as { status: string }).status])).toEqual([
      ['o1', 'placed'],
    ]);
    expect(early.eventsAfterAsOf).toBe(1);
    const late = await at('2026-01-06T00:00:00.000Z');
    expect(late.orders.map((order) => (order.state as { status: string }).status)).toEqual(['cancelled']);
    expect(late.consents).toEqual(consents);
  });
});
