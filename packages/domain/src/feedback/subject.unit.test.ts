import { describe, expect, it } from 'vitest';
import { orderDecider } from '../order/decide';
import type { OrderEvent } from '../order/events';
import { orderFeedbackFacts, repairFeedbackFacts, returnFeedbackFacts } from './subject';

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
});
