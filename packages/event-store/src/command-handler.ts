import { WrongExpectedRevisionError } from './errors';
import { newEventId } from './event-id';
import { NO_STREAM_REVISION } from './expected-revision';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, StoredMetadata } from './port';
import { domainSchemaVersion, type SchemaVersionOf, type Upcaster, upcastToCurrent } from './upcasting';

/** What the shell needs of a decider (structurally the domain's `Decider`). */
export type CommandDecider<C, E extends DecidedEvent, S, Ctx> = Readonly<{
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  decide: (command: C, state: S, context: Ctx) => readonly E[];
}>;

export type DecidedEvent = Readonly<{ type: string; data: object }>;

export type CommandMetadata = Readonly<{
  /** Business time of the command (ISO 8601 UTC); the caller passes the server clock by default. */
  occurredAt: string;
  correlationId?: string;
  causationId?: string;
  actor?: string;
  /** W3C Trace Context of the command (tracing on): the readers' spans join its trace. */
  traceparent?: string;
}>;

export type HandleCommandOptions<Ctx, E = DecidedEvent, S = unknown> = Readonly<{
  context: Ctx;
  metadata: CommandMetadata;
  /**
   * From an HTTP `If-Match`: the revision the caller saw (`-1n` or `'no_stream'` for "new").
   * When given, a conflict is thrown at once, never retried: the caller decided on that state.
   */
  expectedRevision?: bigint | 'no_stream';
  /** Deterministic event ids (e.g. uuid v5 of a trigger) so follow-ups are idempotent. */
  eventIds?: (index: number) => string;
  /**
   * How long the shell keeps re-reading and re-deciding after conflicts when no
   * `expectedRevision` was given (a deadline, not a count: a hot stream under many writers needs
   * more tries than a quiet one). Default 10 s; between tries a short random pause (up to 2, 4, 8
   * … 100 ms) keeps the contenders from meeting again in lockstep.
   */
  retryForMs?: number;
  /** Default: the domain's upcasting. */
  upcast?: Upcaster;
  /** Default: the domain's current schema version per event type. */
  schemaVersionOf?: SchemaVersionOf;
  /**
   * Folded states of recently used streams: a hit skips the read. A stale entry is safe, as the
   * append's expected revision refuses it; the shell then reads afresh (see `StreamStateCache`).
   */
  cache?: StreamStateCache;
  /** Commands on one stream one after another (see `StreamQueue`); without it they race. */
  queue?: StreamQueue;
  /**
   * A read of the stream already under way, started while something else was in flight (a
   * follow-up's stream, read while its trigger appends). It serves as the first read when the
   * cache has no entry; a later attempt reads afresh. Like any read, the append's expected
   * revision refuses it when the stream moved on meanwhile.
   */
  firstRead?: Promise<Readonly<{ state: S; revision: bigint }>>;
  /**
   * Stores the decision in place of `store.appendToStream(streamId, events, { expectedRevision })`
   * (on each attempt, with that attempt's decision), given also the state after the events and
   * the stream's revision once they are stored. Lets the caller store more with it, such as
   * linked follow-ups (`EventStore.appendLinked`). It must answer and fail as that append would.
   */
  append?: (
    decision: Readonly<{
      events: readonly HandledEvent<E>[];
      expectedRevision: ExpectedRevision;
      state: S;
      revision: bigint;
    }>,
  ) => Promise<AppendResult>;
}>;

export type HandledEvent<E> = E & Readonly<{ metadata: StoredMetadata }>;

export type HandleCommandResult<E, S> = Readonly<{
  newEvents: readonly HandledEvent<E>[];
  /** The stream's last revision after the command (`-1n` when it still does not exist). */
  nextExpectedRevision: bigint;
  /** Global position of the last appended event; undefined when nothing was appended. */
  lastPosition?: bigint;
  state: S;
}>;

/** Folds a stream into state. `revision` is the last revision read, `-1n` for no stream. */
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

const toRevision = (expected: bigint | 'no_stream') =>
  expected === 'no_stream' ? NO_STREAM_REVISION : expected;

type CachedStream = {
  state: unknown;
  revision: bigint;
  /** The fold that produced `state`: another decider over the same stream folds differently. */
  evolve: unknown;
  upcast: Upcaster;
  until: number;
};

export type StreamStateCacheOptions = Readonly<{
  /** Most streams kept; the least recently used goes first. Default 10,000. */
  maxStreams?: number;
  /**
   * How long an entry may be used. Bounds how long a state (personal data included) outlives a
   * change made elsewhere, e.g. a customer forgotten by the operations. Default 60 s.
   */
  maxAgeMs?: number;
  now?: () => number;
}>;

