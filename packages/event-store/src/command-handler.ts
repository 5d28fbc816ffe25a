import { v7 as uuidv7 } from 'uuid';
import { WrongExpectedRevisionError } from './errors';
import { NO_STREAM_REVISION } from './expected-revision';
import type { EventStore, NewEvent, StoredMetadata } from './port';
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
}>;

export type HandleCommandOptions<Ctx> = Readonly<{
  context: Ctx;
  metadata: CommandMetadata;
  /**
   * From an HTTP `If-Match`: the revision the caller saw (`-1n` or `'no_stream'` for "new").
   * When given, a conflict is thrown at once, never retried: the caller decided on that state.
   */
  expectedRevision?: bigint | 'no_stream';
  /** Deterministic event ids (e.g. uuid v5 of a trigger) so follow-ups are idempotent. */
  eventIds?: (index: number) => string;
  /** Retries after a conflict when no `expectedRevision` was given. Default 3. */
  maxRetries?: number;
  /** Default: the domain's upcasting. */
  upcast?: Upcaster;
  /** Default: the domain's current schema version per event type. */
  schemaVersionOf?: SchemaVersionOf;
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

/**
 * The one command-handling shell every writer uses:
 * 1. read the stream and fold it (upcasting old versions);
 * 2. check the caller's `If-Match` revision, when given;
 * 3. decide; nothing decided means nothing appended;
 * 4. append with the exact revision read (`no_stream` for a new stream);
 * 5. on a conflict without `If-Match`, start again from 1, at most `maxRetries` times.
 */
export async function handleCommand<C, E extends DecidedEvent, S, Ctx>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<C, E, S, Ctx>,
  command: C,
  options: HandleCommandOptions<Ctx>,
): Promise<HandleCommandResult<E, S>> {
  const maxRetries = options.maxRetries ?? 3;
  const schemaVersionOf = options.schemaVersionOf ?? domainSchemaVersion;
  for (let attempt = 0; ; attempt++) {
    const { state, revision } = await aggregateStream(
      store,
      streamId,
      decider.evolve,
      decider.initialState(),
      {
        upcast: options.upcast,
      },
    );
    if (options.expectedRevision !== undefined && toRevision(options.expectedRevision) !== revision) {
      throw new WrongExpectedRevisionError(
        streamId,
        options.expectedRevision,
        revision < 0n ? 'no_stream' : revision,
      );
    }
    const decided = decider.decide(command, state, options.context);
    if (decided.length === 0) return { newEvents: [], nextExpectedRevision: revision, state };

    const newEvents = decided.map(
      (event, index): HandledEvent<E> => ({
        ...event,
        metadata: withoutUndefined({
          eventId: options.eventIds?.(index) ?? uuidv7(),
          occurredAt: options.metadata.occurredAt,
          correlationId: options.metadata.correlationId,
          causationId: options.metadata.causationId,
          actor: options.metadata.actor,
          schemaVersion: schemaVersionOf(event.type),
        }),
      }),
    );
    try {
      const result = await store.appendToStream(streamId, newEvents as readonly NewEvent[], {
        expectedRevision: revision < 0n ? 'no_stream' : revision,
      });
      return {
        newEvents,
        nextExpectedRevision: result.nextExpectedRevision,
        lastPosition: result.lastPosition,
        state: decided.reduce(decider.evolve, state),
      };
    } catch (err) {
      const retry = err instanceof WrongExpectedRevisionError && options.expectedRevision === undefined;
      if (!retry || attempt >= maxRetries) throw err;
    }
  }
}

function withoutUndefined(metadata: Record<string, unknown>): StoredMetadata {
  return Object.fromEntries(
    Object.entries(metadata).filter(([, value]) => value !== undefined),
  ) as StoredMetadata;
}
