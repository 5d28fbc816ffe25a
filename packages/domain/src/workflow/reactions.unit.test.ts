import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events';
import { evolveOrder, initialOrderState } from '../order/order';
import { causedEventName, reactionsTo } from './reactions';

const lines = [
  { lineNo: 1, sku: 'k-1', name: 'Kettle', category: 'kitchen', qty: 2, unitPrice: 1999, warrantyMonths: 24 },
];
const placed: DomainEvent = {
  type: 'OrderPlaced',
  data: { orderId: 'o-1', customerId: 'c-1', currency: 'EUR', lines, placedAt: '2026-03-01T10:00:00.000Z' },
};
const delivered: DomainEvent = {
  type: 'OrderDelivered',
  data: { orderId: 'o-1', customerId: 'c-1', deliveredAt: '2026-03-05T14:00:00.000Z' },
} as DomainEvent;

describe('reactionsTo', () => {
  it('earns points on delivery, from the order as placed, at the delivery time', () => {
    const state = evolveOrder(initialOrderState(), placed as never);
    expect(reactionsTo(delivered, state)).toEqual([
      {
        aggregate: 'loyalty',
        stream: 'loyalty-c-1',
        occurredAt: '2026-03-05T14:00:00.000Z',
        command: {
          type: 'EarnPointsForDelivery',
          data: {
            customerId: 'c-1',
            orderId: 'o-1',
            currency: 'EUR',
            deliveredAt: '2026-03-05T14:00:00.000Z',
            lines,
          },
        },
      },
    ]);
    // An order the delivery's stream does not know earns nothing.
    expect(reactionsTo(delivered, initialOrderState())).toEqual([]);
  });

  it('releases a rejected return on its order, and records a completed repair on it', () => {
    const rejected = {
      type: 'ReturnRejected',
      data: { returnId: 'r-1', orderId: 'o-1', reason: 'worn', rejectedAt: '2026-03-09T09:00:00.000Z' },
    } as DomainEvent;
    expect(reactionsTo(rejected, undefined)).toEqual([
      expect.objectContaining({
        aggregate: 'order',
        stream: 'order-o-1',
        occurredAt: '2026-03-09T09:00:00.000Z',
      }),
    ]);
  });

  it('opens a support case for a low score, beside the bonus for a comment', () => {
    const feedback = (csat: number, comment?: string): DomainEvent => ({
      type: 'FeedbackSubmitted',
      data: {
        feedbackId: 'f-1',
        customerId: 'c-1',
        subject: { type: 'order', id: 'o-1' },
        csat,
        ...(comment ? { comment } : {}),
        submittedAt: '2026-03-06T09:00:00.000Z',
      },
    });
    expect(reactionsTo(feedback(4), undefined)).toEqual([]);
    expect(
      reactionsTo(feedback(1, 'Broken on arrival.'), undefined).map((r) => [r.aggregate, r.stream]),
    ).toEqual([
      ['loyalty', 'loyalty-c-1'],
      ['case', 'case-escalation-f-1'],
    ]);
    expect(reactionsTo(feedback(2), undefined)).toEqual([
      {
        aggregate: 'case',
        stream: 'case-escalation-f-1',
        occurredAt: '2026-03-06T09:00:00.000Z',
        command: {
          type: 'OpenCase',
          data: {
            caseId: 'escalation-f-1',
            customerId: 'c-1',
            channel: 'email',
            openedBy: { type: 'agent', agentId: 'low-score-escalation' },
            escalatedFromFeedbackId: 'f-1',
            subject: { type: 'order', id: 'o-1' },
          },
        },
      },
    ]);
  });

  it('has nothing to say about an event without a policy', () => {
    expect(reactionsTo(placed, undefined)).toEqual([]);
  });

  it('names the caused events after their source, the first by the source id itself', () => {
    expect(causedEventName('e-1', 0)).toBe('e-1');
    expect(causedEventName('e-1', 2)).toBe('e-1/2');
  });
});