/**
 * The folded state and revision of recently used streams, per process. Only what the store
 * answered (a read, or an append at exactly the revision decided on) goes in, and revisions name
 * immutable prefixes, so an entry is never wrong, only possibly old: the shell appends with the
 * entry's revision, and a stream that moved on refuses that append.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream>();
  private readonly maxStreams: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: StreamStateCacheOptions = {}) {
    this.maxStreams = options.maxStreams ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  has(streamId: string): boolean {
    const entry = this.entries.get(streamId);
    return entry !== undefined && entry.until > this.now();
  }

  get<S>(streamId: string, evolve: unknown, upcast: Upcaster): { state: S; revision: bigint } | undefined {
    const entry = this.entries.get(streamId);
    if (!entry) return undefined;
    if (entry.until <= this.now() || entry.evolve !== evolve || entry.upcast !== upcast) {
      this.entries.delete(streamId);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return { state: entry.state as S, revision: entry.revision };
  }

  set(streamId: string, state: unknown, revision: bigint, evolve: unknown, upcast: Upcaster): void {
    const current = this.entries.get(streamId);
    // A slower request must not put back an older state than one already known.
    if (current && current.evolve === evolve && current.revision > revision) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { state, revision, evolve, upcast, until: this.now() + this.maxAgeMs });
    if (this.entries.size > this.maxStreams) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * The one command-handling shell every writer uses:
 * 1. take the state to decide on: the cache's entry, a read already under way, or a read (old
 *    versions upcast);
 * 2. decide on it, and append the decision with the revision it was made on (`attemptOn`);
 * 3. done, unless the attempt says otherwise: a state from the cache that turned out old (its
 *    append conflicted, or on it the decision was a refusal or nothing) is read afresh at once;
 *    a conflict on a fresh read, without `If-Match`, is read afresh after a short random pause,
 *    until `retryForMs` has passed.
 *
 * A cached state is only trusted where the store confirms it: its append succeeds. So every
 * answer is the one a fresh read would have given.
 */
export function handleCommand<C, E extends DecidedEvent, S, Ctx>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<C, E, S, Ctx>,
  command: C,
  options: HandleCommandOptions<Ctx, E, S>,
): Promise<HandleCommandResult<E, S>> {
  // Under If-Match the caller decided on a revision: a conflict is its answer, nothing to queue.
  const queue = options.queue;
  if (!queue || options.expectedRevision !== undefined) {
    return decideAndAppend(store, streamId, decider, command, options);
  }
  return queue.run(streamId, () => decideAndAppend(store, streamId, decider, command, options));
}

/**
 * Commands on one stream, given the same queue, run one after another. Concurrent writers of a
 * hot stream (50 redemptions at once) would otherwise all decide on the same revision, one would
 * win, and the rest conflict, read again and race again: one success per round, and every
 * losing append still waits its turn on the stream in the store. Queued, each decides on the
 * state the one before left (from the stream cache when there is one) and appends without a
 * conflict; writers in other processes can still conflict, and are retried as before.
 * A command must not wait, inside its own turn, for another command on the same stream with the
 * same queue (the API never does: the steps of a plan run one after another).
 */
export class StreamQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(streamId);
    const mine = (before ?? Promise.resolve()).then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(streamId, settled);
    try {
      return await mine;
    } finally {
      if (this.tails.get(streamId) === settled) this.tails.delete(streamId);
    }
  }

  /** Streams with commands queued or running (tests, metrics). */
  get size(): number {
    return this.tails.size;
  }
}

async function decideAndAppend<C, E extends DecidedEvent, S, Ctx>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<C, E, S, Ctx>,
  command: C,
  options: HandleCommandOptions<Ctx, E, S>,
): Promise<HandleCommandResult<E, S>> {
  const deadline = Date.now() + (options.retryForMs ?? 10_000);
  const upcast = options.upcast ?? upcastToCurrent;
  const cache = options.cache;
  const expected = options.expectedRevision === undefined ? undefined : toRevision(options.expectedRevision);
  const read = () => aggregateStream(store, streamId, decider.evolve, decider.initialState(), { upcast });

  // 1. The cache's entry, unless the caller saw another revision (only the stream can tell who is right).
  let cached = cache?.get<S>(streamId, decider.evolve, upcast);
  if (cached && expected !== undefined && cached.revision !== expected) cached = undefined;
  let folded: Folded<S> = cached ?? (await (options.firstRead ?? read()));
  let fromCache = cached !== undefined;
  for (let attempt = 1; ; attempt++) {
    // An empty stream is not kept: a creating command's first "read" may be an assumption.
    if (!fromCache && folded.revision >= 0n)
      cache?.set(streamId, folded.state, folded.revision, decider.evolve, upcast);
    // 2. Decide and append.
    const outcome = await attemptOn(folded, fromCache, {
      store,
      streamId,
      decider,
      command,
      options,
      expected,
    });
    if (outcome.kind === 'done') return outcome.result;
    // 3. Read afresh: at once for an old cached state, after a pause for a true conflict.
    cache?.delete(streamId);
    if (outcome.kind === 'conflict') {
      if (Date.now() >= deadline) throw outcome.error;
      await sleep(Math.random() * Math.min(100, 2 ** (attempt + 1)));
    }
    folded = await read();
    fromCache = false;
  }
}

