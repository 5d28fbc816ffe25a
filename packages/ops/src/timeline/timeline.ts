import { policyTimeline, policyVersionAt, streams } from '@aftersales/domain';
import type { EventStore, RecordedEvent } from '@aftersales/event-store';
import { notFound } from '../errors';
import type { TimeAxis } from '../export/export';
import { policyChanges } from '../policy/policy-log';
import { type Fold, foldEvents, type TimelineFolds } from './folds';
import { type CustomerStreamFinder, finderOverPort } from './streams-of-customer';

export type TimelineQuery = Readonly<{ customerId: string; asOf: string; by: TimeAxis }>;

export type AggregateAsOf = Readonly<{
  id: string;
  streamId: string;
  /** Last revision that counted as of the instant. */
  revision: string;
  /** The domain state folded from those events; the raw events when no fold is known. */
  state: unknown;
  /** e.g. the loyalty balance and tier as of the instant. */
  summary?: unknown;
  /** The policy versions that decided its events (from their metadata), in the order first met. */
  decidedByPolicy: readonly number[];
}>;

export type Timeline = Readonly<{
  customerId: string;
  asOf: string;
  by: TimeAxis;
  customer: unknown;
  consents: unknown;
  orders: readonly AggregateAsOf[];
  returns: readonly AggregateAsOf[];
  repairs: readonly AggregateAsOf[];
  loyalty: AggregateAsOf | null;
  feedback: readonly unknown[];
  /** Events of these streams that did not count yet at the instant (later, or recorded later). */
  eventsAfterAsOf: number;
  /** The policy version in force at the instant (0: the built-in defaults). */
  policyVersion: number;
}>;

/** The distinct `policyVersion`s of the events' metadata (events from before versions have none). */
export const policyVersionsOf = (events: readonly RecordedEvent[]): number[] => [
  ...new Set(
    events.flatMap((event) =>
      typeof event.metadata.policyVersion === 'number' ? [event.metadata.policyVersion] : [],
    ),
  ),
];

/** Bi-temporal cut: by business time the event's `occurredAt`, by recorded time the store's clock. */
export const countsAsOf = (event: RecordedEvent, asOf: number, by: TimeAxis): boolean =>
  (by === 'business' ? Date.parse(event.metadata.occurredAt) : event.recordedAt.getTime()) <= asOf;

/**
 * A customer's world as it stood at an instant: profile and consents, orders, returns, repairs,
 * loyalty ledger and feedback, each folded from its stream's events that counted by then.
 * Streams are folded in their own order (revision), cut at the instant on the chosen axis.
 */
export async function customerTimeline(
  store: EventStore,
  folds: TimelineFolds,
  query: TimelineQuery,
  findStreams: CustomerStreamFinder = finderOverPort(store),
): Promise<Timeline> {
  const asOf = Date.parse(query.asOf);
  const customerEvents = await store.readStream(streams.customer(query.customerId));
  if (customerEvents.length === 0) {
    throw notFound('unknown-customer', `no customer ${query.customerId}`, { customerId: query.customerId });
  }
  let eventsAfterAsOf = 0;
  const cut = (events: readonly RecordedEvent[]) => {
    const counted = events.filter((event) => countsAsOf(event, asOf, query.by));
    eventsAfterAsOf += events.length - counted.length;
    return counted;
  };
  const asAggregate = async (id: string, streamId: string, fold: Fold | undefined) => {
    const counted = cut(await store.readStream(streamId));
    const last = counted[counted.length - 1];
    if (!last) return undefined;
    const state = fold ? foldEvents(fold, counted) : counted.map(({ type, data }) => ({ type, data }));
    const summarize = fold?.summarize as ((state: unknown, asOf: string) => unknown) | undefined;
    return {
      id,
      streamId,
      revision: last.revision.toString(),
      state,
      ...(summarize ? { summary: summarize(state, query.asOf) } : {}),
      decidedByPolicy: policyVersionsOf(counted),
    } satisfies AggregateAsOf;
  };

  const customer = foldEvents(folds.customer, cut(customerEvents));
  const owned = await findStreams(query.customerId);
  const idsIn = (prefix: string) =>
    owned.filter((streamId) => streamId.startsWith(prefix)).map((streamId) => streamId.slice(prefix.length));
  const present = <T>(items: readonly (T | undefined)[]) =>
    items.filter((item): item is T => item !== undefined);
  const fold = (prefix: string, streamOf: (id: string) => string, folder: Fold | undefined) =>
    Promise.all(idsIn(prefix).map((id) => asAggregate(id, streamOf(id), folder))).then(present);

  const orders = await fold('order-', streams.order, folds.order);
  const returns = await fold('return-', streams.return, folds.return);
  const repairs = await fold('repair-', streams.repair, folds.repair);
  const loyalty =
    (await asAggregate(query.customerId, streams.loyalty(query.customerId), folds.loyalty)) ?? null;
  const feedbackEvents = await Promise.all(
    owned
      .filter((streamId) => streamId.startsWith('feedback-'))
      .map((streamId) => store.readStream(streamId)),
  );
  const feedback = cut(feedbackEvents.flat())
    .filter((event) => (event.data as { customerId?: unknown }).customerId === query.customerId)
    .map((event) => event.data);

  return {
    customerId: query.customerId,
    asOf: query.asOf,
    by: query.by,
    customer,
    consents: (customer as { consents?: unknown }).consents ?? null,
    orders,
    returns,
    repairs,
    loyalty,
    feedback,
    eventsAfterAsOf,
    policyVersion: policyVersionAt(policyTimeline(await policyChanges(store)), query.asOf),
  };
}
