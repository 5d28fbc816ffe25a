import { requireDelivered } from '../order/guards';
import type { OrderState } from '../order/order';
import { currencyOf, returnableQuantity } from '../order/order';
import type { Decider } from '../shared/decider';
import { IllegalStateError, unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Money } from '../shared/event';
import { type DecisionContext, rulesAt } from '../shared/rules';
import { isBefore } from '../shared/time';
import {
  optionalText,
  requireCurrencyOf,
  requireInstant,
  requireMoney,
  requireText,
} from '../shared/validation';
import type { ItemCondition, ReturnEvent, ReturnResolution } from './events';
import { evolveReturn, initialReturnState, type ReturnState } from './return';
import { refusal, requireStatus } from './transitions';
import { requireReceivedItems, requireRefundItems, requireRequestItems } from './validate';
import { returnWindowClosesAt } from './window';

export type RequestReturn = Command<
  'RequestReturn',
  {
    returnId: string;
    orderId: string;
    items: readonly Readonly<{ lineNo: number; qty: number; reason: string }>[];
    resolution: ReturnResolution;
  }
>;
export type ApproveReturn = Command<'ApproveReturn', { returnId: string }>;
export type RejectReturn = Command<'RejectReturn', { returnId: string; reason: string }>;
export type ReceiveReturnItems = Command<
  'ReceiveReturnItems',
  { returnId: string; items: readonly Readonly<{ lineNo: number; qty: number; condition: ItemCondition }>[] }
>;
export type RefundReturn = Command<
  'RefundReturn',
  {
    returnId: string;
    amount: Money;
    /** Refunded units per line; defaults to everything received. */
    items?: readonly Readonly<{ lineNo: number; qty: number }>[];
  }
>;
export type ExchangeReturn = Command<'ExchangeReturn', { returnId: string; replacementOrderId?: string }>;
export type CreditReturnToStore = Command<'CreditReturnToStore', { returnId: string; amount: Money }>;

export type ReturnCommand =
  | RequestReturn
  | ApproveReturn
  | RejectReturn
  | ReceiveReturnItems
  | RefundReturn
  | ExchangeReturn
  | CreditReturnToStore;

/** A request is decided against the order's state; the later steps need only the return's own. */
export type ReturnRequestContext = DecisionContext & Readonly<{ order: OrderState }>;
export type ReturnDecisionContext = DecisionContext & Readonly<{ order?: OrderState }>;

/**
 * 1. the order is delivered; 2. each line is inside its return window under the rules in force
 * at request time; 3. each quantity fits what is delivered minus what other returns hold.
 */
function requestReturn(
  { data }: RequestReturn,
  state: ReturnState,
  context: ReturnDecisionContext,
): ReturnEvent[] {
  const { order, now } = context;
  if (!order) throw new TypeError('RequestReturn is decided with the order state in its context');
  if (state.status !== 'none') throw refusal('return-already-requested', state);
  const returnId = requireText(data.returnId, 'invalid-return-id', 'returnId', 200);
  // A context built for another order is a caller's mistake, told apart from the order's own state.
  if (order.status !== 'none' && order.orderId !== data.orderId) {
    throw new ValidationError('order-mismatch', 'the order in the context is not the one requested', {
      field: 'orderId',
    });
  }
  const delivered = requireDelivered(order, data.orderId);
  const resolution = requireResolution(data.resolution);
  const requested = requireRequestItems(data.items, delivered.lines);
  const rules = rulesAt(context.rules, now);
  const items = requested.map(({ line, qty, reason }) => {
    const closesAt = returnWindowClosesAt(delivered.deliveredAt, line.category, rules);
    if (!isBefore(now, closesAt)) {
      throw new IllegalStateError('return-window-closed', `the return window of line ${line.lineNo} closed`, {
        orderId: delivered.orderId,
        lineNo: line.lineNo,
        closesAt,
      });
    }
    const available = returnableQuantity(delivered, line.lineNo, returnId);
    if (qty > available) {
      throw new IllegalStateError(
        'return-quantity-exceeded',
        `line ${line.lineNo} has ${available} returnable`,
        {
          orderId: delivered.orderId,
          lineNo: line.lineNo,
          requested: qty,
          available,
        },
      );
    }
    return { lineNo: line.lineNo, sku: line.sku, category: line.category, qty, reason };
  });
  return [
    {
      type: 'ReturnRequested',
      data: {
        returnId,
        orderId: delivered.orderId,
        customerId: delivered.customerId,
        items,
        resolution,
        requestedAt: now,
      },
    },
  ];
}

