import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { Logger } from 'pino';
import { canonicalJson } from '../canonical-json';
import { EventIdConflictError } from '../errors';
import { checkExpectedRevision, NO_STREAM_REVISION } from '../expected-revision';
import { computeEventHash } from '../hash';
import type {
  AppendResult,
  ChainedEvent,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port';
import { validateEvents } from '../validation';
import { mapEsdbError } from './esdb-errors';
import {
  chainLinkOf,
  type EsdbRecorded,
  matches,
  toChainedEvent,
  toEventData,
  toRecordedEvent,
} from './esdb-events';
import { readAllAfter, reportOutOfOrder, toPortPosition } from './esdb-positions';
import { esdbSubscription } from './esdb-subscription';

export type EventStoreDbOptions = Readonly<{
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /** Deadline of each append and read call: an unreachable server answers within it. Default 5 s. */
  deadlineMs?: number;
  /** Events per server read of `$all` in `readAll` (at least 2). Default 1,000. */
  readPageSize?: number;
  log?: Logger;
}>;

const PAGE = 1_000;

/** The events as ESDB event data, each with its chain link, following `after`. */
function chained(streamId: string, after: { revision: bigint; hash: string }, events: readonly NewEvent[]) {
  let previousHash = after.hash;
  return events.map((event, index) => {
    const hash = computeEventHash({
      previousHash,
      streamId,
      revision: after.revision + BigInt(index) + 1n,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    });
    previousHash = hash;
    return toEventData(event, hash);
  });
}

const isWrongExpected = (err: unknown) => err instanceof WrongExpectedVersionError;

/**
 * The EventStoreDB adapter. Positions are ESDB prepare positions, one per event
 * (`esdb-positions.ts`). Idempotency by event id is only reliable when an exact expected revision
 * is passed (EventStoreDB issue 1970): the command shell always passes one.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly client: EventStoreDBClient;
  private readonly deadline: number;
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly options: EventStoreDbOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.deadline = options.deadlineMs ?? 5_000;
  }

  /**
   * Appends with the hash chain in each event's metadata (see `HASH_KEY`). The chain needs the
   * link of the event the append follows, so every append goes to ESDB with an exact expected
   * revision: the caller's when it gave one (ESDB's idempotency by id then holds); for `any` and
   * `stream_exists`, the head just read, again on a race with another writer.
   */
  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision?: ExpectedRevision }> = {},
  ): Promise<AppendResult> {
    validateEvents(streamId, events);
    const expected = options.expectedRevision ?? 'any';
    try {
      if (events.length === 0) {
        const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
        checkExpectedRevision(streamId, expected, last?.revision ?? NO_STREAM_REVISION);
        return {
          nextExpectedRevision: last?.revision ?? NO_STREAM_REVISION,
          lastPosition: last?.position ?? 0n,
        };
      }
      for (let attempt = 1; ; attempt++) {
        const after = await this.linkBefore(streamId, expected, events);
        if ('replayed' in after) return after.replayed;
        const result = await this.client
          .appendToStream(streamId, chained(streamId, after, events), {
            expectedRevision: after.revision < 0n ? NO_STREAM : after.revision,
            deadline: this.deadline,
          })
          .catch((err: unknown) => {
            // Another writer took the head just read: read it again (only when the caller let
            // us choose the revision).
            if (
              typeof expected !== 'bigint' &&
              expected !== 'no_stream' &&
              attempt < 20 &&
              isWrongExpected(err)
            ) {
              return undefined;
            }
            throw err;
          });
        if (!result) continue;
        // No position: the server recognised the ids and wrote nothing. It compares ids only,
        // so check the content ourselves: the same id with other content is an error.
        if (!result.position) return await this.confirmReplay(streamId, events, result.nextExpectedRevision);
        // The answer's `commit` is the log offset of the append's last event, which is that
        // event's prepare position: our position of it.
        return { nextExpectedRevision: result.nextExpectedRevision, lastPosition: result.position.commit };
      }
    } catch (err) {
      throw mapEsdbError(err, { streamId, expected });
    }
  }

  /**
   * The revision and chain link the append follows: the caller's exact revision, or none for
   * `no_stream`, or the head. A repeat of the stream's last append under `any` is answered here.
   */
  private async linkBefore(
    streamId: string,
    expected: ExpectedRevision,
    events: readonly NewEvent[],
  ): Promise<{ revision: bigint; hash: string } | { replayed: AppendResult }> {
    if (expected === 'no_stream') return { revision: NO_STREAM_REVISION, hash: '' };
    if (typeof expected === 'bigint') {
      if (expected < 0n) return { revision: NO_STREAM_REVISION, hash: '' };
      const [at] = await this.readRaw(streamId, { fromRevision: expected, maxCount: 1 });
      // Not there: ESDB will refuse the revision (or recognise a repeat) with its own answer.
      return { revision: expected, hash: at && at.revision === expected ? chainLinkOf(at) : '' };
    }
    const [head] = await this.readRaw(streamId, { direction: 'backwards', maxCount: 1 });
    checkExpectedRevision(streamId, expected, head?.revision ?? NO_STREAM_REVISION);
    if (!head) return { revision: NO_STREAM_REVISION, hash: '' };
    const last = events[events.length - 1];
    if (last && head.id.toLowerCase() === last.metadata.eventId.toLowerCase()) {
      return { replayed: await this.confirmReplay(streamId, events, head.revision) };
    }
    return { revision: head.revision, hash: chainLinkOf(head) };
  }

  /** A stream's events as ESDB returns them (metadata with the chain link). */
  private async readRaw(streamId: string, options: ReadStreamOptions) {
    const backwards = options.direction === 'backwards';
    const found: Omit<EsdbRecorded, 'position'>[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        deadline: this.deadline,
      });
      for await (const resolved of read) if (resolved.event) found.push(resolved.event);
      return found;
    } catch (err) {
      if (err instanceof StreamNotFoundError) return found;
      throw err;
    }
  }

  private async confirmReplay(
    streamId: string,
    events: readonly NewEvent[],
    last: bigint,
  ): Promise<AppendResult> {
    const first = last - BigInt(events.length) + 1n;
    const stored = await this.readStream(streamId, {
      fromRevision: first < 0n ? 0n : first,
      maxCount: events.length,
    });
    events.forEach((event, index) => {
      const found = stored[index];
      const { recordedAt: _recordedAt, ...metadata } = (found?.metadata ?? {}) as Record<string, unknown>;
      const same =
        found &&
        found.metadata.eventId === event.metadata.eventId &&
        canonicalJson([found.type, found.data, metadata]) ===
          canonicalJson([event.type, event.data, event.metadata]);
      if (!same) throw new EventIdConflictError(event.metadata.eventId);
    });
    return { nextExpectedRevision: last, lastPosition: stored[stored.length - 1]?.position ?? 0n };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        deadline: this.deadline,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
      return events;
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw mapEsdbError(err, { streamId });
    }
  }

  /**
   * Pages through `$all` and filters on our side: the client's plain `$all` read has no
   * server-side filter (subscriptions do, see `subscribeToAll`). `after` is resumed exactly:
   * `readAllAfter` starts the server at it and drops what is not strictly after it.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllAs(options, toRecordedEvent);
  }

  async readAllChained(options: ReadAllOptions = {}): Promise<ChainedEvent[]> {
    return this.readAllAs(options, toChainedEvent);
  }

  private async readAllAs<T>(
    options: ReadAllOptions,
    as: (event: Parameters<typeof toRecordedEvent>[0]) => T,
  ): Promise<T[]> {
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    const result: T[] = [];
    if (max <= 0) return result;
    const readPage = (from: ReadPosition, maxCount: number) =>
      events(
        this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount, deadline: this.deadline }),
      );
    try {
      const all = readAllAfter(readPage, options.after, this.options.readPageSize ?? PAGE, this.outOfOrder);
      for await (const event of all) {
        if (event && matches(event, options.filter)) result.push(as(event));
        if (result.length >= max) break;
      }
      return result;
    } catch (err) {
      throw mapEsdbError(err);
    }
  }

  private readonly outOfOrder = (position: Position, after: bigint | undefined) =>
    reportOutOfOrder(this.options.log, position, after);

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = esdbSubscription(this.client, options, this.options.log);
    this.subscriptions.add(subscription);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  async headPosition(): Promise<bigint> {
    try {
      const read = this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        deadline: this.deadline,
      });
      for await (const resolved of read) return resolved.event ? toPortPosition(resolved.event.position) : 0n;
      return 0n;
    } catch (err) {
      throw mapEsdbError(err);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }
}

export const createEventStoreDbEventStore = (options: EventStoreDbOptions): EventStoreDbEventStore =>
  new EventStoreDbEventStore(options);

async function* events<E>(read: AsyncIterable<{ event?: E }>): AsyncGenerator<E | undefined> {
  for await (const resolved of read) yield resolved.event;
}
