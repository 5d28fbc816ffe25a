import type { EventStore, RecordedEvent } from '@aftersales/event-store';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { sleep } from './backoff';
import { grantBiRoles } from './bi-role';
import { ensureBookkeeping, ensureStatusRow, ident, schemaFor, setupSchema } from './bookkeeping';
import { matchesFilter } from './filter';
import { connectionOf, Lease } from './lease';
import type { Projection } from './projection';
import { applyIsolating, RebuildFailedError, stagingOf, swapIn } from './swap';
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

export { RebuildFailedError } from './swap';

export type RebuildResult = Readonly<{
  name: string;
  position: bigint | null;
  events: number;
  seconds: number;
}>;

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
  // Database time, not ours: dead letters written from here on carry a later `failed_at`.
  const since = (await pool.query<{ at: Date }>('SELECT clock_timestamp() AS at')).rows[0]?.at ?? new Date(0);
  const deferred: string[] = [];
  try {
    for (const projection of projections) {
      await ensureStatusRow(pool, projection);
      const staging = stagingOf(schemaFor(projection));
      await inTransaction(pool, async (client) => {
        await client.query(`DROP SCHEMA IF EXISTS ${ident(staging)} CASCADE`);
        // Grants first, as default privileges of the empty schema: every table the setup then
        // creates is readable by the BI roles, and the swap need not grant on anything.
        await client.query(`CREATE SCHEMA ${ident(staging)}`);
        await grantBiRoles(client, [staging]);
        await setupSchema(client, projection, staging);
        if (options.deferIndexes ?? true) deferred.push(...(await dropSecondaryIndexes(client, staging)));
      });
    }
    // The log is read unfiltered (each projection takes what it subscribes to): only then does the
    // read position reach the head, which tells the end of the history from a stalled horizon.
    const total = await store.headPosition();
    let after: bigint | null = null;
    let first: bigint | undefined;
    let events = 0;
    let stalledSince: number | undefined;
    const read = (from: bigint | null) =>
      store.readAll({ ...(from === null ? {} : { after: from }), maxCount: batchSize });
    // Pipeline: the next page is read while earlier ones are applied, and each projection works
    // through the pages at its own pace on its own connection (no barrier per page), with at
    // most PAGES_IN_FLIGHT pages held in memory.
    const chains = projections.map(() => Promise.resolve());
    const inFlight: Promise<unknown>[] = [];
    let next: Promise<RecordedEvent[]> | undefined = read(after);
    while (next) {
      const page: RecordedEvent[] = await next;
      const last = page.at(-1);
      if (!last) {
        if (total === 0n || (after !== null && after >= total)) break;
        // An empty page before the head: an append still open holds the Postgres store's
        // visible horizon back. Wait, never skip.
        stalledSince ??= Date.now();
        if (Date.now() - stalledSince > 5000)
          log.warn({ after: after?.toString() }, 'rebuild waits for the log horizon');
        await sleep(20);
        next = read(after);
        continue;
      }
      stalledSince = undefined;
      after = last.position;
      // Past the head seen at the start: caught up; the swap applies the rest up to the head it
      // sees, and the live runner everything after. (Appends never wait for the rebuild, so
      // reading on until a short page could chase a busy log for ever.)
      next = after >= total ? undefined : read(after);
      const applied = projections.map((p, i) => {
        const chain = (chains[i] ?? Promise.resolve()).then(() => applyToStaging(pool, p, page, log));
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
      const position = await swapIn(store, pool, projection, after, log, since);
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

async function lockRebuilds(pool: Pool, projections: readonly Projection[]): Promise<Lease[]> {
  const locks: Lease[] = [];
  for (const projection of projections) {
    const lock = new Lease(connectionOf(pool), `rebuild:${projection.name}`, () => {});
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
  log: Logger,
) {
  // One read of the log feeds every projection being rebuilt; each takes what it subscribes to.
  const events = page.filter((e) => matchesFilter(projection.filter, e));
  if (events.length === 0) return;
  const staging = stagingOf(schemaFor(projection));
  await inTransaction(pool, async (client) => {
    // Staging is invisible until the swap, whose own commit is durable: waiting for the WAL
    // flush of every replay batch buys nothing.
    await client.query('SET LOCAL synchronous_commit = off');
    await applyIsolating(client, projection, events, staging, log);
  });
}
