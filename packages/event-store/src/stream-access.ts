import { NO_STREAM_REVISION } from './expected-revision';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from './port';
import type { StreamStateCache } from './stream-state-cache';
import { type Upcaster, upcastToCurrent } from './upcasting';

/** A stream folded into state. `revision` is the last revision read, `-1n` for no stream. */
export type Folded<S> = Readonly<{ state: S; revision: bigint }>;

/**
 * A stream as the shell decides on it. `certain` when the store answered it just now; a cache
 * entry may be old, and only an append at its revision confirms it.
 */
export type StreamRead<S> = Folded<S> & Readonly<{ certain: boolean }>;

/** A decision as it is stored: its events, the revision it was made on, and the state and revision after. */
export type StreamDecision<E, S> = Readonly<{
  events: readonly E[];
  expectedRevision: ExpectedRevision;
  state: S;
  revision: bigint;
}>;

/** How a stream is folded: by one decider's `evolve`, old event versions upcast. */
export type StreamFold<S, E> = Readonly<{
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  upcast: Upcaster;
}>;

/**
 * The one seam between the command shell and the store, for one stream as one decider folds it.
 * The plain one (`storeAccess`) reads and appends; each wrapper around it saves round trips and
 * nothing of the meaning — `cachedAccess` (the folded state of recently used streams),
 * `startingWith` (a read already under way), `appendingThrough` (a decision stored with more, such
 * as linked follow-ups). Without any of them the shell gives the same answers.
 */
export type StreamAccess<S, E> = Readonly<{
  read: () => Promise<StreamRead<S>>;
  /** Stores a decision; answers and fails as `EventStore.appendToStream` would. */
  append: (decision: StreamDecision<E, S>) => Promise<AppendResult>;
  /** The last read did not stand (old, or the stream moved on): the next one asks the store. */
  forget: () => void;
}>;

/** Folds a stream into state (old versions upcast). */
export async function aggregateStream<S, E>(
  store: EventStore,
  streamId: string,
  evolve: (state: S, event: E) => S,
  initialState: S,
  options: Readonly<{ upcast?: Upcaster }> = {},
): Promise<{ state: S; revision: bigint }> {
  const upcast = options.upcast ?? upcastToCurrent;
  const events = await store.readStream(streamId);
  let state = initialState;
  let revision = NO_STREAM_REVISION;
  for (const recorded of events) {
    // The stream holds this aggregate's events only; upcasting makes old versions current.
    state = evolve(state, upcast(recorded) as unknown as E);
    revision = recorded.revision;
  }
  return { state, revision };
}

/** The stream as the store holds it: every read a round trip, every append the plain one. */
export function storeAccess<S, E>(
  store: EventStore,
  streamId: string,
  fold: StreamFold<S, E>,
): StreamAccess<S, E> {
  return {
    read: async () => ({
      ...(await aggregateStream(store, streamId, fold.evolve, fold.initialState(), { upcast: fold.upcast })),
      certain: true,
    }),
    append: (decision) =>
      store.appendToStream(streamId, decision.events as readonly NewEvent[], {
        expectedRevision: decision.expectedRevision,
      }),
    forget: () => undefined,
  };
}

/**
 * Reads answered from the cache when it holds the stream (not `certain`), and the cache kept to
 * what the store answered: a read, or an append at exactly the revisions decided on.
 */
export function cachedAccess<S, E>(
  inner: StreamAccess<S, E>,
  cache: StreamStateCache,
  streamId: string,
  fold: StreamFold<S, E>,
): StreamAccess<S, E> {
  return {
    read: async () => {
      const entry = cache.get<S>(streamId, fold.evolve, fold.upcast);
      if (entry) return { ...entry, certain: false };
      const read = await inner.read();
      // An empty stream is not kept: a creating command's first "read" may be an assumption.
      if (read.revision >= 0n) cache.set(streamId, read.state, read.revision, fold.evolve, fold.upcast);
      return read;
    },
    append: async (decision) => {
      const result = await inner.append(decision);
      // An append answered as a replay of an earlier one (other revisions) leaves the cache to
      // the next read.
      if (result.nextExpectedRevision === decision.revision) {
        cache.set(streamId, decision.state, decision.revision, fold.evolve, fold.upcast);
      } else cache.delete(streamId);
      return result;
    },
    forget: () => {
      cache.delete(streamId);
      inner.forget();
    },
  };
}

/**
 * The first read answered by one already under way (a follow-up's stream, read while its
 * trigger appends). Like any read, the append's expected revision refuses it when the stream
 * moved on meanwhile; once forgotten, reads ask the store.
 */
export function startingWith<S, E>(inner: StreamAccess<S, E>, first: Promise<Folded<S>>): StreamAccess<S, E> {
  let pending: Promise<Folded<S>> | undefined = first;
  return {
    read: async () => {
      const read = pending;
      pending = undefined;
      return read ? { ...(await read), certain: true } : inner.read();
    },
    append: inner.append,
    forget: () => {
      pending = undefined;
      inner.forget();
    },
  };
}

/** Decisions stored by `append` in place of the plain append (e.g. with linked follow-ups). */
export function appendingThrough<S, E>(
  inner: StreamAccess<S, E>,
  append: (decision: StreamDecision<E, S>) => Promise<AppendResult>,
): StreamAccess<S, E> {
  return { ...inner, append };
}
