import { untilReachable } from '@aftersales/event-store';
import pg from 'pg';
import pino from 'pino';
import { migrateAll } from './migrate-all';

/**
 * `pnpm migrate`: applies every schema's missing migrations to DATABASE_URL and prints what it
 * did, one line per schema. The event store's schema is included unless EVENTSTORE_URL names an
 * EventStoreDB (whose log is not in Postgres). Safe to run while services start.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required: the Postgres database to migrate');
    process.exit(2);
  }
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  try {
    const report = await untilReachable(
      'database',
      () => migrateAll(pool, { eventStore: !process.env.EVENTSTORE_URL }),
      log,
    );
    for (const line of report) {
      const did = line.applied.length ? `applied ${line.applied.join(', ')}` : 'up to date';
      console.log(`${line.schema}: ${did} (version ${line.latest})`);
    }
  } finally {
    await pool.end();
  }
}

await main();
