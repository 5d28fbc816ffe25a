import { describe, expect, it } from 'vitest';
import { orderDecider } from '../order/decide';
import type { OrderEvent } from '../order/events';
import { evolveOrder, type OrderState } from '../order/order';
import {
  deliveredAt,
  deliveredOrderEvents,
  orderId,
  orderPlaced,
  orderShipped,
  orderStateFrom,
} from '../order/order.fixtures';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { type DecisionContext, defaultRulesTimeline } from '../shared/rules';
import { given } from '../shared/testing';
import { addDays, addMonths } from '../shared/time';
import { type RepairCommand, type RepairRequestContext, repairDecider } from './decide';
import type { RepairCompleted, RepairEvent, RepairRequested } from './events';
import { recordLineRepairedCommand } from './order-link';

const repairId = 'rp-1';
const requestedAt = addDays(deliveredAt, 100);
const later = addDays(deliveredAt, 105);
const deliveredOrder = orderStateFrom(deliveredOrderEvents);
const at = (now: string): DecisionContext => ({ now, rules: defaultRulesTimeline });
const withOrder = (now: string, order: OrderState = deliveredOrder): RepairRequestContext => ({
  now,
  rules: defaultRulesTimeline,
  order,
});
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const requestRepair = (patch: Record<string, unknown> = {}): RepairCommand =>
  ({
    type: 'RequestRepair',
    data: { repairId, orderId, lineNo: 1, issue: 'battery drains', serialNumber: 'SN-1', ...patch },
  }) as RepairCommand;

// Line 1 (24 months of warranty) is covered; line 2 (no warranty) is not.
const inWarranty: RepairRequested = {
  type: 'RepairRequested',
  data: {
    repairId,
    orderId,
    customerId: 'c-1',
    lineNo: 1,
    sku: 'PHONE-X',
    category: 'electronics',
    issue: 'battery drains',
    serialNumber: 'SN-1',
    coverage: { inWarranty: true, basis: 'product-warranty', coveredUntil: addMonths(deliveredAt, 24) },
    requestedAt,
  },
};
const outOfWarranty: RepairRequested = {
  type: 'RepairRequested',
  data: {
    repairId,
    orderId,
    customerId: 'c-1',
    lineNo: 2,
    sku: 'CASE-1',
    category: 'accessories',
    issue: 'hinge broke',
    coverage: { inWarranty: false, basis: 'none', expiredAt: deliveredAt },
    requestedAt,
  },
};
const quoted: RepairEvent = { type: 'RepairQuoted', data: { repairId, amount: eur(2_000), quotedAt: later } };
const accepted: RepairEvent = { type: 'RepairQuoteAccepted', data: { repairId, acceptedAt: later } };
const declined: RepairEvent = { type: 'RepairQuoteDeclined', data: { repairId, declinedAt: later } };
const cancelled: RepairEvent = {
  type: 'RepairCancelled',
  data: { repairId, reason: 'customer withdrew', cancelledAt: later },
};
const completed = (
  request: RepairRequested,
  outcome: RepairCompleted['data']['outcome'] = 'repaired',
): RepairCompleted => ({
  type: 'RepairCompleted',
  data: {
    repairId,
    orderId,
    customerId: 'c-1',
    lineNo: request.data.lineNo,
    ...(request.data.serialNumber === undefined ? {} : { serialNumber: request.data.serialNumber }),
    outcome,
    inWarranty: request.data.coverage.inWarranty,
    completedAt: later,
  },
});

const quote: RepairCommand = { type: 'QuoteRepair', data: { repairId, amount: eur(2_000) } };
const accept: RepairCommand = { type: 'AcceptRepairQuote', data: { repairId } };
const decline: RepairCommand = { type: 'DeclineRepairQuote', data: { repairId } };
const complete = (outcome: unknown = 'repaired') =>
  ({ type: 'CompleteRepair', data: { repairId, outcome } }) as RepairCommand;
const cancel: RepairCommand = { type: 'CancelRepair', data: { repairId, reason: 'customer withdrew' } };

