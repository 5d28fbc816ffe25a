import { createPostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { unavailable } from './errors';
import { Operations, type OpsDeps } from './ops';
import { defaultErasers } from './privacy/default-erasers';
import { PersonalDataErasers } from './privacy/erasers';
import { PostgresKeyStore } from './privacy/key-store';
import { ShreddingEventStore } from './privacy/shredding-store';
import type { ProjectionOps } from './projections/port';

export type OpsEnv = Readonly<Record<string, string | undefined>>;

export type OpsRuntime = Readonly<{ ops: Operations; deps: OpsDeps; close: () => Promise<void> }>;

export type ConnectOptions = Readonly<{
  env?: OpsEnv;
  projections?: (deps: Omit<OpsDeps, 'projections'>) => ProjectionOps | undefined;
}>;

/**
 * Builds the operations from the environment: `DATABASE_URL` (keys, read models and the
 * Postgres log), `EVENTSTORE_URL` (the log on EventStoreDB instead). The store is wrapped in
 * the shredding decorator, exactly as the services wrap it.
 */
export async function connectOps(options: ConnectOptions = {}): Promise<OpsRuntime> {
  const env = options.env ?? process.env;
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw unavailable(
      'no-database',
      'DATABASE_URL is not set: point it at the Postgres holding the log and keys',
    );
  }
  if (env.EVENTSTORE_URL) {
    throw unavailable(
      'eventstoredb-not-available',
      'EVENTSTORE_URL is set but the EventStoreDB adapter is not wired in yet',
    );
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {
    // An idle connection dropped; the next query reconnects. Nothing to log for a CLI run.
  });
  const inner = await createPostgresEventStore({ connectionString: databaseUrl, maxConnections: 4 });
  const keys = new PostgresKeyStore(pool);
  const base = {
    store: new ShreddingEventStore(inner, keys),
    pool,
    keys,
    erasers: new PersonalDataErasers(defaultErasers()),
  };
  const projections = options.projections?.(base);
  const deps: OpsDeps = { ...base, ...(projections ? { projections } : {}) };
  return {
    ops: new Operations(deps),
    deps,
    close: async () => {
      await inner.close();
      await pool.end();
    },
  };
}
