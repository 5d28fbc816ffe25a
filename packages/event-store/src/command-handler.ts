import { sleep } from './backoff';
import { WrongExpectedRevisionError } from './errors';
import { newEventId } from './event-id';
import type { AppendResult, EventStore, ExpectedRevision, StoredMetadata } from './port';
import {
  appendingThrough,
  cachedAccess,
  type Folded,
  type StreamAccess,
  type StreamRead,
  startingWith,
  storeAccess,
} from './stream-access';
import type { Settled, StreamQueue } from './stream-queue';
import type { StreamStateCache } from './stream-state-cache';
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
  /** The policy version in force at `occurredAt` when the command was decided (the audit's "which rule"). */
  policyVersion?: number;
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
   * The decision of this command already made on `firstRead` (with this context), e.g. by a check
   * before effects on other streams: the first attempt appends it without deciding again, on that
   * read rather than the cache's entry. A later attempt decides afresh.
   */
  firstDecision?: readonly E[];
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

/**
 * The one command-handling shell every writer uses. A command on a stream given a queue waits
 * for the commands before it on that stream (`StreamQueue`), and a plain one is decided in one
 * turn with the others waiting there (see `decideInTurn`); else it is decided alone. Under
 * `If-Match` the caller decided on a revision: a conflict is its answer, nothing to queue.
 */
export function handleCommand<C, E extends DecidedEvent, S, Ctx>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<C, E, S, Ctx>,
  command: C,
  options: HandleCommandOptions<Ctx, E, S>,
): Promise<HandleCommandResult<E, S>> {
  const job: Job<C, Ctx, E, S> = { command, options };
  const alone = () => decideInTurn(store, streamId, decider, [job]).then(answerOf);
  const queue = options.expectedRevision === undefined ? options.queue : undefined;
  if (!queue) return alone();
  // Nothing stored with it, no read or decision made ahead, no given ids: it may share a turn.
  const plain = !options.append && !options.firstRead && !options.firstDecision && !options.eventIds;
  if (!plain) return queue.run(streamId, alone);
  return queue.join(streamId, groupOf(store, decider), job, (jobs) =>
    decideInTurn(store, streamId, decider, jobs),
  );
}

/** One token per store and decider: only commands through the same store and fold share a turn. */
const groups = new WeakMap<EventStore, WeakMap<object, object>>();
function groupOf(store: EventStore, decider: object): object {
  let byDecider = groups.get(store);
  if (!byDecider) {
    byDecider = new WeakMap();
    groups.set(store, byDecider);
  }
  let token = byDecider.get(decider);
  if (!token) {
    token = {};
    byDecider.set(decider, token);
  }
  return token;
}

type Job<C, Ctx, E, S> = Readonly<{ command: C; options: HandleCommandOptions<Ctx, E, S> }>;
type Answer<E, S> = Settled<HandleCommandResult<E, S>>;

function answerOf<R>(answers: readonly Settled<R>[]): R {
  const [answer] = answers;
  if (!answer) throw new Error('no answer for the command');
  if (!answer.ok) throw answer.error;
  return answer.value;
}

/**
 * Commands on one stream decided in one turn (one command, unless the queue joined more):
 * 1. read the stream (see `accessFor`), unless the command comes decided on a read already;
 * 2. decide each command on the state the ones before it leave;
 * 3. append all their events at once, at the revision read;
 * 4. retry where the turn did not stand: on a state that may be old (the cache's) whose decision
 *    was a refusal or nothing, or whose append conflicted, at once on a fresh read; on a fresh
 *    read that conflicted, without `If-Match`, after a short random pause, until the latest
 *    deadline of the commands (`retryForMs`).
 * Each command's answer is the one it would have had run alone after the ones before it; a
 * refusal is its own command's answer only. A state from the cache is trusted only where the
 * store confirms it (its append succeeds), so every answer is the one a fresh read would give.
 */
async function decideInTurn<C, E extends DecidedEvent, S, Ctx>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<C, E, S, Ctx>,
  jobs: readonly Job<C, Ctx, E, S>[],
): Promise<readonly Answer<E, S>[]> {
  const [first] = jobs;
  if (!first) return [];
  const access = accessFor(store, streamId, decider, first.options);
  const deadline = Date.now() + Math.max(...jobs.map((job) => job.options.retryForMs ?? 10_000));
  let ahead = await madeAhead(first.options);
  for (let attempt = 1; ; attempt++) {
    const turn = await attemptTurn(access, streamId, decider, jobs, ahead);
    ahead = undefined;
    if (turn.kind === 'done') return turn.answers;
    // 4. Retry on a fresh read: at once for an old state, after a pause for a true conflict.
    access.forget();
    if (turn.kind === 'conflict') {
      if (Date.now() >= deadline) throw turn.error;
      await sleep(Math.random() * Math.min(100, 2 ** (attempt + 1)));
    }
  }
}

