import { describe, expect, it } from 'vitest';
import { agentMessage, openedByCustomer, solved } from '../case/case.fixtures';
import { orderDecider } from '../order/decide';
import type { OrderEvent } from '../order/events';
import {
  feedbackSubjectFacts,
  orderFeedbackFacts,
  repairFeedbackFacts,
  returnFeedbackFacts,
} from './subject';

describe('feedback subjects', () => {
  it('knows no subject in a stream that never started', () => {
    expect(orderFeedbackFacts({ status: 'none' })).toBeNull();
    expect(returnFeedbackFacts({ status: 'none' })).toBeNull();
    expect(repairFeedbackFacts({ status: 'none' })).toBeNull();
  });

  it('takes an order once it is delivered, and not before', () => {
    const placed: OrderEvent = {
      type: 'OrderPlaced',
      data: {
        orderId: 'o-1',
        customerId: 'c-1',
        currency: 'EUR',
        lines: [
          { lineNo: 1, sku: 's', name: 'n', category: 'c', qty: 1, unitPrice: 100, warrantyMonths: 12 },
        ],
        placedAt: '2026-03-01T10:00:00.000Z',
      },
    };
    const state = orderDecider.evolve(orderDecider.initialState(), placed);
    expect(orderFeedbackFacts(state)).toEqual({ customerId: 'c-1', status: 'placed', eligible: false });
  });

  it('takes a support case once it is solved (or closed), not while it is open', () => {
    const subject = { type: 'case', id: 'case-1' } as const;
    const answered = [...openedByCustomer, agentMessage('m-2', '2026-03-04T10:00:00.000Z')];
    expect(feedbackSubjectFacts(subject, answered)).toEqual({
      customerId: 'c-1',
      status: 'open',
      eligible: false,
    });
    expect(feedbackSubjectFacts(subject, [...answered, solved('2026-03-04T11:00:00.000Z')])).toEqual({
      customerId: 'c-1',
      status: 'solved',
      eligible: true,
    });
    expect(feedbackSubjectFacts(subject, [])).toBeNull();
  });
});