describe('RequestRepair', () => {
  it('derives product-warranty coverage for a covered line', () => {
    given(repairDecider).when(requestRepair(), withOrder(requestedAt)).then([inWarranty]);
  });

  it('marks a line without warranty as out of warranty (basis none)', () => {
    given(repairDecider)
      .when(requestRepair({ lineNo: 2, issue: 'hinge broke', serialNumber: '  ' }), withOrder(requestedAt))
      .then([outOfWarranty]);
  });

  it('refuses an item that was not delivered, a cancelled order or an unknown one', () => {
    given(repairDecider)
      .when(requestRepair(), withOrder(requestedAt, orderStateFrom([orderPlaced, orderShipped])))
      .thenThrows(IllegalStateError, 'order-not-delivered');
    const cancelledOrder: OrderEvent = {
      type: 'OrderCancelled',
      data: { orderId, customerId: 'c-1', reason: 'x', cancelledAt: deliveredAt },
    };
    given(repairDecider)
      .when(requestRepair(), withOrder(requestedAt, orderStateFrom([orderPlaced, cancelledOrder])))
      .thenThrows(IllegalStateError, 'order-cancelled');
    given(repairDecider)
      .when(requestRepair(), withOrder(requestedAt, orderStateFrom([])))
      .thenThrows(NotFoundError, 'order-not-found');
  });

  it('refuses a second request under the same repair id', () => {
    given(repairDecider, [inWarranty])
      .when(requestRepair(), withOrder(requestedAt))
      .thenThrows(IllegalStateError, 'repair-already-requested');
  });

  it.each([
    [{ lineNo: 7 }, 'unknown-order-line'],
    [{ issue: '' }, 'invalid-issue'],
    [{ orderId: 'o-9' }, 'order-mismatch'],
    [{ repairId: ' ' }, 'invalid-repair-id'],
    [{ serialNumber: 42 }, 'invalid-serial-number'],
  ])('rejects %j as %s', (patch, code) => {
    given(repairDecider).when(requestRepair(patch), withOrder(requestedAt)).thenThrows(ValidationError, code);
  });

  it('needs the order state in its context', () => {
    given(repairDecider).when(requestRepair(), at(requestedAt)).thenThrows(TypeError);
  });
});

describe('out of warranty: quote, then accept or decline', () => {
  it('quotes an out-of-warranty repair', () => {
    given(repairDecider, [outOfWarranty]).when(quote, at(later)).then([quoted]);
  });

  it('does not quote a repair in warranty', () => {
    given(repairDecider, [inWarranty])
      .when(quote, at(later))
      .thenThrows(IllegalStateError, 'repair-in-warranty');
  });

  it('does not quote twice', () => {
    given(repairDecider, [outOfWarranty, quoted])
      .when(quote, at(later))
      .thenThrows(IllegalStateError, 'repair-already-quoted');
    given(repairDecider, [outOfWarranty, quoted, accepted])
      .when(quote, at(later))
      .thenThrows(IllegalStateError, 'repair-already-quoted');
  });

  it('rejects a malformed quote', () => {
    given(repairDecider, [outOfWarranty])
      .when({ type: 'QuoteRepair', data: { repairId, amount: eur(-5) } }, at(later))
      .thenThrows(ValidationError, 'invalid-amount');
  });

  it('accepts or declines a quote', () => {
    given(repairDecider, [outOfWarranty, quoted]).when(accept, at(later)).then([accepted]);
    given(repairDecider, [outOfWarranty, quoted]).when(decline, at(later)).then([declined]);
  });

  it('refuses to answer a quote that was not given or was answered', () => {
    given(repairDecider, [outOfWarranty])
      .when(accept, at(later))
      .thenThrows(IllegalStateError, 'repair-not-quoted');
    given(repairDecider, [outOfWarranty])
      .when(decline, at(later))
      .thenThrows(IllegalStateError, 'repair-not-quoted');
    given(repairDecider, [outOfWarranty, quoted, accepted])
      .when(decline, at(later))
      .thenThrows(IllegalStateError, 'repair-quote-already-answered');
    given(repairDecider, [outOfWarranty, quoted, declined])
      .when(accept, at(later))
      .thenThrows(IllegalStateError, 'repair-quote-already-answered');
    given(repairDecider, [outOfWarranty, cancelled])
      .when(accept, at(later))
      .thenThrows(IllegalStateError, 'repair-cancelled');
  });
});

