/**
 * The event store port. Two real adapters implement it (PostgreSQL, EventStoreDB) and one
 * contract suite checks both. Revisions are 0-based per stream; positions are the store's
 * global order (strictly increasing in commit order as seen by readers).
 */

/** `no_stream`: the stream must not exist; `stream_exists`: it must; a bigint: its exact last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type StoredMetadata = Readonly<{
  eventId: string;
  occurredAt: string;
  correlationId?: string;
  causationId?: string;
  actor?: string;
  schemaVersion: number;
  [key: string]: unknown;
}>;

export type NewEvent = Readonly<{
  type: string;
  data: unknown;
  /** `eventId` is required: appends are idempotent by it. */
  metadata: StoredMetadata;
}>;

export type RecordedEvent = Readonly<{
  streamId: string;
  type: string;
  data: unknown;
  metadata: StoredMetadata;
  /** 0-based revision within the stream. */
  revision: bigint;
  /** Global position in the store. */
  position: bigint;
  /** Store time. */
  recordedAt: Date;
}>;

/**
 * An event with its link of the hash chain: `computeEventHash` (hash.ts) over the previous
 * event's link and this event as appended, hex. Kept by every store: PostgreSQL in a column,
 * EventStoreDB in the event's stored metadata (`$hash`, taken out again on every read), memory
 * alongside the event.
 */
export type ChainedEvent = RecordedEvent & Readonly<{ hash: string }>;

export type AppendResult = Readonly<{
  /** The stream's last revision after the append (the next expected revision). */
  nextExpectedRevision: bigint;
  /** Global position of the last appended event. */
  lastPosition: bigint;
}>;

/** One stream's part of a linked append (see `EventStore.appendLinked`). */
export type StreamAppend = Readonly<{
  streamId: string;
  events: readonly NewEvent[];
  expectedRevision: ExpectedRevision;
}>;

export type AllFilter = Readonly<{
  eventTypes?: readonly string[];
  /** e.g. `['order-', 'return-']` */
  streamPrefixes?: readonly string[];
}>;

export type ReadStreamOptions = Readonly<{
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}>;

export type ReadAllOptions = Readonly<{
  /** Exclusive: events strictly after this position. Omit to start at the beginning. */
  after?: bigint;
  maxCount?: number;
  filter?: AllFilter;
}>;

export type SubscribeOptions = ReadAllOptions &
  Readonly<{
    /** Called on a transient error before the subscription retries by itself. */
    onRetry?: (err: unknown, attempt: number) => void;
  }>;

/** A catch-up subscription: reads history from `after`, then turns live. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Stops the subscription; the iterator ends. */
  close(): Promise<void>;
}

export interface EventStore {
  readonly kind: 'postgres' | 'eventstoredb' | 'memory';
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: Readonly<{ expectedRevision?: ExpectedRevision }>,
  ): Promise<AppendResult>;
  /**
   * Optional: appends to several distinct streams in one transaction, all or none, each checked
   * as `appendToStream` checks it; one result per append, in order. When any part would not be
   * stored exactly as given (its expected revision, an event id already stored, even a repeat of
   * this very append), nothing is stored and it throws `LinkedAppendRefusedError`: the caller then
   * appends one by one, which gives each part its precise answer. Any other error (the store
   * unreachable) leaves the outcome unknown, as for `appendToStream`; appending one by one is
   * then safe too, since appends are idempotent by event id. Stores without transactions across
   * streams (EventStoreDB) leave it out.
   */
  appendLinked?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /** Empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * `readAll` with each event's link of the hash chain, content exactly as stored (a decorating
   * store passes it through untouched): what `pnpm ops verify` recomputes. Optional for stores
   * written outside this package.
   */
  readAllChained?(options?: ReadAllOptions): Promise<ChainedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last event readers can see (0n when empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}
