import { describe, expect, it } from 'vitest';
import type { TableRows } from '../shared/table';
import { collectRetention, type RetentionEvent } from './collect';

const placed: RetentionEvent = {
  type: 'OrderPlaced',
  data: {
    orderId: 'o-1',
    customerId: 'c-1',
    currency: 'EUR',
    placedAt: '2026-03-01T10:00:00.000Z',
    lines: [
      {
        lineNo: 1,
        sku: 'K-1',
        name: 'Kettle',
        category: 'kitchen',
        qty: 2,
        unitPrice: 1999,
        warrantyMonths: 24,
      },
    ],
  },
};
const shipped = (estimate: string, at: string): RetentionEvent => ({
  type: 'OrderShipped',
  data: {
    orderId: 'o-1',
    customerId: 'c-1',
    shipmentId: `s-${at}`,
    carrier: 'DHL',
    trackingNumber: 'T-1',
    estimatedDeliveryAt: estimate,
    shippedAt: at,
  },
});
const delayed: RetentionEvent = {
  type: 'ShipmentDelayed',
  data: {
    orderId: 'o-1',
    customerId: 'c-1',
    shipmentId: 's-1',
    previousEstimatedDeliveryAt: '2026-03-05T18:00:00.000Z',
    newEstimatedDeliveryAt: '2026-03-07T18:00:00.000Z',
    reason: 'weather',
    delayedAt: '2026-03-04T08:00:00.000Z',
  },
};
const requested: RetentionEvent = {
  type: 'ReturnRequested',
  data: {
    returnId: 'r-1',
    orderId: 'o-1',
    customerId: 'c-1',
    items: [
      { lineNo: 1, sku: 'K-1', category: 'kitchen', qty: 2, reason: 'defective', resolution: 'refund' },
    ],
    resolution: 'refund',
    requestedAt: '2026-03-10T09:00:00.000Z',
  },
};
const received = (qty: number): RetentionEvent => ({
  type: 'ReturnItemsReceived',
  data: {
    returnId: 'r-1',
    orderId: 'o-1',
    items: [{ lineNo: 1, qty, condition: 'opened' }],
    receivedAt: '2026-03-15T09:00:00.000Z',
  },
});

const rowsOf = (batch: readonly TableRows[], table: string) => {
  const rows = batch.find((r) => r.table.spec.name === table);
  return { created: rows?.created, patched: rows?.patched };
};

describe('collectRetention', () => {
  it('an order created in the batch is inserted complete: the first estimate promised, the latest kept', () => {
    const batch = collectRetention([
      placed,
      shipped('2026-03-05T18:00:00.000Z', '2026-03-02T08:00:00.000Z'),
      delayed,
      {
        type: 'OrderDelivered',
        data: { orderId: 'o-1', customerId: 'c-1', deliveredAt: '2026-03-07T12:00:00.000Z' },
      },
    ]);
    expect(rowsOf(batch, 'retention_orders')).toEqual({
      created: [
        {
          order_id: 'o-1',
          customer_id: 'c-1',
          currency: 'EUR',
          placed_at: '2026-03-01T10:00:00.000Z',
          shipped_at: '2026-03-02T08:00:00.000Z',
          promised_delivery_at: '2026-03-05T18:00:00.000Z',
          latest_estimated_delivery_at: '2026-03-07T18:00:00.000Z',
          delivered_at: '2026-03-07T12:00:00.000Z',
        },
      ],
      patched: [],
    });
    expect(rowsOf(batch, 'retention_order_lines').created).toEqual([
      { order_id: 'o-1', line_no: 1, sku: 'K-1', category: 'kitchen', qty: 2, unit_price: 1999 },
    ]);
  });

  it('events on an order stored before fold into one patch, merged column by column', () => {
    // A second shipment (a reshipment) changes neither the first shipping time nor the promise.
    const batch = collectRetention([
      delayed,
      shipped('2026-03-09T18:00:00.000Z', '2026-03-08T08:00:00.000Z'),
    ]);
    expect(rowsOf(batch, 'retention_orders')).toEqual({
      created: [],
      patched: [
        {
          order_id: 'o-1',
          latest_estimated_delivery_at: '2026-03-09T18:00:00.000Z',
          shipped_at: '2026-03-08T08:00:00.000Z',
          promised_delivery_at: '2026-03-09T18:00:00.000Z',
        },
      ],
    });
  });

  it('units received back add up, into the new item row or into one patch of a stored one', () => {
    const same = collectRetention([requested, received(1), received(1)]);
    expect(rowsOf(same, 'retention_return_items').created).toEqual([
      {
        return_id: 'r-1',
        line_no: 1,
        order_id: 'o-1',
        sku: 'K-1',
        category: 'kitchen',
        reason: 'defective',
        requested_qty: 2,
        received_qty: 2,
      },
    ]);
    const later = collectRetention([received(1), received(1)]);
    expect(rowsOf(later, 'retention_return_items')).toEqual({
      created: [],
      patched: [{ return_id: 'r-1', line_no: 1, received_qty: 2 }],
    });
  });

  it('keeps of feedback whether a comment was given, not its text, and no NPS when none was given', () => {
    const batch = collectRetention([
      {
        type: 'FeedbackSubmitted',
        data: {
          feedbackId: 'f-1',
          customerId: 'c-1',
          subject: { type: 'order', id: 'o-1' },
          csat: 4,
          comment: '   ',
          submittedAt: '2026-03-20T09:00:00.000Z',
        },
      },
    ]);
    expect(rowsOf(batch, 'retention_feedback').created).toEqual([
      {
        feedback_id: 'f-1',
        customer_id: 'c-1',
        subject_type: 'order',
        subject_id: 'o-1',
        csat: 4,
        nps: null,
        has_comment: false,
        submitted_at: '2026-03-20T09:00:00.000Z',
      },
    ]);
  });

  it('an exchange without a replacement order leaves the replacement as it was', () => {
    const batch = collectRetention([
      {
        type: 'ReturnApproved',
        data: { returnId: 'r-1', orderId: 'o-1', approvedAt: '2026-03-11T09:00:00.000Z' },
      },
      {
        type: 'ReturnExchanged',
        data: { returnId: 'r-1', orderId: 'o-1', exchangedAt: '2026-03-16T09:00:00.000Z' },
      } as RetentionEvent,
    ]);
    expect(rowsOf(batch, 'retention_returns').patched).toEqual([
      {
        return_id: 'r-1',
        approved_at: '2026-03-11T09:00:00.000Z',
        resolved_at: '2026-03-16T09:00:00.000Z',
        resolved_as: 'exchange',
        // No lines named (release 1): every received line not settled before is settled now.
        rest_settled_at: '2026-03-16T09:00:00.000Z',
      },
    ]);
  });
});
