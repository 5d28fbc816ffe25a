import { describe, expect, it } from 'vitest';
import type { FeedbackSubmitted } from '../feedback/events';
import type { OrderDelivered, OrderPlaced } from '../order/events';
import type { ReturnRefunded } from '../return/events';
import { ValidationError } from '../shared/errors';
import { bonusForFeedback, earnOnDelivery, reverseOnRefund } from './policy';
import { line } from './test-fixtures';

const placed: OrderPlaced = {
  type: 'OrderPlaced',
  data: {
    orderId: 'o-1',
    customerId: 'cus-3',
    currency: 'EUR',
    lines: [line(1, 2, 1250), line(2, 1, 9900, 'electronics')],
    placedAt: '2026-02-20T09:00:00.000Z',
  },
};
const delivered: OrderDelivered = {
  type: 'OrderDelivered',
  data: { orderId: 'o-1', customerId: 'cus-3', deliveredAt: '2026-02-24T15:00:00.000Z' },
};

describe('loyalty reactions', () => {
  it('earns for every line of the delivered order, at the delivery time, on the customer’s ledger', () => {
    expect(earnOnDelivery(delivered, placed)).toEqual({
      stream: 'loyalty-cus-3',
      occurredAt: '2026-02-24T15:00:00.000Z',
      command: {
        type: 'EarnPointsForDelivery',
        data: {
          customerId: 'cus-3',
          orderId: 'o-1',
          currency: 'EUR',
          deliveredAt: '2026-02-24T15:00:00.000Z',
          lines: placed.data.lines,
        },
      },
    });
  });

  it('refuses to combine a delivery with another order’s lines', () => {
    const other = { ...placed, data: { ...placed.data, orderId: 'o-2' } };
    expect(() => earnOnDelivery(delivered, other)).toThrow(ValidationError);
  });

  it('reverses the refunded items, by return id, at the refund time', () => {
    const refunded: ReturnRefunded = {
      type: 'ReturnRefunded',
      data: {
        returnId: 'ret-1',
        orderId: 'o-1',
        customerId: 'cus-3',
        amount: { amount: 1250, currency: 'EUR' },
        items: [{ lineNo: 1, qty: 1 }],
        refundedAt: '2026-03-05T11:00:00.000Z',
      },
    };
    expect(reverseOnRefund(refunded)).toEqual({
      stream: 'loyalty-cus-3',
      occurredAt: '2026-03-05T11:00:00.000Z',
      command: {
        type: 'ReversePointsForRefund',
        data: { customerId: 'cus-3', returnId: 'ret-1', orderId: 'o-1', lines: [{ lineNo: 1, qty: 1 }] },
      },
    });
  });

  it('awards the bonus only for feedback that carries a comment', () => {
    const feedback = (comment?: string): FeedbackSubmitted => ({
      type: 'FeedbackSubmitted',
      data: {
        feedbackId: 'f-1',
        customerId: 'cus-3',
        subject: { type: 'order', id: 'o-1' },
        csat: 5,
        ...(comment === undefined ? {} : { comment }),
        submittedAt: '2026-03-01T08:00:00.000Z',
      },
    });
    expect(bonusForFeedback(feedback('Quick delivery'))).toEqual({
      stream: 'loyalty-cus-3',
      occurredAt: '2026-03-01T08:00:00.000Z',
      command: {
        type: 'AwardFeedbackBonus',
        data: { customerId: 'cus-3', subject: { type: 'order', id: 'o-1' }, comment: 'Quick delivery' },
      },
    });
    expect(bonusForFeedback(feedback())).toBeNull();
    expect(bonusForFeedback(feedback('  '))).toBeNull();
  });
});