type Folded<S> = Readonly<{ state: S; revision: bigint }>;

type Attempt<E, S> =
  | Readonly<{ kind: 'done'; result: HandleCommandResult<E, S> }>
  /** Decided on a cached state that may be old: decide again on a read. */
  | Readonly<{ kind: 'stale' }>
  /** The stream moved on after a fresh read. */
  | Readonly<{ kind: 'conflict'; error: WrongExpectedRevisionError }>;

type AttemptDeps<C, E extends DecidedEvent, S, Ctx> = Readonly<{
  store: EventStore;
  streamId: string;
  decider: CommandDecider<C, E, S, Ctx>;
  command: C;
  options: HandleCommandOptions<Ctx, E, S>;
  expected: bigint | undefined;
}>;

/** One decision on `folded` and its append; what to do next when it does not stand. */
async function attemptOn<C, E extends DecidedEvent, S, Ctx>(
  { state, revision }: Folded<S>,
  fromCache: boolean,
  { store, streamId, decider, command, options, expected }: AttemptDeps<C, E, S, Ctx>,
): Promise<Attempt<E, S>> {
  const upcast = options.upcast ?? upcastToCurrent;
  if (expected !== undefined && expected !== revision) {
    throw new WrongExpectedRevisionError(
      streamId,
      options.expectedRevision ?? 'any',
      revision < 0n ? 'no_stream' : revision,
    );
  }
  let decided: readonly E[];
  try {
    decided = decider.decide(command, state, options.context);
  } catch (err) {
    // A refusal may come from an old state: decide again on the stream as it is.
    if (fromCache) return { kind: 'stale' };
    throw err;
  }
  if (decided.length === 0) {
    return fromCache
      ? { kind: 'stale' }
      : { kind: 'done', result: { newEvents: [], nextExpectedRevision: revision, state } };
  }
  const newEvents = stampEvents(decided, {
    ...options,
    schemaVersionOf: options.schemaVersionOf ?? domainSchemaVersion,
  });
  const next = decided.reduce(decider.evolve, state);
  const after = revision + BigInt(decided.length);
  const expectedRevision: ExpectedRevision = revision < 0n ? 'no_stream' : revision;
  let result: AppendResult;
  try {
    result = options.append
      ? await options.append({ events: newEvents, expectedRevision, state: next, revision: after })
      : await store.appendToStream(streamId, newEvents as readonly NewEvent[], { expectedRevision });
  } catch (err) {
    if (!(err instanceof WrongExpectedRevisionError)) throw err;
    // Under `If-Match` the revision appended with was the caller's own: a true conflict, at once.
    if (options.expectedRevision !== undefined) throw err;
    return fromCache ? { kind: 'stale' } : { kind: 'conflict', error: err };
  }
  // At exactly the revisions decided on, the new state is the stream's; an append answered as a
  // replay of an earlier one (other revisions) leaves the cache to the next read.
  if (result.nextExpectedRevision === after) {
    options.cache?.set(streamId, next, result.nextExpectedRevision, decider.evolve, upcast);
  } else options.cache?.delete(streamId);
  return {
    kind: 'done',
    result: {
      newEvents,
      nextExpectedRevision: result.nextExpectedRevision,
      lastPosition: result.lastPosition,
      state: next,
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A decision's events as a command appends them: ids (given, or a new uuid v7) and the command's metadata. */
export function stampEvents<E extends DecidedEvent>(
  decided: readonly E[],
  options: Readonly<{
    metadata: CommandMetadata;
    eventIds?: (index: number) => string;
    schemaVersionOf?: SchemaVersionOf;
  }>,
): HandledEvent<E>[] {
  const schemaVersionOf = options.schemaVersionOf ?? domainSchemaVersion;
  return decided.map(
    (event, index): HandledEvent<E> => ({
      ...event,
      metadata: withoutUndefined({
        eventId: options.eventIds?.(index) ?? newEventId(),
        occurredAt: options.metadata.occurredAt,
        correlationId: options.metadata.correlationId,
        causationId: options.metadata.causationId,
        actor: options.metadata.actor,
        traceparent: options.metadata.traceparent,
        schemaVersion: schemaVersionOf(event.type),
      }),
    }),
  );
}

function withoutUndefined(metadata: Record<string, unknown>): StoredMetadata {
  return Object.fromEntries(
    Object.entries(metadata).filter(([, value]) => value !== undefined),
  ) as StoredMetadata;
}