const RESOLUTIONS: readonly ReturnResolution[] = ['refund', 'exchange', 'store-credit'];
function requireResolution(value: unknown): ReturnResolution {
  if (!RESOLUTIONS.includes(value as ReturnResolution)) {
    throw new ValidationError('invalid-resolution', `resolution must be one of ${RESOLUTIONS.join(', ')}`, {
      field: 'resolution',
    });
  }
  return value as ReturnResolution;
}

function approveReturn({ data }: ApproveReturn, state: ReturnState, { now }: DecisionContext): ReturnEvent[] {
  const current = requireStatus(state, data.returnId, 'decide', 'requested');
  return [
    {
      type: 'ReturnApproved',
      data: { returnId: current.returnId, orderId: current.orderId, approvedAt: now },
    },
  ];
}

function rejectReturn({ data }: RejectReturn, state: ReturnState, { now }: DecisionContext): ReturnEvent[] {
  const current = requireStatus(state, data.returnId, 'decide', 'requested');
  const reason = requireText(data.reason, 'invalid-reason', 'reason');
  return [
    {
      type: 'ReturnRejected',
      data: { returnId: current.returnId, orderId: current.orderId, reason, rejectedAt: now },
    },
  ];
}

function receiveReturnItems(
  { data }: ReceiveReturnItems,
  state: ReturnState,
  { now }: DecisionContext,
): ReturnEvent[] {
  const current = requireStatus(state, data.returnId, 'receive', 'approved');
  const items = requireReceivedItems(data.items, current.items);
  return [
    {
      type: 'ReturnItemsReceived',
      data: { returnId: current.returnId, orderId: current.orderId, items, receivedAt: now },
    },
  ];
}

function refundReturn(
  { data }: RefundReturn,
  state: ReturnState,
  { now, order }: ReturnDecisionContext,
): ReturnEvent[] {
  const current = requireStatus(state, data.returnId, 'resolve', 'received');
  const amount = requireCurrencyOf(
    requireMoney(data.amount, 'amount'),
    currencyOf(order, current.orderId),
    'amount',
  );
  const items = requireRefundItems(data.items, current.receivedItems);
  return [
    {
      type: 'ReturnRefunded',
      data: {
        returnId: current.returnId,
        orderId: current.orderId,
        customerId: current.customerId,
        amount,
        items,
        refundedAt: now,
      },
    },
  ];
}

function exchangeReturn(
  { data }: ExchangeReturn,
  state: ReturnState,
  { now }: DecisionContext,
): ReturnEvent[] {
  const current = requireStatus(state, data.returnId, 'resolve', 'received');
  const replacementOrderId = optionalText(
    data.replacementOrderId,
    'invalid-order-id',
    'replacementOrderId',
    200,
  );
  return [
    {
      type: 'ReturnExchanged',
      data: {
        returnId: current.returnId,
        orderId: current.orderId,
        customerId: current.customerId,
        ...(replacementOrderId === undefined ? {} : { replacementOrderId }),
        exchangedAt: now,
      },
    },
  ];
}

function creditReturnToStore(
  { data }: CreditReturnToStore,
  state: ReturnState,
  { now, order }: ReturnDecisionContext,
): ReturnEvent[] {
  const current = requireStatus(state, data.returnId, 'resolve', 'received');
  const amount = requireCurrencyOf(
    requireMoney(data.amount, 'amount'),
    currencyOf(order, current.orderId),
    'amount',
  );
  return [
    {
      type: 'ReturnStoreCredited',
      data: {
        returnId: current.returnId,
        orderId: current.orderId,
        customerId: current.customerId,
        amount,
        creditedAt: now,
      },
    },
  ];
}

function decide(command: ReturnCommand, state: ReturnState, context: ReturnDecisionContext): ReturnEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'RequestReturn':
      return requestReturn(command, state, context);
    case 'ApproveReturn':
      return approveReturn(command, state, context);
    case 'RejectReturn':
      return rejectReturn(command, state, context);
    case 'ReceiveReturnItems':
      return receiveReturnItems(command, state, context);
    case 'RefundReturn':
      return refundReturn(command, state, context);
    case 'ExchangeReturn':
      return exchangeReturn(command, state, context);
    case 'CreditReturnToStore':
      return creditReturnToStore(command, state, context);
    default: {
      const _exhaustive: never = command;
      return unknownCommand(_exhaustive);
    }
  }
}

export const returnDecider: Decider<ReturnCommand, ReturnEvent, ReturnState, ReturnDecisionContext> = {
  initialState: initialReturnState,
  evolve: evolveReturn,
  decide,
};
