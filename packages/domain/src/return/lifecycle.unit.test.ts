import { describe, expect, it } from 'vitest';
import { deliveredOrderEvents, orderStateFrom } from '../order/order.fixtures';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { type DecisionContext, defaultRulesTimeline } from '../shared/rules';
import { given, stateFrom } from '../shared/testing';
import { type ReturnCommand, returnDecider } from './decide';
import type { ReturnEvent } from './events';
import {
  approvedAt,
  itemsReceived,
  orderId,
  receivedAt,
  resolvedAt,
  returnApproved,
  returnCredited,
  returnExchanged,
  returnId,
  returnRefunded,
  returnRejected,
  returnRequested,
} from './return.fixtures';

const at = (now: string): DecisionContext => ({ now, rules: defaultRulesTimeline });
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const approve: ReturnCommand = { type: 'ApproveReturn', data: { returnId } };
const reject: ReturnCommand = { type: 'RejectReturn', data: { returnId, reason: 'outside policy' } };
const receive = (
  items: unknown = itemsReceived.type === 'ReturnItemsReceived' ? itemsReceived.data.items : [],
) => ({ type: 'ReceiveReturnItems', data: { returnId, items } }) as ReturnCommand;
const refund = (items?: unknown, amount: unknown = eur(51_400)) =>
  ({
    type: 'RefundReturn',
    data: { returnId, amount, ...(items === undefined ? {} : { items }) },
  }) as ReturnCommand;
const exchange: ReturnCommand = { type: 'ExchangeReturn', data: { returnId, replacementOrderId: 'o-2' } };
const credit = (amount: unknown = eur(51_400)) =>
  ({ type: 'CreditReturnToStore', data: { returnId, amount } }) as ReturnCommand;

const requested = [returnRequested];
const approved = [returnRequested, returnApproved];
const rejected = [returnRequested, returnRejected];
const received = [...approved, itemsReceived];
const refunded = [...received, returnRefunded];
const exchanged = [...received, returnExchanged];
const credited = [...received, returnCredited];

describe('the happy paths', () => {
  it('approves a requested return', () => {
    given(returnDecider, requested).when(approve, at(approvedAt)).then([returnApproved]);
  });

  it('rejects a requested return with a reason', () => {
    given(returnDecider, requested).when(reject, at(approvedAt)).then([returnRejected]);
  });

  it('receives the items of an approved return with their condition', () => {
    given(returnDecider, approved).when(receive(), at(receivedAt)).then([itemsReceived]);
  });

  it('receives fewer units than requested', () => {
    given(returnDecider, approved)
      .when(receive([{ lineNo: 2, qty: 1, condition: 'damaged' }]), at(receivedAt))
      .then([
        {
          type: 'ReturnItemsReceived',
          data: { returnId, orderId, items: [{ lineNo: 2, qty: 1, condition: 'damaged' }], receivedAt },
        },
      ]);
  });

  it('refunds everything received when no items are named', () => {
    given(returnDecider, received).when(refund(), at(resolvedAt)).then([returnRefunded]);
  });

  it('refunds only the named units', () => {
    given(returnDecider, received)
      .when(refund([{ lineNo: 1, qty: 1 }], eur(49_900)), at(resolvedAt))
      .then([
        {
          type: 'ReturnRefunded',
          data: {
            returnId,
            orderId,
            customerId: 'c-1',
            amount: eur(49_900),
            items: [{ lineNo: 1, qty: 1 }],
            refundedAt: resolvedAt,
          },
        },
      ]);
  });

  it('exchanges a received return', () => {
    given(returnDecider, received).when(exchange, at(resolvedAt)).then([returnExchanged]);
  });

  it('credits a received return to the store account', () => {
    given(returnDecider, received).when(credit(), at(resolvedAt)).then([returnCredited]);
  });

  it('folds to the final status with every fact kept', () => {
    expect(stateFrom(returnDecider, refunded)).toMatchObject({
      status: 'refunded',
      approvedAt,
      receivedAt,
      refundAmount: eur(51_400),
      refundedItems: [
        { lineNo: 1, qty: 1 },
        { lineNo: 2, qty: 1 },
      ],
    });
    expect(stateFrom(returnDecider, rejected)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'outside policy',
    });
  });
});

