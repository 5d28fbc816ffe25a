import { createMemoryEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { createBiRole } from './bi-role';
import { rebuildProjections } from './rebuild';
import { ProjectionRunner } from './runner';
import { countingProjection } from './testing/counting-projection';
import { appendCounts } from './testing/events';
import { waitFor } from './testing/wait';

// A BI tool connects with a read-only role. Whatever that role can take or hold — advisory
// locks under any key, table locks of the views it reads, an open transaction left idle — must
// neither freeze a projection nor deadlock the services that (re)grant its privileges.

const log = pino({ level: 'silent' });
const role = uniqueId('bi_').toLowerCase();
const password = 'bi-secret';
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('proj_foreign');
  pool = new pg.Pool({ connectionString: db.url, max: 12 });
  pool.on('error', () => {});
  await createBiRole(pool, role, password);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
  const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

async function connectAsBi(): Promise<pg.Client> {
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Runs `sql` behind a savepoint; a refusal is expected for most of what is tried. */
async function attempt(client: pg.Client, sql: string): Promise<boolean> {
  await client.query('SAVEPOINT try');
  try {
    await client.query(sql);
    await client.query('RELEASE SAVEPOINT try');
    return true;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT try');
    return false;
  }
}

/**
 * Takes every advisory lock the services ever used for `names` (and a few neighbours), then opens
 * a transaction that reads and locks all it may and stays idle in it.
 */
async function holdWhatever(bi: pg.Client, names: readonly string[]): Promise<string[]> {
  const taken: string[] = [];
  const keys = [
    "hashtext('aftersales.projections.bookkeeping')",
    "hashtext('aftersales.bi-role')",
    ...names.flatMap((name) => [
      `hashtext('aftersales.projection'), hashtext('${name}')`,
      `hashtext('aftersales.rebuild'), hashtext('${name}')`,
    ]),
  ];
  for (const key of keys) {
    const { rows } = await bi.query(`SELECT pg_try_advisory_lock(${key}) AS ok`);
    if (rows[0]?.ok) taken.push(`advisory ${key}`);
  }
  await bi.query('BEGIN');
  const tables = await bi.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'v', 'p') AND (n.nspname IN ('bi', 'projections') OR n.nspname LIKE 'rm\\_%')`,
  );
  for (const { name } of tables.rows) {
    if (await attempt(bi, `SELECT * FROM ${name} LIMIT 1`)) taken.push(`read ${name}`);
    for (const mode of ['ACCESS SHARE', 'ROW SHARE', 'SHARE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']) {
      if (await attempt(bi, `LOCK TABLE ${name} IN ${mode} MODE NOWAIT`)) taken.push(`${mode} ${name}`);
    }
    for (const rowLock of ['FOR UPDATE', 'FOR NO KEY UPDATE', 'FOR SHARE', 'FOR KEY SHARE']) {
      if (await attempt(bi, `SELECT 1 FROM ${name} ${rowLock} NOWAIT`)) taken.push(`${rowLock} ${name}`);
    }
  }
  return taken;
}

const countsOf = async (schema: string) => {
  const { rows } = await pool.query(
    `SELECT coalesce(sum(events), 0)::int AS events FROM ${schema}.stream_counts`,
  );
  return (rows[0] as { events: number }).events;
};

describe('a BI role next to the projection runners', () => {
  it('cannot keep a restarted runner from applying events, whatever it takes or holds', async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    const projection = countingProjection({ name, biView: true });
    const options = { store, pool, projection, log, pollMs: 100, lagIntervalMs: 200 };
    const first = new ProjectionRunner(options).start();
    await appendCounts(store, name, 20);
    await waitFor('first runner applies', async () => (await countsOf(`rm_${name}`)) === 20);
    await first.stop();

    const bi = await connectAsBi();
    const second = new ProjectionRunner(options);
    try {
      const taken = await holdWhatever(bi, [name]);
      // It may read (and so share-lock) what it reads; it may take advisory locks of its own.
      expect(taken).toContain(`read bi.${name}_totals`);
      expect(
        taken.filter((t) => /^(ACCESS EXCLUSIVE|EXCLUSIVE|SHARE|ROW SHARE|FOR [A-Z ]+) /.test(t)),
      ).toEqual([]);
      // The lease and the service's locks are out of its reach altogether.
      expect(taken.filter((t) => /projections\.(leases|service_locks)/.test(t))).toEqual([]);
      second.start();
      await appendCounts(store, `${name}b`, 20);
      await waitFor('restarted runner applies', async () => (await countsOf(`rm_${name}`)) === 40, 15_000);
    } finally {
      await bi.end().catch(() => {});
      await second.stop();
    }
  });

  it('restarts and re-grants concurrently with the role in place without a deadlock', async () => {
    const store = createMemoryEventStore();
    const lines: string[] = [];
    const warnLog = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const projections = Array.from({ length: 4 }, () =>
      countingProjection({ name: uniqueId('count_'), biView: true }),
    );
    for (let round = 0; round < 6; round++) {
      const runners = projections.flatMap((projection) =>
        [0, 1].map(() =>
          new ProjectionRunner({
            store,
            pool,
            projection,
            log: warnLog,
            pollMs: 50,
            backoff: { initialMs: 10, maxMs: 50 },
          }).start(),
        ),
      );
      const grants = [createBiRole(pool, role, password), createBiRole(pool, role, password)];
      try {
        await Promise.all(grants);
        await waitFor(
          `round ${round}: one active runner per projection`,
          () =>
            projections.every((projection) =>
              runners.some(
                (runner) => runner.status().name === projection.name && runner.status().state === 'running',
              ),
            ),
          15_000,
        );
      } finally {
        await Promise.allSettled(grants);
        await Promise.all(runners.map((runner) => runner.stop()));
      }
    }
    const deadlocks = lines.filter((line) => /deadlock|40P01|tuple concurrently/i.test(line));
    expect(deadlocks).toEqual([]);
  });

  it("keeps the live runner going while a rebuild's swap waits for a BI query to let go", async () => {
    const store = createMemoryEventStore();
    const name = uniqueId('count_');
    const projection = countingProjection({ name, biView: true });
    const runner = new ProjectionRunner({ store, pool, projection, log, pollMs: 100 }).start();
    const bi = await connectAsBi();
    try {
      await appendCounts(store, name, 20);
      await waitFor('live runner applies', async () => (await countsOf(`rm_${name}`)) === 20);
      // A dashboard's query left open: it share-locks the view and the table under it.
      await bi.query('BEGIN');
      await bi.query(`SELECT * FROM bi.${name}_totals`);
      const lines: string[] = [];
      const rebuildLog = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
      const rebuild = rebuildProjections({ store, pool, projections: [projection], log: rebuildLog });
      rebuild.catch(() => {});
      await waitFor('the swap waits for the view', () => lines.some((line) => line.includes('swap waits')));
      await appendCounts(store, `${name}b`, 10);
      await waitFor('live runner applies during the swap', async () => (await countsOf(`rm_${name}`)) === 30);
      await bi.query('COMMIT');
      const [result] = await rebuild;
      expect(result?.name).toBe(name);
      await appendCounts(store, `${name}c`, 5);
      await waitFor('live runner applies after the swap', async () => (await countsOf(`rm_${name}`)) === 35);
    } finally {
      await bi.end().catch(() => {});
      await runner.stop();
    }
  });
});
