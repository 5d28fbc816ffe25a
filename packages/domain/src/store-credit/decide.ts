import type { OrderState } from '../order/order';
import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Money } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { requireInstant, requireMoney, requireText } from '../shared/validation';
import type { StoreCreditEvent } from './events';
import {
  evolveStoreCredit,
  initialStoreCreditState,
  type StoreCreditState,
  storeCreditBalances,
} from './ledger';

export type IssueStoreCredit = Command<
  'IssueStoreCredit',
  { customerId: string; creditId: string; returnId: string; orderId: string; amount: Money }
>;
export type SpendStoreCredit = Command<
  'SpendStoreCredit',
  { customerId: string; spendingId: string; orderId: string; amount: Money }
>;
export type StoreCreditCommand = IssueStoreCredit | SpendStoreCredit;

/** A spending is decided against the order it pays for (it must be the customer's). */
export type StoreCreditContext = DecisionContext & Readonly<{ order?: OrderState }>;

function requireCustomer(state: StoreCreditState, customerId: unknown): string {
  const id = requireText(customerId, 'invalid-customer-id', 'customerId', 200);
  if (state.customerId !== undefined && state.customerId !== id) {
    throw new ValidationError('customer-mismatch', 'the ledger belongs to another customer', {
      field: 'customerId',
    });
  }
  return id;
}

/** Once per settlement: the reaction that issues it may run again (a retry, a replay). */
function issue(
  { data }: IssueStoreCredit,
  state: StoreCreditState,
  { now }: DecisionContext,
): StoreCreditEvent[] {
  const customerId = requireCustomer(state, data.customerId);
  const amount = requireMoney(data.amount, 'amount');
  const creditId = requireText(data.creditId, 'invalid-credit-id', 'creditId', 300);
  if (state.issued.has(creditId)) return [];
  return [
    {
      type: 'StoreCreditIssued',
      data: { customerId, creditId, returnId: data.returnId, orderId: data.orderId, amount, issuedAt: now },
    },
  ];
}

/**
 * 1. the order exists and is the customer's, in the credit's currency; 2. a repeated spending id
 * is the same spending (nothing new) or a conflict; 3. the amount fits the balance now and the
 * balance of the whole ledger (a movement dated later may already have spent it): never below 0.
 */
function spend(
  { data }: SpendStoreCredit,
  state: StoreCreditState,
  { now, order }: StoreCreditContext,
): StoreCreditEvent[] {
  const customerId = requireCustomer(state, data.customerId);
  const spendingId = requireText(data.spendingId, 'invalid-spending-id', 'spendingId', 200);
  const amount = requireMoney(data.amount, 'amount');
  if (amount.amount <= 0) {
    throw new ValidationError('invalid-amount', 'a spending is a positive amount', { field: 'amount' });
  }
  if (!order || order.status === 'none' || order.orderId !== data.orderId) {
    throw new NotFoundError('order-not-found', `order ${data.orderId} was never placed`, {
      orderId: data.orderId,
    });
  }
  if (order.customerId !== customerId) {
    throw new ValidationError('order-of-another-customer', 'the order is not this customer’s', {
      field: 'orderId',
    });
  }
  if (order.currency !== amount.currency) {
    throw new ValidationError('currency-mismatch', `the order is in ${order.currency}`, {
      field: 'amount.currency',
    });
  }
  const earlier = state.movements.find((m) => m.kind === 'spent' && m.reference === spendingId);
  if (earlier) {
    if (
      earlier.orderId === data.orderId &&
      earlier.amount.amount === amount.amount &&
      earlier.amount.currency === amount.currency
    ) {
      return [];
    }
    throw new IllegalStateError(
      'spending-id-reused',
      `spending ${spendingId} was recorded with other facts`,
      {
        spendingId,
      },
    );
  }
  const available = Math.min(
    storeCreditBalances(state, now)[amount.currency] ?? 0,
    storeCreditBalances(state)[amount.currency] ?? 0,
  );
  if (amount.amount > available) {
    throw new IllegalStateError(
      'insufficient-store-credit',
      `only ${available} of ${amount.currency} is available`,
      {
        currency: amount.currency,
        available,
        requested: amount.amount,
      },
    );
  }
  return [
    {
      type: 'StoreCreditSpent',
      data: { customerId, spendingId, orderId: data.orderId, amount, spentAt: now },
    },
  ];
}

function decide(
  command: StoreCreditCommand,
  state: StoreCreditState,
  context: StoreCreditContext,
): StoreCreditEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'IssueStoreCredit':
      return issue(command, state, context);
    case 'SpendStoreCredit':
      return spend(command, state, context);
    default: {
      const _exhaustive: never = command;
      return unknownCommand(_exhaustive);
    }
  }
}

export const storeCreditDecider: Decider<
  StoreCreditCommand,
  StoreCreditEvent,
  StoreCreditState,
  StoreCreditContext
> = {
  initialState: initialStoreCreditState,
  evolve: evolveStoreCredit,
  decide,
};
