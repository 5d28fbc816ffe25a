import pg from 'pg';
import type { Logger } from 'pino';
import { Batcher } from '../batcher';
import { canonicalJson } from '../canonical-json';
import { LinkedAppendRefusedError } from '../errors';
import { checkExpectedRevision, NO_STREAM_REVISION } from '../expected-revision';
import type {
  AppendResult,
  ChainedEvent,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../port';
import type { StoredEvent, StoredLogReader, StoredPageSubscription } from '../stored-log';
import { catchUpPages, catchUpSubscription, type PageSubscription } from '../subscription/catch-up';
import { ChangeSignal } from '../subscription/change-signal';
import { validateEvents, validateLinkedAppends } from '../validation';
import { type AppendCall, AppendQueue, type BatchOutcome } from './append-queue';
import { AppendListener, AppendNotifier } from './listener';
import { isDroppedConnection, isReplayCandidate, isUniqueViolation, mapPgError } from './pg-errors';
import { guardPoolClients } from './pool-guard';
import {
  asText,
  EVENT_COLUMNS,
  type EventRow,
  type StoredEventRow,
  toRecordedEvents,
  toStoredEvents,
} from './rows';
import { APPEND_MARK_TABLE, LEGACY_APPEND_MARK, migrate, POSITION_SHIFT, SCHEMA } from './schema';
import { jsonTextArray } from './text-array';

export type PostgresEventStoreOptions = Readonly<{
  connectionString: string;
  /** Pool size. Default 20. */
  maxConnections?: number;
  /** How long to wait for a connection before answering StoreUnavailableError. Default 3 s. */
  connectionTimeoutMs?: number;
  /**
   * Append transactions in flight at once. Appends beyond that wait and are then committed
   * together, several streams in one transaction (group commit, see AppendQueue). Default 2:
   * on the 2-core machine we measure on, 2 gave 6,109 single-event appends/s with 16 writers
   * against 4,898 with 4 (batched appends within noise); raise it for a larger database server.
   */
  maxConcurrentAppends?: number;
  /** Most events in one such shared transaction. Default 2,000. */
  maxBatchEvents?: number;
  /** Subscription poll interval when no NOTIFY arrives. Default 500 ms. */
  pollIntervalMs?: number;
  log?: Logger;
}>;

const EXPECTED_CODES = { no_stream: -1n, any: -2n, stream_exists: -3n } as const;
const expectedCode = (expected: ExpectedRevision) =>
  typeof expected === 'bigint' ? (expected < 0n ? -1n : expected) : EXPECTED_CODES[expected];

/**
 * Rows below this bound belong to ended transactions: the stable prefix of the log. The bound is
 * the oldest transaction of the statement's snapshot that can still append events here, or the
 * snapshot's xmax when none can. Left out are transactions that one consistent read of the lock
 * table shows running WITHOUT the append mark of this database (APPEND_MARK_TABLE in schema.ts;
 * the advisory mark of the version before counts only from a role that may insert events): they
 * have a transaction id already and no mark, so the append functions would refuse them (an
 * append must be the first write of its transaction). So a projection's or the notifier's own
 * write transaction, or any transaction in another database, never holds readers back. A
 * transaction that cannot be placed (it ended meanwhile) still counts: the bound only errs on the
 * waiting side, and the next read moves past it; so does a prepared transaction (no backend: it
 * is matched to any mark without one). (Plain `pg_snapshot_xmin` would wait for every transaction
 * of the whole server.)
 */
const HORIZON = `(WITH locks AS MATERIALIZED (
      SELECT pid, locktype, mode, granted, transactionid::text::bigint AS xid, database, relation, classid, objid, objsubid
        FROM pg_locks),
    here AS MATERIALIZED (SELECT oid FROM pg_database WHERE datname = current_database()),
    unmarked AS (
      SELECT t.xid FROM locks t
       WHERE t.locktype = 'transactionid' AND t.mode = 'ExclusiveLock' AND t.granted
         AND NOT EXISTS (
           SELECT 1 FROM locks m
            WHERE m.pid IS NOT DISTINCT FROM t.pid AND m.granted AND m.database = (SELECT oid FROM here)
              AND ((m.locktype = 'relation' AND m.mode = 'RowExclusiveLock'
                    AND m.relation = '${APPEND_MARK_TABLE}'::regclass)
                OR (m.locktype = 'advisory' AND m.classid = ${LEGACY_APPEND_MARK.classId}
                    AND m.objid = ${LEGACY_APPEND_MARK.objId} AND m.objsubid = 2
                    AND NOT EXISTS (
                      SELECT 1 FROM pg_stat_activity a
                       WHERE a.pid = m.pid
                         AND NOT has_table_privilege(a.usesysid, '${SCHEMA}.events', 'INSERT'))))))
  SELECT coalesce(
    (SELECT min(x) FROM pg_snapshot_xip(s) AS x
      WHERE (x::text::bigint & 4294967295) NOT IN (SELECT xid FROM unmarked)),
    pg_snapshot_xmax(s))::text::bigint
  FROM pg_current_snapshot() AS s)`;
const VISIBLE = `position < (${HORIZON} << ${POSITION_SHIFT})`;

/**
 * A page of "all": `columns` of the rows after `$1`, at most `$2`, optionally filtered by type
 * (`$3`) and stream prefix (`$4`), cut at the visibility bound. The ordered, limited scan runs
 * first and the bound is applied to its result: the planner then always walks the primary key in
 * order (a range bound on an expression made it pick a bitmap scan plus sort of everything after
 * `$1`). Rows cut by the bound are the tail of the page, since everything after them is at or
 * beyond the bound too.
 */
const readAllOf = (columns: string) => `SELECT ${columns} FROM (
    SELECT ${EVENT_COLUMNS} FROM ${SCHEMA}.events
    WHERE position > $1
      AND ($3::text[] IS NULL OR type = ANY($3::text[]))
      AND ($4::text[] IS NULL OR stream_id LIKE ANY($4::text[]))
    ORDER BY position LIMIT $2
  ) page
  WHERE ${VISIBLE}
  ORDER BY position`;
const READ_ALL = readAllOf(EVENT_COLUMNS);
/** The same pages for readers of the log as stored: the event id out of the metadata too. */
const READ_ALL_STORED = readAllOf(`${EVENT_COLUMNS}, metadata->>'eventId'`);
const READ_FORWARDS = `SELECT ${EVENT_COLUMNS} FROM ${SCHEMA}.events
  WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`;
/**
 * Whole streams, read together (see `readWhole`): one index lookup per stream, the shape of
 * READ_FORWARDS, its rows in revision order (the subquery's; the nested loop the LATERAL join
 * needs keeps them). As `stream_id = ANY($1)`, statistics taken while a few streams held the young
 * table made every batch a full scan (postgres-stream-reads.int.test.ts).
 */
export const READ_STREAMS = `SELECT e.* FROM unnest($1::text[]) AS s(stream_id)
  CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM ${SCHEMA}.events
    WHERE stream_id = s.stream_id AND revision >= 0 ORDER BY revision LIMIT ${2_147_483_647}) e`;
const READ_BACKWARDS = `SELECT ${EVENT_COLUMNS} FROM ${SCHEMA}.events
  WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`;
const APPEND = `SELECT next_revision::text, last_position::text, replayed
  FROM ${SCHEMA}.append_events($1, $2, $3::uuid[], $4::text[], $5::text[], $6::text[])`;
/** An append as the SQL functions take it: the expected-revision code and the event columns. */
function appendCall(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendCall {
  return {
    streamId,
    expected: expectedCode(expected).toString(),
    expectedRevision: expected,
    eventIds: events.map((event) => event.metadata.eventId),
    types: events.map((event) => event.type),
    data: events.map((event) => canonicalJson(event.data)),
    metadata: events.map((event) => canonicalJson(event.metadata)),
  };
}

const APPEND_BATCH = `SELECT item, status, next_revision::text, last_position::text
  FROM ${SCHEMA}.append_batch($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[])`;
const APPEND_BATCH_LINKED = `SELECT item, status, next_revision::text, last_position::text
  FROM ${SCHEMA}.append_batch_linked($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::text[],
    $7::text[], $8::int[])`;
const FIND_REPLAY = `SELECT next_revision::text, last_position::text, replayed
  FROM ${SCHEMA}.find_replay($1, $2::uuid[], $3::text[], $4::text[], $5::text[])`;
const HEAD = `SELECT coalesce(max(position), 0)::text AS head FROM ${SCHEMA}.events WHERE ${VISIBLE}`;
const STREAM_HEAD = `SELECT revision::text FROM ${SCHEMA}.events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`;

/** `LIKE` pattern for a prefix, with its wildcards escaped. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const ALL_ROWS = 2_147_483_647;

/**
 * The PostgreSQL adapter. One round trip per append: a prepared call of `append_events`, which
 * checks the expected revision, chains the hashes and inserts all rows at once. Under load,
 * concurrent appends to distinct streams share one transaction (`append_batch`, see AppendQueue).
 */
export class PostgresEventStore implements EventStore, StoredLogReader {
  readonly kind = 'postgres' as const;
  private readonly changes = new ChangeSignal();
  private readonly notifier: AppendNotifier;
  private readonly listener: AppendListener;
  private closed = false;
  private readonly subscriptions = new Set<{ close(): Promise<void> }>();
  private readonly appends: AppendQueue;
  /**
   * Whole-stream reads (what a command's fold asks for): with two statements in flight, those
   * that arrive meanwhile go out as one, so under load a read costs a fraction of a round trip.
   */
  private readonly wholeReads = new Batcher<string, EventRow[]>((streamIds) => this.readWhole(streamIds));

  private constructor(
    private readonly pool: pg.Pool,
    config: pg.ClientConfig,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.notifier = new AppendNotifier(pool, options.log);
    this.listener = new AppendListener(config, this.changes, options.log);
    this.appends = new AppendQueue({
      single: (call) => this.appendAlone(call),
      batch: (calls) => this.appendTogether(calls),
      batchLinked: (calls, links) => this.appendTogether(calls, links),
      mapError: (err) => mapPgError(err),
      onCommitted: () => this.wake(),
      maxInFlight: options.maxConcurrentAppends ?? 2,
      maxBatchEvents: options.maxBatchEvents ?? 2_000,
    });
  }

  /** Connects and applies the schema migrations. Unreachable → StoreUnavailableError within seconds. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const config: pg.ClientConfig = {
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 3_000,
      keepAlive: true,
    };
    const pool = new pg.Pool({ ...config, max: options.maxConnections ?? 20, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', (err) => options.log?.warn({ err }, 'idle event store connection lost'));
    guardPoolClients(pool, options.log);
    try {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw mapPgError(err);
    }
    return new PostgresEventStore(pool, config, options);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision?: ExpectedRevision }> = {},
  ): Promise<AppendResult> {
    validateEvents(streamId, events);
    const expected = options.expectedRevision ?? 'any';
    if (events.length === 0) return this.emptyAppend(streamId, expected);
    return this.appends.submit(appendCall(streamId, events, expected));
  }

  /** In the next shared transaction, as one link of `append_batch_linked` (see `EventStore`). */
  async appendLinked(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    validateLinkedAppends(appends);
    const streamIds = appends.map((append) => append.streamId);
    // An empty part has nothing to store "as given": the caller appends one by one.
    if (appends.some((append) => append.events.length === 0)) throw new LinkedAppendRefusedError(streamIds);
    return this.appends.submitLinked(
      appends.map(({ streamId, events, expectedRevision }) => appendCall(streamId, events, expectedRevision)),
    );
  }

  /** One append in its own transaction, with every rule of a single append. */
  private async appendAlone(call: AppendCall): Promise<AppendResult> {
    const values = [
      call.streamId,
      call.expected,
      call.eventIds,
      call.types,
      jsonTextArray(call.data),
      jsonTextArray(call.metadata),
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.pool.query<{
          next_revision: string;
          last_position: string;
          replayed: boolean;
        }>({
          name: 'event_store_append',
          text: APPEND,
          values,
        });
        const row = rows[0];
        if (!row) throw new Error('append_events returned no row');
        if (!row.replayed) this.wake();
        return { nextExpectedRevision: BigInt(row.next_revision), lastPosition: BigInt(row.last_position) };
      } catch (err) {
        // The stream moved on, or ids are already stored: was this a repeat of an earlier append?
        if (isReplayCandidate(err)) {
          const replay = await this.findReplay(values);
          if (replay) return replay;
          if ((err as { code?: string }).code === 'ES003' && attempt < 3) continue;
        }
        // A concurrent writer took the revision or the id first: re-run for the precise answer.
        if (isUniqueViolation(err) && attempt < 3) continue;
        // A pooled connection found dead (server restart, terminated backend): trying again on a
        // fresh one is safe, as appends are idempotent by event id.
        if (isDroppedConnection(err) && attempt < 4) continue;
        throw mapPgError(err, { streamId: call.streamId, expected: call.expectedRevision });
      }
    }
  }

  /**
   * Appends to distinct streams in one transaction (see AppendQueue); one outcome per call. With
   * `links`, the calls that share a link number are stored all or none.
   */
  private async appendTogether(
    calls: readonly AppendCall[],
    links?: readonly number[],
  ): Promise<BatchOutcome[]> {
    const { rows } = await this.pool.query<{
      item: number;
      status: number;
      next_revision: string;
      last_position: string;
    }>({
      name: links ? 'event_store_append_batch_linked' : 'event_store_append_batch',
      text: links ? APPEND_BATCH_LINKED : APPEND_BATCH,
      values: [
        calls.map((call) => call.streamId),
        calls.map((call) => call.expected),
        calls.map((call) => call.eventIds.length),
        calls.flatMap((call) => call.eventIds),
        calls.flatMap((call) => call.types),
        jsonTextArray(calls.flatMap((call) => call.data)),
        jsonTextArray(calls.flatMap((call) => call.metadata)),
        ...(links ? [links] : []),
      ],
    });
    const outcomes: BatchOutcome[] = calls.map(() => ({ status: 'retry-alone' }));
    for (const row of rows) {
      if (row.status !== 0) continue;
      outcomes[row.item - 1] = {
        status: 'appended',
        result: { nextExpectedRevision: BigInt(row.next_revision), lastPosition: BigInt(row.last_position) },
      };
    }
    return outcomes;
  }

  /** The first result of an earlier identical append; ES002 (→ EventIdConflictError) if an id was reused. */
  private async findReplay(values: readonly unknown[]): Promise<AppendResult | undefined> {
    const [streamId, , ...events] = values;
    try {
      const { rows } = await this.pool.query<{ next_revision: string; last_position: string }>({
        name: 'event_store_find_replay',
        text: FIND_REPLAY,
        values: [streamId, ...events],
      });
      const row = rows[0];
      return (
        row && { nextExpectedRevision: BigInt(row.next_revision), lastPosition: BigInt(row.last_position) }
      );
    } catch (err) {
      throw mapPgError(err, { streamId: String(streamId) });
    }
  }

  private async emptyAppend(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const { rows } = await this.query<[string]>({
      name: 'event_store_stream_head',
      text: STREAM_HEAD,
      values: [streamId],
    });
    const current = rows[0] ? BigInt(rows[0][0]) : NO_STREAM_REVISION;
    checkExpectedRevision(streamId, expected, current);
    return { nextExpectedRevision: current, lastPosition: await this.headPosition() };
  }

  private wake(): void {
    this.changes.notify();
    if (!this.closed) this.notifier.poke();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    if (!backwards && options.fromRevision === undefined && options.maxCount === undefined) {
      return toRecordedEvents(await this.wholeReads.submit(streamId));
    }
    const from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    const { rows } = await this.query<EventRow>({
      name: backwards ? 'event_store_read_backwards' : 'event_store_read_forwards',
      text: backwards ? READ_BACKWARDS : READ_FORWARDS,
      values: [streamId, from.toString(), options.maxCount ?? ALL_ROWS],
    });
    return toRecordedEvents(rows);
  }

  /** The rows of each stream named, in one statement (one snapshot); a stream named twice gets them twice. */
  private async readWhole(streamIds: readonly string[]): Promise<EventRow[][]> {
    const { rows } = await this.query<EventRow>({
      name: 'event_store_read_streams',
      text: READ_STREAMS,
      values: [[...new Set(streamIds)]],
    });
    const byStream = new Map<string, EventRow[]>();
    for (const row of rows) {
      const streamRows = byStream.get(row[1]);
      if (streamRows) streamRows.push(row);
      else byStream.set(row[1], [row]);
    }
    return streamIds.map((streamId) => byStream.get(streamId) ?? []);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.readAllRows<EventRow>('event_store_read_all', READ_ALL, options);
    return toRecordedEvents(rows);
  }

  /** A page of `readAll`, then the stored hashes of exactly those positions. */
  async readAllChained(options: ReadAllOptions = {}): Promise<ChainedEvent[]> {
    const events = await this.readAll(options);
    if (events.length === 0) return [];
    const { rows } = await this.query<[string, string]>({
      name: 'event_store_chain_links',
      text: `SELECT position::text, encode(hash, 'hex') FROM ${SCHEMA}.events WHERE position = ANY($1::bigint[])`,
      values: [events.map((event) => event.position.toString())],
    });
    const links = new Map(rows.map(([position, hash]) => [position, hash]));
    return events.map((event) => ({ ...event, hash: links.get(event.position.toString()) ?? '' }));
  }

  /** The rows of one page of "all", as `text` (a `readAllOf` statement) selects them. */
  private async readAllRows<R extends unknown[]>(name: string, text: string, options: ReadAllOptions) {
    const { filter } = options;
    const { rows } = await this.query<R>({
      name,
      text,
      values: [
        (options.after ?? 0n).toString(),
        options.maxCount ?? ALL_ROWS,
        filter?.eventTypes ? [...filter.eventTypes] : null,
        filter?.streamPrefixes ? filter.streamPrefixes.map(likePrefix) : null,
      ],
    });
    return rows;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.listener.start();
    const subscription = catchUpSubscription(
      {
        readBatch: (after, maxCount) => this.readAll({ after, maxCount, filter: options.filter }),
        changes: this.changes,
        pollIntervalMs: this.options.pollIntervalMs ?? 500,
      },
      options,
    );
    return this.track(subscription, () => subscription[Symbol.asyncIterator]());
  }

  /**
   * `subscribeToAll` by pages, each event as stored (see StoredLogReader): the same pages, read
   * by the same statement with the event id added, without parsing data and metadata.
   */
  subscribeToAllAsStored(options: SubscribeOptions = {}): StoredPageSubscription {
    this.listener.start();
    const subscription: PageSubscription<StoredEvent> = catchUpPages(
      {
        readBatch: async (after, maxCount) =>
          toStoredEvents(
            await this.readAllRows<StoredEventRow>('event_store_read_all_stored', READ_ALL_STORED, {
              after,
              maxCount,
              filter: options.filter,
            }),
          ),
        changes: this.changes,
        pollIntervalMs: this.options.pollIntervalMs ?? 500,
      },
      options,
    );
    return this.track(subscription, () => subscription[Symbol.asyncIterator]());
  }

  /** Subscriptions end with the store that feeds them: tracked until closed. */
  private track<T>(
    subscription: { close(): Promise<void> },
    iterate: () => AsyncIterator<T>,
  ): AsyncIterable<T> & { close(): Promise<void> } {
    this.subscriptions.add(subscription);
    return {
      [Symbol.asyncIterator]: iterate,
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.query<[string]>({ name: 'event_store_head', text: HEAD });
    return BigInt(rows[0]?.[0] ?? '0');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Subscriptions end with the store that feeds them.
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.listener.stop();
    await this.pool.end();
  }

  /** Text rows as arrays (fastest to parse), driver errors mapped to ours. */
  private async query<R extends unknown[]>(query: { name: string; text: string; values?: unknown[] }) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.query<R>({ ...query, rowMode: 'array', types: asText });
      } catch (err) {
        // Reads are safe to repeat when a pooled connection turns out to be dead.
        if (isDroppedConnection(err) && attempt < 4 && !this.closed) continue;
        throw mapPgError(err);
      }
    }
  }
}

export const createPostgresEventStore = (options: PostgresEventStoreOptions): Promise<PostgresEventStore> =>
  PostgresEventStore.connect(options);
