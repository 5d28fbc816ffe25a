import type { Instant, Money } from '../shared/event';
import type { StoreCreditEvent } from './events';

/** One movement of the ledger: + issued, − spent, in minor units of its currency. */
export type CreditMovement = Readonly<{
  kind: 'issued' | 'spent';
  /** The return (issued) or the spending (spent) it records. */
  reference: string;
  orderId: string;
  amount: Money;
  at: Instant;
}>;

/** A customer's store credit: every movement in log order (a ledger, never a counter). */
export type StoreCreditState = Readonly<{
  customerId?: string;
  movements: readonly CreditMovement[];
  /** The `creditId`s issued, to answer a repeat with nothing. */
  issued: ReadonlySet<string>;
}>;

export const initialStoreCreditState = (): StoreCreditState => ({ movements: [], issued: new Set() });

export function evolveStoreCredit(state: StoreCreditState, event: StoreCreditEvent): StoreCreditState {
  switch (event.type) {
    case 'StoreCreditIssued': {
      const { customerId, creditId, returnId, orderId, amount, issuedAt } = event.data;
      const movement: CreditMovement = { kind: 'issued', reference: returnId, orderId, amount, at: issuedAt };
      return {
        customerId,
        movements: [...state.movements, movement],
        issued: new Set(state.issued).add(creditId),
      };
    }
    case 'StoreCreditSpent': {
      const { customerId, spendingId, orderId, amount, spentAt } = event.data;
      const movement: CreditMovement = { kind: 'spent', reference: spendingId, orderId, amount, at: spentAt };
      return { ...state, customerId, movements: [...state.movements, movement] };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

/**
 * The balance per currency as of `asOf` (business time): issued minus spent, of the movements at
 * or before it. Currencies are never added together. Without `asOf`, every movement counts.
 */
export function storeCreditBalances(
  state: StoreCreditState,
  asOf?: Instant,
): Readonly<Record<string, number>> {
  const until = asOf === undefined ? Number.POSITIVE_INFINITY : Date.parse(asOf);
  const balances: Record<string, number> = {};
  for (const movement of state.movements) {
    if (Date.parse(movement.at) > until) continue;
    const sign = movement.kind === 'issued' ? 1 : -1;
    const { currency, amount } = movement.amount;
    balances[currency] = (balances[currency] ?? 0) + sign * amount;
  }
  return balances;
}
