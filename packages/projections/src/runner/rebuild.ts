import type { EventStore, RecordedEvent } from '@aftersales/event-store';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { grantBiRoles } from './bi-role';
import {
  createViews,
  ensureBookkeeping,
  ensureStatusRow,
  ident,
  schemaFor,
  setupSchema,
} from './bookkeeping';
import { writeDeadLetter } from './dead-letters';
import { errorMessage } from './errors';
import { matchesFilter } from './filter';
import { connectionOf, ProjectionLock } from './lock';
import type { Projection } from './projection';
import { inTransaction } from './transaction';

export type RebuildProgress = Readonly<{
  projections: readonly string[];
  /** Events read so far. */
  events: number;
  /** Store position reached (`done`) against the head when the rebuild started (`total`). */
  done: bigint;
  total: bigint;
  /** Events expected in all, when the caller knows (`totalEvents`). */
  totalEvents?: number;
  fraction: number;
  eventsPerSecond: number;
  /** Seconds left at the current rate (positions left / positions per second). */
  etaSeconds: number;
}>;

export type RebuildOptions = Readonly<{
  store: EventStore;
  pool: Pool;
  projections: readonly Projection[];
  log: Logger;
  onProgress?: (progress: RebuildProgress) => void;
  /** Events read and applied per transaction. Default 5,000. */
  batchSize?: number;
  /**
   * Number of events in the log, when known (or estimated): progress is then counted in events.
   * Otherwise it is measured by position, which for the Postgres store (positions are
   * transaction ids shifted left) moves in steps.
   */
  totalEvents?: number;
  /** Drop plain secondary indexes while replaying and build them once at the end. Default true. */
  deferIndexes?: boolean;
}>;

export type RebuildResult = Readonly<{
  name: string;
  position: bigint | null;
  events: number;
  seconds: number;
}>;

export class RebuildFailedError extends Error {
  readonly code = 'rebuild-failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RebuildFailedError';
  }
}

const stagingOf = (schema: string) => `${schema}__rebuild`;
const PAGES_IN_FLIGHT = 2;

/**
 * Drops the staging schema's plain secondary indexes (not primary keys, unique indexes or any
 * index behind a constraint: upserts need those) and returns their definitions to recreate.
 */
async function dropSecondaryIndexes(client: PoolClient, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT format('%I.%I', n.nspname, ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE n.nspname = $1 AND NOT i.indisprimary AND NOT i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [schema],
  );
  for (const { name } of rows) await client.query(`DROP INDEX ${name}`);
  return rows.map((row) => row.definition);
}

/**
 * Replays the whole log into fresh staging schemas (one read of the log feeds every projection),
 * catches up to the head, then swaps each staging schema in atomically. Reads keep hitting the
 * old tables until the swap. The swap takes the projection's checkpoint row lock — the first
 * thing a live runner's batch transaction needs — so the live runner pauses during the swap
 * and afterwards continues from the rebuild's checkpoint: no event is missed or doubled.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult[]> {
  const { store, pool, projections, log } = options;
  const batchSize = options.batchSize ?? 5000;
  const started = Date.now();
  await ensureBookkeeping(pool);
  const locks = await lockRebuilds(pool, projections);
  const deferred: string[] = [];
  try {
    for (const projection of projections) {
      await ensureStatusRow(pool, projection);
      const staging = stagingOf(schemaFor(projection));
      await inTransaction(pool, async (client) => {
        await client.query(`DROP SCHEMA IF EXISTS ${ident(staging)} CASCADE`);
        await setupSchema(client, projection, staging);
        if (options.deferIndexes ?? true) deferred.push(...(await dropSecondaryIndexes(client, staging)));
      });
    }
    const filter = projections.length === 1 ? projections[0]?.filter : undefined;
    const total = await store.headPosition();
    let after: bigint | null = null;
    let first: bigint | undefined;
    let events = 0;
    const read = (from: bigint | null) =>
      store.readAll({
        ...(from === null ? {} : { after: from }),
        maxCount: batchSize,
        ...(filter ? { filter } : {}),
      });
    // Pipeline: the next page is read while earlier ones are applied, and each projection works
    // through the pages at its own pace on its own connection (no barrier per page), with at
    // most PAGES_IN_FLIGHT pages held in memory.
    const chains = projections.map(() => Promise.resolve());
    const inFlight: Promise<unknown>[] = [];
    let next: Promise<RecordedEvent[]> | undefined = read(after);
    while (next) {
      const page: RecordedEvent[] = await next;
      const last = page.at(-1);
      if (!last) break;
      after = last.position;
      next = read(after);
      const applied = projections.map((p, i) => {
        const chain = (chains[i] ?? Promise.resolve()).then(() =>
          applyToStaging(pool, p, page, filter === undefined, log),
        );
        chains[i] = chain;
        return chain;
      });
      const pageDone = Promise.all(applied);
      pageDone.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
      inFlight.push(pageDone);
      events += page.length;
      first ??= page[0]?.position ?? after;
      const progress = progressOf(projections, events, after, total, first, started, options.totalEvents);
      if (inFlight.length >= PAGES_IN_FLIGHT) await inFlight.shift();
      options.onProgress?.(progress);
    }
    next?.catch(() => {});
    await Promise.all(inFlight);
    // One sort per index at the end is far cheaper than keeping it up to date row by row.
    await Promise.all(deferred.map((definition) => pool.query(definition)));
    const results: RebuildResult[] = [];
    for (const projection of projections) {
      const position = await swapIn(store, pool, projection, after, log);
      results.push({ name: projection.name, position, events, seconds: (Date.now() - started) / 1000 });
      log.info({ projection: projection.name, position: position?.toString(), events }, 'projection rebuilt');
    }
    return results;
  } finally {
    for (const lock of locks) await lock.release();
  }
}

export async function rebuildProjection(
  options: Omit<RebuildOptions, 'projections'> & { projection: Projection },
): Promise<RebuildResult> {
  const [result] = await rebuildProjections({ ...options, projections: [options.projection] });
  if (!result) throw new RebuildFailedError(`rebuild of ${options.projection.name} produced no result`);
  return result;
}

async function lockRebuilds(pool: Pool, projections: readonly Projection[]): Promise<ProjectionLock[]> {
  const locks: ProjectionLock[] = [];
  for (const projection of projections) {
    const lock = new ProjectionLock(connectionOf(pool), projection.name, () => {}, 'aftersales.rebuild');
    if (!(await lock.tryAcquire())) {
      for (const held of locks) await held.release();
      throw new RebuildFailedError(`a rebuild of ${projection.name} is already running`);
    }
    locks.push(lock);
  }
  return locks;
}

function progressOf(
  projections: readonly Projection[],
  events: number,
  done: bigint,
  total: bigint,
  first: bigint,
  started: number,
  totalEvents: number | undefined,
): RebuildProgress {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  const byPosition = total > first ? Number(done - first) / Number(total - first) : 1;
  const fraction = Math.max(0, Math.min(1, totalEvents ? events / totalEvents : byPosition));
  return {
    projections: projections.map((p) => p.name),
    events,
    done,
    total,
    ...(totalEvents ? { totalEvents } : {}),
    fraction,
    eventsPerSecond: events / seconds,
    etaSeconds: fraction > 0 ? (seconds * (1 - fraction)) / fraction : Number.POSITIVE_INFINITY,
  };
}

async function applyToStaging(
  pool: Pool,
  projection: Projection,
  page: readonly RecordedEvent[],
  filterHere: boolean,
  log: Logger,
) {
  // Several projections share one unfiltered read of the log; each takes what it subscribes to.
  const events = filterHere ? page.filter((e) => matchesFilter(projection.filter, e)) : page;
  if (events.length === 0) return;
  const staging = stagingOf(schemaFor(projection));
  await inTransaction(pool, async (client) => {
    // Staging is invisible until the swap, whose own commit is durable: waiting for the WAL
    // flush of every replay batch buys nothing.
    await client.query('SET LOCAL synchronous_commit = off');
    await applyIsolating(client, projection, events, staging, log);
  });
}

/**
 * Applies a batch; when it throws, redoes it event by event behind savepoints so a poison event
 * is treated as the live runner treats it (dead letter, then skip or fail) — the rebuilt tables
 * must equal the incremental ones.
 */
