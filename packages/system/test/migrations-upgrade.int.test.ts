import { readFileSync } from 'node:fs';
import { migrateApiSchema } from '@aftersales/command-api';
import {
  appliedMigrations,
  createPostgresEventStore,
  migrateEventStoreSchema,
} from '@aftersales/event-store';
import { ensureNotifierSchema } from '@aftersales/notifier';
import { PostgresKeyStore } from '@aftersales/privacy';
import { ensureBookkeeping } from '@aftersales/projections';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { allMigrations, migrateAll } from '../src/migrate-all';

/**
 * A database exactly as main at c6d0cfc (the last release before versioned migrations) left it,
 * captured with `fixtures/capture-schema.ts` run from that commit: every table that release
 * created, with rows in them. The migrations of today's code must adopt it in place.
 */
const FIXTURE = readFileSync(new URL('fixtures/schema-c6d0cfc.sql', import.meta.url), 'utf8');
const SCHEMAS = ['public', 'event_store', 'api', 'ops', 'privacy', 'notifier', 'projections', 'bi'];

async function databaseFromFixture(): Promise<TestDatabase> {
  const database = await createTestDatabase('upgrade');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(FIXTURE);
  } finally {
    await client.end();
  }
  return database;
}

type Snapshot = Map<string, Readonly<{ columns: string[]; rows: number; digest: string }>>;

/** Every table's row count and a digest of its rows over the columns it had before. */
async function snapshot(pool: pg.Pool, columnsOf?: Snapshot): Promise<Snapshot> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1) AND table_name <> 'migrations'
      ORDER BY 1`,
    [SCHEMAS],
  );
  const result: Snapshot = new Map();
  for (const { name } of tables) {
    const [schema, table] = name.split('.') as [string, string];
    const columns =
      columnsOf?.get(name)?.columns ??
      (
        await pool.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2
            ORDER BY ordinal_position`,
          [schema, table],
        )
      ).rows.map((row) => row.column_name);
    const list = columns.map((column) => `"${column}"`).join(', ');
    const { rows } = await pool.query<{ n: number; digest: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS digest
         FROM (SELECT ROW(${list}) AS r FROM ${schema}."${table}") AS t`,
    );
    result.set(name, { columns, rows: rows[0]?.n ?? 0, digest: rows[0]?.digest ?? '' });
  }
  return result;
}

const latest = allMigrations({ eventStore: true }).map((set) => ({
  schema: set.schema,
  versions: set.migrations.map((migration) => migration.version),
}));

describe('upgrading a database created by the release before versioned migrations (c6d0cfc)', () => {
  const databases: TestDatabase[] = [];
  const pools: pg.Pool[] = [];
  const poolFor = (database: TestDatabase, max = 2) => {
    const pool = new pg.Pool({ connectionString: database.url, max });
    pools.push(pool);
    return pool;
  };

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('migrates every schema in place, keeps every row, records each version; a second run does nothing', async () => {
    const database = await databaseFromFixture();
    databases.push(database);
    const pool = poolFor(database);
    const before = await snapshot(pool);
    // The fixture holds rows in the tables that release created, in every package's schema.
    for (const table of [
      'event_store.events',
      'public.api_keys',
      'public.idempotency_records',
      'notifier.dead_letters',
      'privacy.customer_keys',
      'ops.verify_anchors',
      'projections.projection_status',
    ]) {
      expect(before.get(table)?.rows, table).toBeGreaterThan(0);
    }
    // Only the event store's schema was versioned then.
    expect(await appliedMigrations(pool, 'event_store')).toEqual([1, 2, 3, 4, 5]);
    expect(await appliedMigrations(pool, 'notifier')).toEqual([]);

    const report = await migrateAll(pool, { eventStore: true });
    for (const { schema, versions } of latest) {
      expect(await appliedMigrations(pool, schema), schema).toEqual(versions);
      const line = report.find((entry) => entry.schema === schema);
      // The event store's five versions were there already; what it applies is only what is new.
      expect(line?.applied, schema).toEqual(schema === 'event_store' ? versions.slice(5) : versions);
    }
    // Every table of the old release is still there with every row; migrations may add tables.
    const after = await snapshot(pool, before);
    for (const [table, state] of before) expect(after.get(table), table).toEqual(state);

    // A second run, and each service's own start-up migration, find nothing to do.
    expect((await migrateAll(pool, { eventStore: true })).flatMap((line) => line.applied)).toEqual([]);
    await migrateApiSchema(pool);
    await ensureNotifierSchema(pool);
    await ensureBookkeeping(pool);
    await new PostgresKeyStore(pool).ensureSchema();
    const client = await pool.connect();
    try {
      expect(await migrateEventStoreSchema(client)).toEqual([]);
    } finally {
      client.release();
    }
    expect(await snapshot(pool, before)).toEqual(after);

    // The upgraded store goes on where the old one stopped: the chain continues and a repeat of
    // an old append is still recognised by its event id.
    const store = await createPostgresEventStore({ connectionString: database.url });
    try {
      const result = await store.appendToStream(
        'order-o1',
        [
          {
            type: 'Noted',
            data: { after: 'upgrade' },
            metadata: {
              eventId: '00000000-0000-4000-8000-0000000000aa',
              occurredAt: '2026-12-02T10:00:00.000Z',
              schemaVersion: 1,
            },
          },
        ],
        { expectedRevision: 2n },
      );
      expect(result.nextExpectedRevision).toBe(3n);
      const events = await store.readStream('order-o1');
      expect(events.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n]);
    } finally {
      await store.close();
    }
    const keys = new PostgresKeyStore(pool);
    expect((await keys.keyForWriting('c1')).status).toBe('active');
    expect((await keys.keyForWriting('c2')).status).toBe('forgotten');
  });

  it('is safe when several processes upgrade the same database at once', async () => {
    const database = await databaseFromFixture();
    databases.push(database);
    const observer = poolFor(database);
    const before = await snapshot(observer);
    const starters = Array.from({ length: 4 }, () => poolFor(database, 1));
    const reports = await Promise.all(starters.map((pool) => migrateAll(pool, { eventStore: true })));
    for (const { schema, versions } of latest) {
      const applied = reports.flatMap(
        (report) => report.find((line) => line.schema === schema)?.applied ?? [],
      );
      // Each version applied by exactly one of them.
      expect(
        applied.sort((a, b) => a - b),
        schema,
      ).toEqual(schema === 'event_store' ? versions.slice(5) : versions);
      expect(await appliedMigrations(observer, schema), schema).toEqual(versions);
    }
    const after = await snapshot(observer, before);
    for (const [table, state] of before) expect(after.get(table), table).toEqual(state);
  });
});
