import path from 'node:path';
import type { Logger } from 'pino';
import { EventStoreDbEventStore } from './eventstoredb/esdb-store';
import type { EventStore } from './port';
import { startEmbeddedPostgres } from './postgres/embedded';
import { PostgresEventStore } from './postgres/postgres-store';

export type EventStoreEnv = Readonly<Record<string, string | undefined>>;

export type ConfiguredEventStore = Readonly<{
  store: EventStore;
  /** The PostgreSQL in use (given or embedded); read models may live there too. */
  databaseUrl?: string;
  /** Closes the store, then stops the embedded PostgreSQL if this call started it. */
  close: () => Promise<void>;
}>;

/**
 * Picks the adapter from the environment:
 * 1. `EVENTSTORE_URL` → EventStoreDB (`esdb://host:2113?tls=false`);
 * 2. else `DATABASE_URL` → PostgreSQL;
 * 3. else an embedded PostgreSQL under `DATA_DIR/postgres` (default `.data/postgres`; port
 *    `EMBEDDED_PG_PORT`, default 5433) — refused when the server on that port is another checkout's.
 */
export async function createEventStoreFromEnv(
  env: EventStoreEnv = process.env,
  options: Readonly<{ log?: Logger }> = {},
): Promise<ConfiguredEventStore> {
  const { log } = options;
  const poolSize = positiveInteger(env, 'EVENT_STORE_POOL_SIZE');
  const slots = Number(env.EVENT_STORE_APPEND_SLOTS);
  // Append transactions in flight at once; more appends are committed together (group commit).
  const maxConcurrentAppends = Number.isSafeInteger(slots) && slots > 0 ? slots : undefined;
  if (env.EVENTSTORE_URL) {
    const store = new EventStoreDbEventStore({ connectionString: env.EVENTSTORE_URL, log });
    log?.info({ adapter: 'eventstoredb' }, 'event store configured');
    return { store, databaseUrl: env.DATABASE_URL, close: () => store.close() };
  }
  if (env.DATABASE_URL) {
    const store = await PostgresEventStore.connect({
      connectionString: env.DATABASE_URL,
      log,
      maxConcurrentAppends,
      ...(poolSize === undefined ? {} : { maxConnections: poolSize }),
    });
    log?.info({ adapter: 'postgres' }, 'event store configured');
    return { store, databaseUrl: env.DATABASE_URL, close: () => store.close() };
  }
  const embedded = await startEmbeddedPostgres({
    port: env.EMBEDDED_PG_PORT ? Number(env.EMBEDDED_PG_PORT) : undefined,
    dataDir: path.join(env.DATA_DIR || '.data', 'postgres'),
    log,
  });
  try {
    const store = await PostgresEventStore.connect({
      connectionString: embedded.url,
      log,
      maxConcurrentAppends,
      ...(poolSize === undefined ? {} : { maxConnections: poolSize }),
    });
    log?.info({ adapter: 'postgres', embedded: true }, 'event store configured');
    return {
      store,
      databaseUrl: embedded.url,
      close: async () => {
        await store.close();
        await embedded.stop();
      },
    };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}

/** A pool size or similar from the environment: unset is undefined, anything but 1, 2, … is an error that names it. */
export function positiveInteger(env: EventStoreEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(raw)}`);
  }
  return value;
}