/** The stream as the command's options reach it: the store, through the wrappers asked for. */
function accessFor<C, E extends DecidedEvent, S, Ctx>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<C, E, S, Ctx>,
  options: HandleCommandOptions<Ctx, E, S>,
): StreamAccess<S, HandledEvent<E>> {
  const fold = {
    initialState: decider.initialState,
    evolve: decider.evolve as (state: S, event: HandledEvent<E>) => S,
    upcast: options.upcast ?? upcastToCurrent,
  };
  let access = storeAccess(store, streamId, fold);
  if (options.append) access = appendingThrough(access, options.append);
  if (options.firstRead && !options.firstDecision) access = startingWith(access, options.firstRead);
  if (options.cache) access = cachedAccess(access, options.cache, streamId, fold);
  return access;
}

type Ahead<E, S> = Readonly<{ read: StreamRead<S>; decided: readonly E[] }>;

/** The command's decision made already on a read of its own (see `firstDecision`). */
async function madeAhead<Ctx, E, S>(
  options: HandleCommandOptions<Ctx, E, S>,
): Promise<Ahead<E, S> | undefined> {
  if (!options.firstRead || !options.firstDecision) return undefined;
  return { read: { ...(await options.firstRead), certain: true }, decided: options.firstDecision };
}

type Turn<E, S> =
  | Readonly<{ kind: 'done'; answers: readonly Answer<E, S>[] }>
  /** Decided on a state that may be old: decide again on a read. */
  | Readonly<{ kind: 'stale' }>
  /** The stream moved on after a fresh read. */
  | Readonly<{ kind: 'conflict'; error: WrongExpectedRevisionError }>;

/** Steps 1–3 of `decideInTurn`: one read, the decisions on it, their append. */
async function attemptTurn<C, E extends DecidedEvent, S, Ctx>(
  access: StreamAccess<S, HandledEvent<E>>,
  streamId: string,
  decider: CommandDecider<C, E, S, Ctx>,
  jobs: readonly Job<C, Ctx, E, S>[],
  ahead: Ahead<E, S> | undefined,
): Promise<Turn<E, S>> {
  // 1. Read, and hold it against the revision the caller saw (only a lone command has one).
  const read = ahead?.read ?? (await access.read());
  const ifMatch = jobs.length === 1 ? jobs[0]?.options.expectedRevision : undefined;
  const seen = ifMatch === 'no_stream' ? -1n : ifMatch;
  if (seen !== undefined && seen !== read.revision) {
    // Only the stream can tell whether an old cache entry or the caller is right.
    if (!read.certain) return { kind: 'stale' };
    throw new WrongExpectedRevisionError(
      streamId,
      ifMatch ?? 'any',
      read.revision < 0n ? 'no_stream' : read.revision,
    );
  }
  // 2. Decide. A refusal or nothing to do may come from an old state: decide again on the stream.
  const decided = decideEach(decider, jobs, read, ahead?.decided);
  if (!read.certain && decided.doubtful) return { kind: 'stale' };
  if (decided.events.length === 0) return { kind: 'done', answers: decided.answers };
  // 3. Append at the revision decided on.
  let result: AppendResult;
  try {
    result = await access.append({
      events: decided.events,
      expectedRevision: revisionOf(read),
      state: decided.state,
      revision: decided.revision,
    });
  } catch (err) {
    if (!(err instanceof WrongExpectedRevisionError)) throw err;
    // Under `If-Match` the revision appended with was the caller's own: a true conflict, at once.
    if (seen !== undefined) throw err;
    return read.certain ? { kind: 'conflict', error: err } : { kind: 'stale' };
  }
  // An append answered as a replay of an earlier one (given ids) answers with its revisions.
  const replayed = result.nextExpectedRevision !== decided.revision;
  return {
    kind: 'done',
    answers: decided.answers.map((answer) =>
      answer.ok && answer.value.newEvents.length > 0
        ? {
            ok: true,
            value: {
              ...answer.value,
              ...(replayed ? { nextExpectedRevision: result.nextExpectedRevision } : {}),
              lastPosition: result.lastPosition,
            },
          }
        : answer,
    ),
  };
}

const revisionOf = (read: Folded<unknown>): ExpectedRevision =>
  read.revision < 0n ? 'no_stream' : read.revision;

/** Each command decided on the state the ones before it leave (the first, perhaps, decided already). */
function decideEach<C, E extends DecidedEvent, S, Ctx>(
  decider: CommandDecider<C, E, S, Ctx>,
  jobs: readonly Job<C, Ctx, E, S>[],
  read: Folded<S>,
  firstDecided: readonly E[] | undefined,
) {
  let state = read.state;
  let revision = read.revision;
  const answers = jobs.map((job, index): Answer<E, S> => {
    try {
      const made =
        (index === 0 ? firstDecided : undefined) ?? decider.decide(job.command, state, job.options.context);
      const newEvents = stampEvents(made, job.options);
      state = made.reduce(decider.evolve, state);
      revision += BigInt(made.length);
      return { ok: true, value: { newEvents, nextExpectedRevision: revision, state } };
    } catch (error) {
      return { ok: false, error };
    }
  });
  return {
    answers,
    events: answers.flatMap((answer) => (answer.ok ? answer.value.newEvents : [])),
    doubtful: answers.some((answer) => !answer.ok || answer.value.newEvents.length === 0),
    state,
    revision,
  };
}

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
        policyVersion: options.metadata.policyVersion,
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
