import { createPostgresEventStore, type PostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { dumpRows } from '../read-models/shared/testing';
import { type RebuildProgress, rebuildProjection } from './rebuild';
import { ProjectionRunner } from './runner';
import { readStatuses } from './status';
import { countingProjection } from './testing/counting-projection';
import { appendCounts } from './testing/events';
import { caughtUp, waitFor } from './testing/wait';

const log = pino({ level: 'silent' });
let db: TestDatabase;
let pool: pg.Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('proj_rebuild');
  pool = new pg.Pool({ connectionString: db.url, max: 10 });
  store = await createPostgresEventStore({ connectionString: db.url, pollIntervalMs: 50 });
});
afterAll(async () => {
  await store?.close();
  await pool?.end();
  await db?.drop();
});

describe('rebuild', () => {
  it('replays into staging and swaps while the live runner runs and events keep coming: none missed, none doubled', async () => {
    const name = uniqueId('rb_');
    const projection = countingProjection({ name });
    await appendCounts(store, name, 1500, 20);
    const runner = new ProjectionRunner({ store, pool, projection, log, pollMs: 100 }).start();
    let appending = true;
    let readerErrors = 0;
    let reads = 0;
    try {
      await waitFor('live runner caught up', () => caughtUp(store, pool, [projection]));
      const appender = (async () => {
        let round = 0;
        while (appending) await appendCounts(store, `${name}-live${round++}`, 10, 2);
      })();
      // A BI reader the whole time: the live tables stay readable until (and after) the swap.
      const reader = (async () => {
        // Stops at the first error too: a failed read answers at once, and looping on it would
        // keep the event loop busy without ever yielding to I/O or timers.
        while (appending && readerErrors === 0) {
          await pool.query(`SELECT sum(events) FROM rm_${name}.stream_counts`).then(
            () => reads++,
            () => readerErrors++,
          );
        }
      })();
      const progress: RebuildProgress[] = [];
      const result = await rebuildProjection({
        store,
        pool,
        projection,
        log,
        batchSize: 100,
        onProgress: (p) => progress.push(p),
      });
      await appendCounts(store, `${name}-after`, 20, 2);
      appending = false;
      await Promise.all([appender, reader]);

      await waitFor('caught up after the swap', () => caughtUp(store, pool, [projection]));
      const all = await store.readAll({ filter: projection.filter ?? {} });
      const counts = await pool.query(`SELECT sum(events)::int AS n FROM rm_${name}.stream_counts`);
      const seen = await pool.query(
        `SELECT count(*)::int AS n, count(DISTINCT position)::int AS d FROM rm_${name}.seen`,
      );
      expect(counts.rows[0]?.n).toBe(all.length);
      expect(seen.rows[0]).toEqual({ n: all.length, d: all.length });
      expect(result.events).toBeGreaterThanOrEqual(1500);
      expect(readerErrors).toBe(0);
      expect(reads).toBeGreaterThan(0);

      expect(progress.length).toBeGreaterThan(10);
      expect(progress.every((p, i) => i === 0 || p.done >= (progress[i - 1]?.done ?? 0n))).toBe(true);
      expect(progress.every((p) => Number.isFinite(p.etaSeconds) && p.fraction >= 0 && p.fraction <= 1)).toBe(
        true,
      );
      const status = (await readStatuses(pool)).find((s) => s.name === name);
      expect(status?.state).toBe('running');

      // And a second rebuild from scratch gives the very same rows as the incremental run.
      const incremental = await dumpRows(pool, `rm_${name}.stream_counts`);
      await rebuildProjection({ store, pool, projection, log, batchSize: 700 });
      expect(await dumpRows(pool, `rm_${name}.stream_counts`)).toEqual(incremental);
    } finally {
      appending = false;
      await runner.stop();
    }
  });

  it('a changed projection version makes the runner rebuild before it goes live', async () => {
    const name = uniqueId('rbv_');
    await appendCounts(store, name, 50, 5);
    const v1 = countingProjection({ name });
    const first = new ProjectionRunner({ store, pool, projection: v1, log }).start();
    await waitFor('v1 caught up', () => caughtUp(store, pool, [v1]));
    await first.stop();
    // v2 (same logic here) must not apply on top of v1's tables: it rebuilds them.
    await pool.query(`UPDATE rm_${name}.stream_counts SET events = events + 1000`);
    const v2 = { ...v1, version: 2 };
    const second = new ProjectionRunner({ store, pool, projection: v2, log }).start();
    try {
      await waitFor('v2 caught up', async () => {
        const s = (await readStatuses(pool)).find((x) => x.name === name);
        return s?.version === 2 && (await caughtUp(store, pool, [v2]));
      });
      const counts = await pool.query(`SELECT sum(events)::int AS n FROM rm_${name}.stream_counts`);
      // The counting projection counts every `count-` stream of the store, earlier tests' too.
      const all = await store.readAll({ filter: v2.filter ?? {} });
      expect(counts.rows[0]?.n).toBe(all.length);
    } finally {
      await second.stop();
    }
  });
});
