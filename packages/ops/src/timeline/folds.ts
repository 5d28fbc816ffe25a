import {
  balanceAsOf,
  customerDecider,
  type LoyaltyState,
  loyaltyDecider,
  orderDecider,
  repairDecider,
  returnDecider,
} from '@aftersales/domain';

/**
 * The folds the timeline uses, one per stream category: the domain's own `initialState` and
 * `evolve`, so a timeline shows exactly the state the deciders would have seen.
 */
export type Fold = Readonly<{
  initialState: () => unknown;
  evolve: (state: never, event: never) => unknown;
  /** What an operator reads as of the instant, when the raw state is not enough (balances). */
  summarize?: (state: never, asOf: string) => unknown;
}>;

export type TimelineFolds = Readonly<{
  customer: Fold;
  order: Fold;
  return?: Fold;
  repair?: Fold;
  loyalty?: Fold;
}>;

export const domainFolds: TimelineFolds = {
  customer: customerDecider,
  order: orderDecider,
  return: returnDecider,
  repair: repairDecider,
  loyalty: {
    ...loyaltyDecider,
    summarize: (state: LoyaltyState, asOf: string) => balanceAsOf(state, asOf),
  },
};

export function foldEvents(fold: Fold, events: readonly unknown[]): unknown {
  const evolve = fold.evolve as (state: unknown, event: unknown) => unknown;
  return events.reduce(evolve, fold.initialState());
}
