import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@aftersales/domain';
import type { EventStore } from '@aftersales/event-store';

/**
 * A small after-sales history for the operations read-model tests: three orders (late,
 * on time, cancelled), a refunded and an open return, an open in-warranty repair and an
 * out-of-warranty repair whose quote was declined, feedback and points.
 */
export function opsScenario(id: (name: string) => string): DomainEvent[] {
  const customerId = id('cust');
  const [late, onTime, cancelled] = [id('order-late'), id('order-ontime'), id('order-cancel')];
  const [refunded, open] = [id('ret-refunded'), id('ret-open')];
  const [repairOpen, repairDeclined] = [id('rep-open'), id('rep-declined')];
  const line = (lineNo: number, qty: number, unitPrice: number) => ({
    lineNo,
    sku: `SKU-${lineNo}`,
    name: `Item ${lineNo}`,
    category: 'audio',
    qty,
    unitPrice,
    warrantyMonths: 24,
  });
  const consents = {
    email: { transactional: true, marketing: false },
    sms: { transactional: false, marketing: false },
  };
  return [
    {
      type: 'CustomerRegistered',
      data: {
        customerId,
        name: 'Secret Name',
        email: 'secret@example.com',
        language: 'en',
        timezone: 'Europe/Berlin',
        consents,
        registeredAt: '2026-01-01T09:00:00.000Z',
      },
    },
    {
      type: 'OrderPlaced',
      data: {
        orderId: late,
        customerId,
        currency: 'EUR',
        lines: [line(1, 2, 1999), line(2, 1, 5000)],
        placedAt: '2026-01-02T10:00:00.000Z',
      },
    },
    {
      type: 'OrderShipped',
      data: {
        orderId: late,
        customerId,
        shipmentId: 's1',
        carrier: 'DHL',
        trackingNumber: 'T1',
        estimatedDeliveryAt: '2026-01-05T12:00:00.000Z',
        shippedAt: '2026-01-03T08:00:00.000Z',
      },
    },
    {
      type: 'ShipmentDelayed',
      data: {
        orderId: late,
        customerId,
        shipmentId: 's1',
        previousEstimatedDeliveryAt: '2026-01-05T12:00:00.000Z',
        newEstimatedDeliveryAt: '2026-01-07T12:00:00.000Z',
        reason: 'storm at the hub',
        delayedAt: '2026-01-04T08:00:00.000Z',
      },
    },
    {
      type: 'ShipmentDelayed',
      data: {
        orderId: late,
        customerId,
        shipmentId: 's1',
        previousEstimatedDeliveryAt: '2026-01-07T12:00:00.000Z',
        newEstimatedDeliveryAt: '2026-01-08T12:00:00.000Z',
        reason: 'still stormy',
        delayedAt: '2026-01-06T08:00:00.000Z',
      },
    },
    { type: 'OrderDelivered', data: { orderId: late, customerId, deliveredAt: '2026-01-08T10:00:00.000Z' } },
    {
      type: 'OrderPlaced',
      data: {
        orderId: onTime,
        customerId,
        currency: 'EUR',
        lines: [line(1, 1, 10000)],
        placedAt: '2026-01-10T10:00:00.000Z',
      },
    },
    {
      type: 'OrderShipped',
      data: {
        orderId: onTime,
        customerId,
        shipmentId: 's2',
        carrier: 'UPS',
        trackingNumber: 'T2',
        estimatedDeliveryAt: '2026-01-13T12:00:00.000Z',
        shippedAt: '2026-01-11T08:00:00.000Z',
      },
    },
    {
      type: 'OrderDelivered',
      data: { orderId: onTime, customerId, deliveredAt: '2026-01-12T15:00:00.000Z' },
    },
    {
      type: 'OrderPlaced',
      data: {
        orderId: cancelled,
        customerId,
        currency: 'EUR',
        lines: [line(1, 3, 100)],
        placedAt: '2026-01-14T10:00:00.000Z',
      },
    },
    {
      type: 'OrderCancelled',
      data: {
        orderId: cancelled,
        customerId,
        reason: 'changed mind',
        cancelledAt: '2026-01-14T11:00:00.000Z',
      },
    },
    {
      type: 'ReturnQuantityReserved',
      data: {
        orderId: late,
        returnId: refunded,
        items: [{ lineNo: 1, qty: 1 }],
        reservedAt: '2026-01-09T09:00:00.000Z',
      },
    },
    {
      type: 'ReturnRequested',
      data: {
        returnId: refunded,
        orderId: late,
        customerId,
        items: [
          { lineNo: 1, sku: 'SKU-1', category: 'audio', qty: 1, reason: 'damaged', resolution: 'refund' },
        ],
        resolution: 'refund',
        requestedAt: '2026-01-09T09:00:00.000Z',
      },
    },
    {
      type: 'ReturnApproved',
      data: { returnId: refunded, orderId: late, approvedAt: '2026-01-09T12:00:00.000Z' },
    },
    {
      type: 'ReturnItemsReceived',
      data: {
        returnId: refunded,
        orderId: late,
        items: [{ lineNo: 1, qty: 1, condition: 'damaged' }],
        receivedAt: '2026-01-11T09:00:00.000Z',
      },
    },
    {
      type: 'ReturnRefunded',
      data: {
        returnId: refunded,
        orderId: late,
        customerId,
        amount: { amount: 1999, currency: 'EUR' },
        items: [{ lineNo: 1, qty: 1 }],
        refundedAt: '2026-01-11T10:00:00.000Z',
      },
    },
    {
      type: 'ReturnRequested',
      data: {
        returnId: open,
        orderId: onTime,
        customerId,
        items: [
          {
            lineNo: 1,
            sku: 'SKU-1',
            category: 'audio',
            qty: 1,
            reason: 'size-or-fit',
            resolution: 'exchange',
          },
        ],
        resolution: 'exchange',
        requestedAt: '2026-01-15T09:00:00.000Z',
      },
    },
    {
      type: 'ReturnApproved',
      data: { returnId: open, orderId: onTime, approvedAt: '2026-01-15T12:00:00.000Z' },
    },
    {
      type: 'RepairRequested',
      data: {
        repairId: repairOpen,
        orderId: late,
        customerId,
        lineNo: 2,
        sku: 'SKU-2',
        category: 'audio',
        issue: 'call me at +49 555 (personal)',
        coverage: { inWarranty: true, basis: 'product-warranty', coveredUntil: '2028-01-08T10:00:00.000Z' },
        requestedAt: '2026-01-16T09:00:00.000Z',
      },
    },
    {
      type: 'RepairRequested',
      data: {
        repairId: repairDeclined,
        orderId: onTime,
        customerId,
        lineNo: 1,
        sku: 'SKU-1',
        category: 'audio',
        issue: 'dropped it',
        coverage: { inWarranty: false, basis: 'none' },
        requestedAt: '2026-01-17T09:00:00.000Z',
      },
    },
    {
      type: 'RepairQuoted',
      data: {
        repairId: repairDeclined,
        amount: { amount: 4500, currency: 'EUR' },
        quotedAt: '2026-01-18T09:00:00.000Z',
      },
    },
    {
      type: 'RepairQuoteDeclined',
      data: { repairId: repairDeclined, declinedAt: '2026-01-19T09:00:00.000Z' },
    },
    {
      type: 'FeedbackSubmitted',
      data: {
        feedbackId: id('fb'),
        customerId,
        subject: { type: 'order', id: late },
        csat: 2,
        nps: 3,
        comment: 'Secret Name was unhappy, mail secret@example.com',
        submittedAt: '2026-01-09T08:00:00.000Z',
      },
    },
  ];
}

