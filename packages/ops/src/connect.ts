import {
  createEventStoreDbEventStore,
  createPostgresEventStore,
  type EventStore,
  startEmbeddedPostgres,
} from '@aftersales/event-store';
import pg from 'pg';
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
 * Builds the operations from the environment:
 * - `DATABASE_URL`: the Postgres with the keys, the read models and (by default) the log;
 *   without it, the embedded Postgres under `.data/postgres`, as the services use it;
 * - `EVENTSTORE_URL`: keep the log on EventStoreDB instead.
 * The store is wrapped in the shredding decorator, exactly as the services wrap it.
 */
export async function connectOps(options: ConnectOptions = {}): Promise<OpsRuntime> {
  const env = options.env ?? process.env;
  const embedded = env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const databaseUrl = env.DATABASE_URL ?? (embedded?.url as string);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {
    // An idle connection dropped; the next query reconnects. Nothing to log for a CLI run.
  });
  let inner: EventStore;
  try {
    inner = env.EVENTSTORE_URL
      ? createEventStoreDbEventStore({ connectionString: env.EVENTSTORE_URL })
      : await createPostgresEventStore({ connectionString: databaseUrl, maxConnections: 4 });
  } catch (err) {
    await pool.end();
    await embedded?.stop();
    throw err;
  }
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
      await embedded?.stop();
    },
  };
}