async function applyIsolating(
  client: PoolClient,
  projection: Projection,
  events: readonly RecordedEvent[],
  schema: string,
  log: Logger,
): Promise<void> {
  await client.query('SAVEPOINT batch');
  try {
    await projection.apply(client, events, schema);
    return;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT batch');
  }
  for (const event of events) {
    await client.query('SAVEPOINT one');
    try {
      await projection.apply(client, [event], schema);
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT one');
      if ((projection.onError ?? 'stop') === 'stop') {
        throw new RebuildFailedError(
          `${projection.name}: poison event at position ${event.position} (${event.type}): ${errorMessage(err)}`,
          { cause: err },
        );
      }
      log.error(
        { projection: projection.name, position: event.position.toString() },
        'poison event skipped in rebuild',
      );
      await writeDeadLetter(client, projection.name, event, err);
    }
  }
}

/**
 * One transaction: lock the checkpoint row (pauses the live runner), apply what was appended
 * since the replay, rename the live schema away and staging in, recreate views and grants,
 * drop the old schema and take over the checkpoint.
 */
async function swapIn(
  store: EventStore,
  pool: Pool,
  projection: Projection,
  replayedTo: bigint | null,
  log: Logger,
): Promise<bigint | null> {
  const live = schemaFor(projection);
  const staging = stagingOf(live);
  const old = `${live}__old`;
  return inTransaction(pool, async (client) => {
    await client.query('SELECT 1 FROM projections.projection_status WHERE name = $1 FOR UPDATE', [
      projection.name,
    ]);
    let position = replayedTo;
    let lastEvent: RecordedEvent | undefined;
    while (true) {
      const tail = await store.readAll({
        ...(position === null ? {} : { after: position }),
        maxCount: 5000,
        ...(projection.filter ? { filter: projection.filter } : {}),
      });
      const last = tail.at(-1);
      if (!last) break;
      await applyIsolating(client, projection, tail, staging, log);
      position = last.position;
      lastEvent = last;
    }
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [live]);
    if (exists.rowCount) {
      await client.query(`DROP SCHEMA IF EXISTS ${ident(old)} CASCADE`);
      await client.query(`ALTER SCHEMA ${ident(live)} RENAME TO ${ident(old)}`);
    }
    await client.query(`ALTER SCHEMA ${ident(staging)} RENAME TO ${ident(live)}`);
    // Dropping the old tables also drops the bi views over them; they are recreated right after.
    await client.query(`DROP SCHEMA IF EXISTS ${ident(old)} CASCADE`);
    await createViews(client, projection, live);
    await grantBiRoles(client, [live]);
    await client.query(
      `UPDATE projections.projection_status
          SET position = $2, version = $3, schema_name = $4, rebuilt_at = now(), position_changed_at = now(),
              last_processed_at = now(), last_event_at = COALESCE($5, last_event_at),
              state = CASE WHEN state = 'stopped' THEN 'standby' ELSE state END,
              last_error = CASE WHEN state = 'stopped' THEN NULL ELSE last_error END
        WHERE name = $1`,
      [
        projection.name,
        position?.toString() ?? null,
        projection.version,
        live,
        lastEvent?.recordedAt ?? null,
      ],
    );
    return position;
  });
}
