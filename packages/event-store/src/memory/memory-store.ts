import { canonicalJson } from '../canonical-json';
import { EventIdConflictError, LinkedAppendRefusedError } from '../errors';
import { checkExpectedRevision, isExpectedRevision } from '../expected-revision';
import { computeEventHash } from '../hash';
import type {
  AllFilter,
  AppendResult,
  ChainedEvent,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredMetadata,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../port';
import { catchUpSubscription } from '../subscription/catch-up';
import { ChangeSignal } from '../subscription/change-signal';
import { validateEvents, validateLinkedAppends } from '../validation';

export type MemoryStoreOptions = Readonly<{ clock?: () => Date }>;

type Stored = Readonly<{ event: RecordedEvent; content: string; hash: string }>;

const contentOf = (streamId: string, event: NewEvent) =>
  canonicalJson({ streamId, type: event.type, data: event.data, metadata: event.metadata });

export function matchesFilter(event: Pick<RecordedEvent, 'type' | 'streamId'>, filter?: AllFilter): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) {
    return false;
  }
  return true;
}

/**
 * The port's full semantics in memory, for fast unit tests: expected revisions, idempotency by
 * event id, reads, filters and catch-up subscriptions. Positions are 1, 2, 3, ...
 */
export class MemoryEventStore implements EventStore {
  readonly kind = 'memory' as const;
  private readonly all: Stored[] = [];
  private readonly streams = new Map<string, Stored[]>();
  private readonly byId = new Map<string, Stored>();
  private readonly changes = new ChangeSignal();
  private readonly clock: () => Date;
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision?: ExpectedRevision }> = {},
  ): Promise<AppendResult> {
    validateEvents(streamId, events);
    const stream = this.streams.get(streamId) ?? [];
    const replay = this.findReplay(streamId, events);
    if (replay) return replay;
    const current = BigInt(stream.length) - 1n;
    checkExpectedRevision(streamId, options.expectedRevision ?? 'any', current);
    if (events.length === 0) {
      return { nextExpectedRevision: current, lastPosition: this.lastPositionOf(stream) };
    }
    return this.store(streamId, stream, events);
  }

  async appendLinked(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    validateLinkedAppends(appends);
    const streamIds = appends.map((append) => append.streamId);
    // Everything is checked before anything is stored, with no await in between.
    const fits = appends.every(
      ({ streamId, events, expectedRevision }) =>
        events.length > 0 &&
        events.every((event) => !this.byId.has(event.metadata.eventId.toLowerCase())) &&
        isExpectedRevision(expectedRevision, BigInt(this.streams.get(streamId)?.length ?? 0) - 1n),
    );
    if (!fits) throw new LinkedAppendRefusedError(streamIds);
    return appends.map(({ streamId, events }) =>
      this.store(streamId, this.streams.get(streamId) ?? [], events),
    );
  }

  private store(streamId: string, stream: Stored[], events: readonly NewEvent[]): AppendResult {
    const recordedAt = this.clock();
    for (const event of events) {
      const metadata = structuredClone(event.metadata) as StoredMetadata;
      const recorded: RecordedEvent = Object.freeze({
        streamId,
        type: event.type,
        data: structuredClone(event.data),
        metadata: Object.freeze({ ...metadata, recordedAt: recordedAt.toISOString() }),
        revision: BigInt(stream.length),
        position: BigInt(this.all.length + 1),
        recordedAt,
      });
      const previous = stream[stream.length - 1];
      const hash = computeEventHash({
        previousHash: previous?.hash ?? '',
        streamId,
        revision: recorded.revision,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      });
      const stored = { event: recorded, content: contentOf(streamId, event), hash };
      stream.push(stored);
      this.all.push(stored);
      this.byId.set(metadata.eventId.toLowerCase(), stored);
    }
    this.streams.set(streamId, stream);
    this.changes.notify();
    return { nextExpectedRevision: BigInt(stream.length) - 1n, lastPosition: BigInt(this.all.length) };
  }

  /** The same append again (same ids, same content, same order) answers the first result. */
  private findReplay(streamId: string, events: readonly NewEvent[]): AppendResult | undefined {
    const found = events.map((event) => this.byId.get(event.metadata.eventId.toLowerCase()));
    if (found.every((stored) => stored === undefined)) return undefined;
    let previous: Stored | undefined;
    events.forEach((event, index) => {
      const stored = found[index];
      const inOrder = !previous || (stored && stored.event.revision === previous.event.revision + 1n);
      if (!stored || stored.content !== contentOf(streamId, event) || !inOrder) {
        throw new EventIdConflictError(event.metadata.eventId);
      }
      previous = stored;
    });
    const last = found[found.length - 1];
    if (!last) return undefined;
    return { nextExpectedRevision: last.event.revision, lastPosition: last.event.position };
  }

  private lastPositionOf(stream: readonly Stored[]): bigint {
    return stream[stream.length - 1]?.event.position ?? 0n;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = (this.streams.get(streamId) ?? []).map((stored) => stored.event);
    const backwards = options.direction === 'backwards';
    const ordered = backwards ? [...stream].reverse() : stream;
    const from = options.fromRevision;
    const selected =
      from === undefined
        ? ordered
        : ordered.filter((event) => (backwards ? event.revision <= from : event.revision >= from));
    return selected.slice(0, options.maxCount ?? selected.length);
  }

  async readAllChained(options: ReadAllOptions = {}): Promise<ChainedEvent[]> {
    const events = await this.readAll(options);
    return events.map((event) => ({ ...event, hash: this.all[Number(event.position) - 1]?.hash ?? '' }));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    const result: RecordedEvent[] = [];
    // Positions are index + 1, so start right after `after`.
    for (let index = Number(after); index < this.all.length && result.length < max; index++) {
      const stored = this.all[index];
      if (stored && matchesFilter(stored.event, options.filter)) result.push(stored.event);
    }
    return result;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return catchUpSubscription(
      {
        readBatch: (after, maxCount) => this.readAll({ after, maxCount, filter: options.filter }),
        changes: this.changes,
        pollIntervalMs: 1_000,
      },
      options,
    );
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.all.length);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

export const createMemoryEventStore = (options?: MemoryStoreOptions): EventStore =>
  new MemoryEventStore(options);
