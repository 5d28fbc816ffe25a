import { createPostgresEventStore, type EventStore } from '@aftersales/event-store';
import {
  ApiKeyRepository,
  defaultErasers,
  LivePolicy,
  Operations,
  PersonalDataErasers,
  type Scope,
} from '@aftersales/ops';
import { PostgresKeyStore, ShreddingEventStore } from '@aftersales/privacy';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../test/support';
import { type AppDeps, buildApp } from '../src/app';
import type { ApiConfig } from '../src/config';
import { migrateApiSchema } from '../src/db/schema';
import { ApiMetrics } from '../src/observability/metrics';

export type Harness = Readonly<{
  app: FastifyInstance;
  /** The store under the API (below the shredding decorator when `withOps`). */
  store: EventStore;
  pool: pg.Pool;
  database: TestDatabase;
  keys: Readonly<{ writer: string; reader: string; ops: string; support: string; all: string }>;
  /** Sends a request with the writer's key (unless `key` says otherwise) and a JSON body. */
  send: (options: InjectOptions & { key?: string | null }) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}>;

export type HarnessOptions = Readonly<{
  /** Default: the Postgres event store on the test database. */
  makeStore?: (databaseUrl: string) => Promise<EventStore>;
  /** Where the API's own pool connects (e.g. through a proxy that can be cut). */
  apiDatabaseUrl?: (databaseUrl: string) => string;
  config?: Partial<ApiConfig>;
  now?: () => Date;
  /** Wire the operations routes and the crypto-shredding store, as `main.ts` does. */
  withOps?: boolean;
  /** Collect the JSON log lines here (otherwise the API logs nothing). */
  logStream?: { write: (line: string) => void };
  /** Serve the docs without a key (`DOCS_PUBLIC=true`). */
  docsPublic?: boolean;
  /** Follow the `policy` stream (as `main.ts` does), re-read every this many ms. */
  followPolicyMs?: number;
  /** Sees every route the app registers. */
  onRoute?: AppDeps['onRoute'];
}>;

const postgresStore = (url: string): Promise<EventStore> =>
  createPostgresEventStore({ connectionString: url, connectionTimeoutMs: 1_000 });

/** One API over a fresh Postgres database, with one key per scope. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await createTestDatabase('api');
  const store = await (options.makeStore ?? postgresStore)(database.url);
  const pool = new pg.Pool({
    connectionString: options.apiDatabaseUrl?.(database.url) ?? database.url,
    max: 30,
    connectionTimeoutMillis: 2_000,
  });
  // An unreachable database must not crash the test process through an idle client's error.
  pool.on('error', () => undefined);
  await migrateApiSchema(pool);
  const repo = new ApiKeyRepository(pool);
  const key = (name: string, scopes: Scope[]) => repo.create(`${name}-${uniqueId()}`, scopes);
  const keys = {
    writer: await key('writer', ['commands:write']),
    reader: await key('reader', ['read']),
    ops: await key('ops', ['ops']),
    support: await key('support', ['support']),
    all: await key('all', ['commands:write', 'read', 'ops']),
  };
  let apiStore = store;
  let ops: Operations | undefined;
  let policy: LivePolicy | undefined;
  if (options.withOps) {
    const keyStore = new PostgresKeyStore(pool);
    await keyStore.ensureSchema();
    apiStore = new ShreddingEventStore(store, keyStore);
    if (options.followPolicyMs !== undefined) {
      policy = new LivePolicy(apiStore, { refreshMs: options.followPolicyMs });
      await policy.start();
    }
    ops = new Operations({
      ...(policy ? { policy } : {}),
      ...(options.now ? { clock: options.now } : {}),
      store: apiStore,
      pool,
      apiKeys: repo,
      keys: keyStore,
      erasers: new PersonalDataErasers(defaultErasers()),
    });
  }
  const app = await buildApp({
    store: apiStore,
    pool,
    apiKeys: repo,
    ...(ops ? { ops } : {}),
    ...(policy ? { policy } : {}),
    ...(options.logStream ? { logStream: options.logStream } : { logger: false as const }),
    metrics: new ApiMetrics(false),
    config: { rateLimitPerMinute: 1_000_000, maxEventLoopDelayMs: 0, ...options.config },
    ...(options.now ? { now: options.now } : {}),
    ...(options.docsPublic ? { docsPublic: true } : {}),
    ...(options.onRoute ? { onRoute: options.onRoute } : {}),
  });
  await app.ready();
  const send: Harness['send'] = ({ key: chosen, headers, ...rest }) => {
    const auth = chosen === null ? {} : { authorization: `Bearer ${chosen ?? keys.writer}` };
    return app.inject({ ...rest, headers: { ...auth, ...headers } });
  };
  return {
    app,
    store,
    pool,
    database,
    keys,
    send,
    close: async () => {
      policy?.stop();
      await app.close();
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
}