describe('illegal transitions', () => {
  const histories: Record<string, readonly ReturnEvent[]> = {
    requested,
    approved,
    rejected,
    received,
    refunded,
    exchanged,
    credited,
  };
  // Expected refusal code per command and status; a missing entry is the legal transition.
  const refusals: Record<string, [ReturnCommand, Record<string, string>]> = {
    ApproveReturn: [
      approve,
      {
        approved: 'return-already-decided',
        rejected: 'return-already-decided',
        received: 'return-already-decided',
        refunded: 'return-already-resolved',
        exchanged: 'return-already-resolved',
        credited: 'return-already-resolved',
      },
    ],
    RejectReturn: [
      reject,
      {
        approved: 'return-already-decided',
        rejected: 'return-already-decided',
        received: 'return-already-decided',
        refunded: 'return-already-resolved',
        exchanged: 'return-already-resolved',
        credited: 'return-already-resolved',
      },
    ],
    ReceiveReturnItems: [
      receive(),
      {
        requested: 'return-not-approved',
        rejected: 'return-rejected',
        received: 'return-already-received',
        refunded: 'return-already-resolved',
        exchanged: 'return-already-resolved',
        credited: 'return-already-resolved',
      },
    ],
    ...Object.fromEntries(
      [
        ['RefundReturn', refund()],
        ['ExchangeReturn', exchange],
        ['CreditReturnToStore', credit()],
      ].map(([name, command]) => [
        name,
        [
          command,
          {
            requested: 'return-not-received',
            approved: 'return-not-received',
            rejected: 'return-rejected',
            refunded: 'return-already-resolved',
            exchanged: 'return-already-resolved',
            credited: 'return-already-resolved',
          },
        ],
      ]),
    ),
  };
  const cases = Object.entries(refusals).flatMap(([name, [command, codes]]) =>
    Object.entries(codes).map(([status, code]) => ({ name, command, status, code })),
  );

  it.each(cases)('$name on a $status return → $code', ({ command, status, code }) => {
    given(returnDecider, histories[status]).when(command, at(resolvedAt)).thenThrows(IllegalStateError, code);
  });

  it.each(Object.entries(refusals))('%s on an unknown return → return-not-found', (_name, [command]) => {
    given(returnDecider).when(command, at(resolvedAt)).thenThrows(NotFoundError, 'return-not-found');
  });
});

describe('bad input', () => {
  it('needs a rejection reason', () => {
    given(returnDecider, requested)
      .when({ type: 'RejectReturn', data: { returnId, reason: '' } }, at(approvedAt))
      .thenThrows(ValidationError, 'invalid-reason');
  });

  it.each([
    [[{ lineNo: 1, qty: 1, condition: 'mint' }], ValidationError, 'invalid-condition'],
    [[{ lineNo: 3, qty: 1, condition: 'new' }], ValidationError, 'line-not-in-return'],
    [[{ lineNo: 1, qty: 0, condition: 'new' }], ValidationError, 'invalid-qty'],
    [[], ValidationError, 'return-has-no-items'],
    [[{ lineNo: 1, qty: 2, condition: 'new' }], IllegalStateError, 'received-more-than-requested'],
  ])('refuses received items %j', (items, errorClass, code) => {
    given(returnDecider, approved).when(receive(items), at(receivedAt)).thenThrows(errorClass, code);
  });

  it.each([
    [[{ lineNo: 2, qty: 2 }], eur(100), IllegalStateError, 'refund-exceeds-received'],
    [[{ lineNo: 9, qty: 1 }], eur(100), ValidationError, 'line-not-in-return'],
    [undefined, eur(-1), ValidationError, 'invalid-amount'],
    [undefined, { amount: 1.5, currency: 'EUR' }, ValidationError, 'invalid-amount'],
    [undefined, { amount: 100, currency: 'euro' }, ValidationError, 'invalid-currency'],
    [undefined, null, ValidationError, 'invalid-amount'],
  ])('refuses a refund of %j for %j', (items, amount, errorClass, code) => {
    given(returnDecider, received).when(refund(items, amount), at(resolvedAt)).thenThrows(errorClass, code);
  });

  it('refuses a store credit with a malformed amount', () => {
    given(returnDecider, received)
      .when(credit({ amount: 10 }), at(resolvedAt))
      .thenThrows(ValidationError, 'invalid-currency');
  });
});

describe('amounts in the order currency', () => {
  const order = orderStateFrom(deliveredOrderEvents);

  it('refuses a refund or credit in another currency when the order is in the context', () => {
    const ctx = { ...at(resolvedAt), order };
    given(returnDecider, received)
      .when(refund(undefined, { amount: 100, currency: 'USD' }), ctx)
      .thenThrows(ValidationError, 'currency-mismatch');
    given(returnDecider, received)
      .when(credit({ amount: 100, currency: 'USD' }), ctx)
      .thenThrows(ValidationError, 'currency-mismatch');
    given(returnDecider, received).when(refund(), ctx).then([returnRefunded]);
  });
});
