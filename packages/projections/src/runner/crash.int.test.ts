import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createPostgresEventStore, type PostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { opsProjections } from '../operational';
import { appendScenario, opsScenario } from '../operational/scenario';
import { dumpRows } from '../read-models/shared/testing';
import { rebuildProjections } from './rebuild';
import { countingProjection } from './testing/counting-projection';
import { appendCounts } from './testing/events';
import { caughtUp, waitFor } from './testing/wait';

const CHILD = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const children = new Set<ChildProcess>();
const KILLS = 20;

let db: TestDatabase;
let pool: pg.Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('proj_crash');
  pool = new pg.Pool({ connectionString: db.url, max: 8 });
  store = await createPostgresEventStore({ connectionString: db.url });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await store?.close();
  await pool?.end();
  await db?.drop();
});

/** Starts a runner process; resolves with it and a counter of mid-batch announcements. */
function startChild(name: string) {
  // Node itself with the tsx loader (not the tsx CLI, which forks): SIGKILL must hit the runner.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db.url, name], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const midBatches = { count: 0, waiters: [] as (() => void)[] };
  createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> }).on('line', (line) => {
    if (line !== 'mid-batch') return;
    midBatches.count += 1;
    for (const wake of midBatches.waiters.splice(0)) wake();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, midBatches, exited };
}

const relations = (name: string) => [
  `rm_${name}.stream_counts`,
  `rm_${name}.seen`,
  'rm_ops_order_status.order_status',
  'rm_ops_cases.returns',
  'rm_ops_cases.repairs',
  'rm_ops_customer_timeline.customer_timeline',
  'rm_ops_customer_timeline.case_customers',
];

describe('exactly-once across crashes', () => {
  it(`runner SIGKILLed mid-batch ${KILLS} times while events are appended: tables equal a clean rebuild`, async () => {
    const name = uniqueId('crash_');
    const counting = countingProjection({ name });
    let appending = true;
    let round = 0;
    const appender = (async () => {
      while (appending) {
        round += 1;
        await appendCounts(store, `${name}-${round}`, 15, 3);
        await appendScenario(
          store,
          opsScenario((part) => `${part}-${name}-${round}`),
        );
      }
    })();

    let kills = 0;
    try {
      while (kills < KILLS) {
        const { child, midBatches, exited } = startChild(name);
        // Kill after 1–4 batches have been written but at the moment one is still uncommitted.
        const target = 1 + Math.floor(Math.random() * 4);
        await waitFor('a batch in flight', () => midBatches.count >= target, 60_000).catch(async (err) => {
          // Say where it got stuck: the status and dead letters tell a stop from a stall.
          const status = await pool.query(
            'SELECT name, position, state, last_error FROM projections.projection_status',
          );
          const letters = await pool.query(
            'SELECT projection, position, error FROM projections.dead_letters',
          );
          throw new Error(`after ${kills} kills: ${JSON.stringify([status.rows, letters.rows])}`, {
            cause: err,
          });
        });
        child.kill('SIGKILL');
        await exited;
        kills += 1;
      }
    } finally {
      appending = false;
      await appender;
    }

    // A last runner catches up with everything appended; nobody appends any more.
    const { child, exited } = startChild(name);
    try {
      await waitFor(
        'caught up after the crashes',
        () => caughtUp(store, pool, [counting, ...opsProjections]),
        60_000,
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    const all = await store.readAll({ filter: { streamPrefixes: ['count-'] } });
    const counts = await pool.query(
      `SELECT sum(events)::int AS events, count(*)::int AS streams FROM rm_${name}.stream_counts`,
    );
    expect(counts.rows[0]?.events).toBe(all.length);
    expect(kills).toBe(KILLS);
    expect(round).toBeGreaterThan(1);

    const incremental = await Promise.all(relations(name).map((r) => dumpRows(pool, r)));
    await rebuildProjections({
      store,
      pool,
      projections: [counting, ...opsProjections],
      log: pino({ level: 'silent' }),
    });
    const rebuilt = await Promise.all(relations(name).map((r) => dumpRows(pool, r)));
    expect(rebuilt).toEqual(incremental);
    expect(incremental[0]?.length).toBeGreaterThan(0);
  }, 300_000);
});