/** The stream an event of the scenario belongs to (the layout of DESIGN.md). */
export function streamOf(event: DomainEvent): string {
  const d = event.data as Record<string, unknown>;
  if (event.type === 'FeedbackSubmitted')
    return `feedback-${event.data.subject.type}-${event.data.subject.id}`;
  if (event.type.startsWith('Customer')) return `customer-${d.customerId}`;
  if (event.type.startsWith('Return') && event.type !== 'ReturnQuantityReserved')
    return `return-${d.returnId}`;
  if (event.type.startsWith('Repair')) return `repair-${d.repairId}`;
  if (
    event.type.startsWith('Points') ||
    event.type === 'BonusPointsAwarded' ||
    event.type === 'LoyaltyTierChanged'
  ) {
    return `loyalty-${d.customerId}`;
  }
  if ('orderId' in d) return `order-${d.orderId}`;
  return `loyalty-${d.customerId}`;
}

/** Appends the events one by one, each to its stream. */
export async function appendScenario(store: EventStore, events: readonly DomainEvent[]): Promise<void> {
  for (const event of events) {
    await store.appendToStream(streamOf(event), [
      {
        type: event.type,
        data: event.data,
        metadata: { eventId: randomUUID(), occurredAt: '2026-01-20T00:00:00.000Z', schemaVersion: 1 },
      },
    ]);
  }
}
