import { customerDecider, orderDecider } from '@aftersales/domain';

/**
 * The folds the timeline uses, one per stream category: the domain's own `initialState` and
 * `evolve`, so a timeline shows exactly the state the deciders would have seen.
 */
export type Fold = Readonly<{
  initialState: () => unknown;
  evolve: (state: never, event: never) => unknown;
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
};

export function foldEvents(fold: Fold, events: readonly unknown[]): unknown {
  const evolve = fold.evolve as (state: unknown, event: unknown) => unknown;
  return events.reduce(evolve, fold.initialState());
}
