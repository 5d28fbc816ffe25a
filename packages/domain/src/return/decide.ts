import { requireDelivered } from '../order/guards';
import type { OrderState } from '../order/order';
import { currencyOf, returnableQuantity } from '../order/order';
import { policyVersionAt } from '../policy/timeline';
import type { Decider } from '../shared/decider';
import { IllegalStateError, unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Money } from '../shared/event';
import { type DecisionContext, rulesAt } from '../shared/rules';
import { isBefore } from '../shared/time';
import {
  optionalText,
  requireCurrencyOf,
  requireInstant,
  requireIntegerInRange,
  requireMoney,
  requireText,
} from '../shared/validation';
import type {
  DifferenceSettlement,
  ItemCondition,
  ReplacementLine,
  ReturnEvent,
  ReturnResolution,
} from './events';
import { evolveReturn, initialReturnState, type ReturnState, unsettledLines } from './return';
import { refusal, requireStatus } from './transitions';
import { requireReceivedItems, requireRefundItems, requireRequestItems, requireResolution } from './validate';
import { returnWindowClosesAt } from './window';

export type RequestReturn = Command<
  'RequestReturn',
  {
    returnId: string;
    orderId: string;
    items: readonly Readonly<{
      lineNo: number;
      qty: number;
      reason: string;
      reasonText?: string;
      /** Per line; default: the request's `resolution`. */
      resolution?: ReturnResolution;
    }>[];
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
export type ExchangeReturn = Command<
  'ExchangeReturn',
  {
    returnId: string;
    replacementOrderId?: string;
    /** Exchanged units per line; default: every line not settled yet. */
    items?: readonly Readonly<{ lineNo: number; qty: number }>[];
    /** Another SKU or variant: the price difference is settled (see `exchangeReturn`). */
    replacement?: readonly ReplacementLine[];
    /** Where a difference owed to the customer goes (default: refunded). */
    differenceTo?: 'refund' | 'store-credit';
  }
>;
export type CreditReturnToStore = Command<
  'CreditReturnToStore',
  { returnId: string; amount: Money; items?: readonly Readonly<{ lineNo: number; qty: number }>[] }
>;

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
 * at delivery; 3. each quantity fits what is delivered minus what other returns hold.
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
  const requested = requireRequestItems(data.items, delivered.lines, resolution);
  // DESIGN.md: the return window is the rule in force at delivery, not at the request.
  const rules = rulesAt(context.rules, delivered.deliveredAt);
  const items = requested.map(({ line, qty, reason, reasonText, resolution: wanted }) => {
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
    return {
      lineNo: line.lineNo,
      sku: line.sku,
      category: line.category,
      qty,
      reason,
      ...(reasonText === undefined ? {} : { reasonText }),
      resolution: wanted,
      unitPrice: line.unitPrice,
    };
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
        currency: delivered.currency,
        requestedAt: now,
        policyVersion: policyVersionAt(context.rules, delivered.deliveredAt),
      },
    },
  ];
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
  const items = requireSettledItems(data.items, current);
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

/**
 * 1. the lines exchanged are received and not settled yet; 2. with a replacement (another SKU or
 * variant), the difference = replacement value − returned value at the prices the request
 * recorded from the order: more
 * the customer pays, less is refunded or credited (`differenceTo`), the same settles nothing.
 */
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
  const items = requireSettledItems(data.items, current);
  const replacement = data.replacement === undefined ? undefined : requireReplacement(data.replacement);
  let difference: Readonly<{ priceDifference: Money; differenceSettledAs: DifferenceSettlement }> | undefined;
  if (replacement) {
    const priceOf = (lineNo: number) => current.items.find((item) => item.lineNo === lineNo)?.unitPrice;
    const currency = current.currency;
    if (currency === undefined || items.some((item) => priceOf(item.lineNo) === undefined)) {
      // A release-1 request kept no prices: its difference cannot be worked out here.
      throw new IllegalStateError('return-has-no-prices', `return ${current.returnId} records no prices`, {
        returnId: current.returnId,
      });
    }
    const returned = items.reduce((sum, item) => sum + item.qty * (priceOf(item.lineNo) ?? 0), 0);
    const value = replacement.reduce((sum, line) => sum + line.qty * line.unitPrice, 0);
    const amount = value - returned;
    const differenceTo = data.differenceTo ?? 'refund';
    if (differenceTo !== 'refund' && differenceTo !== 'store-credit') {
      throw new ValidationError('invalid-difference-to', 'differenceTo must be refund or store-credit', {
        field: 'differenceTo',
      });
    }
    difference = {
      priceDifference: { amount, currency },
      differenceSettledAs: amount > 0 ? 'customer-pays' : amount < 0 ? differenceTo : 'none',
    };
  }
  return [
    {
      type: 'ReturnExchanged',
      data: {
        returnId: current.returnId,
        orderId: current.orderId,
        customerId: current.customerId,
        ...(replacementOrderId === undefined ? {} : { replacementOrderId }),
        items,
        ...(replacement ? { replacement } : {}),
        ...(difference ?? {}),
        exchangedAt: now,
      },
    },
  ];
}

/** The lines a settlement names, each received and not settled yet (default: all such lines). */
function requireSettledItems(items: unknown, current: Extract<ReturnState, { status: 'received' }>) {
  if (Array.isArray(items)) {
    for (const item of items as { lineNo?: unknown }[]) {
      if (current.settlements.some((s) => s.lineNo === item?.lineNo)) {
        throw new IllegalStateError(
          'line-already-settled',
          `line ${String(item?.lineNo)} is settled already`,
          {
            returnId: current.returnId,
            lineNo: item?.lineNo,
          },
        );
      }
    }
  }
  return requireRefundItems(items, unsettledLines(current));
}

function requireReplacement(lines: unknown): ReplacementLine[] {
  if (!Array.isArray(lines) || lines.length === 0) {
    throw new ValidationError('invalid-replacement', 'a replacement names at least one line', {
      field: 'replacement',
    });
  }
  return lines.map((input, index) => {
    const line = (input ?? {}) as Record<string, unknown>;
    const field = `replacement[${index}]`;
    return {
      sku: requireText(line.sku, 'invalid-sku', `${field}.sku`, 200),
      name: requireText(line.name, 'invalid-name', `${field}.name`, 500),
      category: requireText(line.category, 'invalid-category', `${field}.category`, 200),
      qty: requireIntegerInRange(line.qty, 'invalid-qty', `${field}.qty`, 1),
      unitPrice: requireIntegerInRange(line.unitPrice, 'invalid-unit-price', `${field}.unitPrice`, 0),
    };
  });
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
  const items = requireSettledItems(data.items, current);
  return [
    {
      type: 'ReturnStoreCredited',
      data: {
        returnId: current.returnId,
        orderId: current.orderId,
        customerId: current.customerId,
        amount,
        items,
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