describe('CompleteRepair', () => {
  it('completes a repair in warranty at once', () => {
    given(repairDecider, [inWarranty])
      .when(complete(), at(later))
      .then([completed(inWarranty)]);
  });

  it('completes an out-of-warranty repair once the quote is accepted', () => {
    given(repairDecider, [outOfWarranty, quoted, accepted])
      .when(complete('replaced'), at(later))
      .then([completed(outOfWarranty, 'replaced')]);
  });

  it('requires a quote out of warranty', () => {
    given(repairDecider, [outOfWarranty])
      .when(complete(), at(later))
      .thenThrows(IllegalStateError, 'repair-quote-required');
  });

  it('requires the quote to be accepted', () => {
    given(repairDecider, [outOfWarranty, quoted])
      .when(complete(), at(later))
      .thenThrows(IllegalStateError, 'repair-quote-not-accepted');
    given(repairDecider, [outOfWarranty, quoted, declined])
      .when(complete(), at(later))
      .thenThrows(IllegalStateError, 'repair-quote-declined');
  });

  it('refuses to complete twice, a cancelled or an unknown repair, or an unknown outcome', () => {
    given(repairDecider, [inWarranty, completed(inWarranty)])
      .when(complete(), at(later))
      .thenThrows(IllegalStateError, 'repair-already-completed');
    given(repairDecider, [inWarranty, cancelled])
      .when(complete(), at(later))
      .thenThrows(IllegalStateError, 'repair-cancelled');
    given(repairDecider).when(complete(), at(later)).thenThrows(NotFoundError, 'repair-not-found');
    given(repairDecider, [inWarranty])
      .when(complete('fixed'), at(later))
      .thenThrows(ValidationError, 'invalid-outcome');
  });

  it.each(['repaired', 'replaced', 'refunded', 'unrepairable'] as const)(
    'records the outcome %s',
    (outcome) => {
      given(repairDecider, [inWarranty])
        .when(complete(outcome), at(later))
        .then([completed(inWarranty, outcome)]);
    },
  );
});

describe('CancelRepair', () => {
  it.each([
    ['requested', [inWarranty]],
    ['quoted', [outOfWarranty, quoted]],
    ['quote-accepted', [outOfWarranty, quoted, accepted]],
  ] as const)('cancels a %s repair', (_status, history) => {
    given(repairDecider, history).when(cancel, at(later)).then([cancelled]);
  });

  it.each([
    ['completed', [inWarranty, completed(inWarranty)], 'repair-already-completed'],
    ['cancelled', [inWarranty, cancelled], 'repair-cancelled'],
    ['quote-declined', [outOfWarranty, quoted, declined], 'repair-quote-declined'],
  ] as const)('refuses to cancel a %s repair', (_status, history, code) => {
    given(repairDecider, history).when(cancel, at(later)).thenThrows(IllegalStateError, code);
  });

  it('needs a reason and an existing repair', () => {
    given(repairDecider, [inWarranty])
      .when({ type: 'CancelRepair', data: { repairId, reason: '' } }, at(later))
      .thenThrows(ValidationError, 'invalid-reason');
    given(repairDecider).when(cancel, at(later)).thenThrows(NotFoundError, 'repair-not-found');
  });
});

describe('repair warranty through the order', () => {
  it('records a completion on the order, then covers the same line 89 days later but not 91', () => {
    // 1. a paid repair of line 2 completes and is recorded on the order
    const paidRepair = completed(outOfWarranty);
    const record = recordLineRepairedCommand(paidRepair);
    expect(record).toEqual({
      type: 'RecordLineRepaired',
      data: { orderId, repairId, lineNo: 2, outcome: 'repaired', completedAt: later },
    });
    const order = orderDecider.decide(record, deliveredOrder, at(later)).reduce(evolveOrder, deliveredOrder);
    expect(orderDecider.decide(record, order, at(later))).toEqual([]);

    // 2. a new repair of the same line is covered by the repair warranty for 90 days
    const next = requestRepair({
      repairId: 'rp-2',
      lineNo: 2,
      issue: 'hinge broke again',
      serialNumber: undefined,
    });
    const [within] = repairDecider.decide(
      next,
      repairDecider.initialState(),
      withOrder(addDays(later, 89), order),
    );
    expect(within?.type === 'RepairRequested' && within.data.coverage).toEqual({
      inWarranty: true,
      basis: 'repair-warranty',
      coveredUntil: addDays(later, 90),
    });
    const [after] = repairDecider.decide(
      next,
      repairDecider.initialState(),
      withOrder(addDays(later, 91), order),
    );
    expect(after?.type === 'RepairRequested' && after.data.coverage).toEqual({
      inWarranty: false,
      basis: 'none',
      expiredAt: addDays(later, 90),
    });
  });

  it('keeps the serial number in the order command when the repair named one', () => {
    expect(recordLineRepairedCommand(completed(inWarranty)).data.serialNumber).toBe('SN-1');
  });
});

describe('quotes in the order currency', () => {
  it('refuses a quote in another currency when the order is in the context', () => {
    given(repairDecider, [outOfWarranty])
      .when(
        { type: 'QuoteRepair', data: { repairId, amount: { amount: 100, currency: 'USD' } } },
        withOrder(later),
      )
      .thenThrows(ValidationError, 'currency-mismatch');
    given(repairDecider, [outOfWarranty]).when(quote, withOrder(later)).then([quoted]);
  });
});
