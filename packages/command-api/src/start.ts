import path from 'node:path';
import {
  createEventStoreFromEnv,
  type EventStore,
  startEmbeddedPostgres,
  untilReachable,
} from '@aftersales/event-store';
import { asyncApiOptionsOf, integrationsConfigFromEnv, webhookPolicyOf } from '@aftersales/integrations';
import {
  ApiKeyRepository,
  defaultErasers,
  LivePolicy,
  Operations,
  PersonalDataErasers,
  projectionOpsFrom,
  verifyAnchorsFromEnv,
} from '@aftersales/ops';
import { type CustomerKeyStore, PostgresKeyStore, ShreddingEventStore } from '@aftersales/privacy';
import { startTracing } from '@aftersales/telemetry';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { buildApp } from './app';
import { apiConfigFromEnv, loadEnv } from './config';
import { migrateApiSchema } from './db/schema';
import { startSlaWatcher } from './deadlines/sla-watcher';
import { ensureDevelopmentKey } from './security/dev-key';
import { startServer } from './server';

/** What runs beside the API in the same process (see `@aftersales/system`), and its stop. */
export type StartWorkers = (
  deps: Readonly<{
    /** The log read through the crypto-shredding decorator. */
    store: EventStore;
    /** The same log without it (a relay publishes personal fields sealed). */
    sealed: EventStore;
    keys: CustomerKeyStore;
    databaseUrl: string;
    log: Logger;
  }>,
) => Promise<Readonly<{ stop(): Promise<void> }>>;

/**
 * Starts the command API: on a fresh machine, an embedded PostgreSQL under DATA_DIR with the
 * Postgres event store; with DATABASE_URL (or EVENTSTORE_URL) the configured ones. Prints the URL
 * and, in the embedded mode, the development API key. `workers`: what the whole system runs beside
 * it in this process (the projections and the notifier, `pnpm start`); without, the API alone.
 */
export async function startCommandApi(options: Readonly<{ workers?: StartWorkers }> = {}): Promise<void> {
  const env = loadEnv();
  // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (see @aftersales/telemetry); else off.
  const tracing = startTracing('aftersales-api');
  const log = pino({ level: env.LOG_LEVEL });
  // 1. No DATABASE_URL (and no EventStoreDB): the embedded PostgreSQL under DATA_DIR.
  const embedded =
    env.DATABASE_URL || process.env.EVENTSTORE_URL
      ? null
      : await startEmbeddedPostgres({
          dataDir: path.join(env.DATA_DIR, 'postgres'),
          port: env.EMBEDDED_PG_PORT,
          log,
        });
  // 2. The event store the environment names (Postgres on that database by default).
  // A database down at start is waited out (the process comes up by itself), not an exit.
  const configured = await untilReachable(
    'event store',
    () =>
      createEventStoreFromEnv(
        { ...process.env, ...(embedded ? { DATABASE_URL: embedded.url } : {}) },
        { log },
      ),
    log,
  );
  const databaseUrl = env.DATABASE_URL ?? configured.databaseUrl;
  if (!databaseUrl) throw new Error('DATABASE_URL is required when the event store is not PostgreSQL');
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: env.API_POOL_SIZE,
    connectionTimeoutMillis: 3_000,
  });
  // A dropped idle connection must not crash the process; the next query reconnects.
  pool.on('error', (err: Error & { code?: string }) =>
    log.warn({ code: err.code, message: err.message }, 'idle database connection lost'),
  );
  await untilReachable('database', () => migrateApiSchema(pool), log);
  const apiKeys = new ApiKeyRepository(pool);
  // The development key belongs to the embedded mode alone: a deployment on its own database
  // issues keys with `pnpm ops keys create`, and nothing prints a key at start.
  if (!embedded && env.DEV_API_KEY) {
    throw new Error(
      'DEV_API_KEY is for the embedded mode (no DATABASE_URL) only; issue keys with `pnpm ops keys create <name> --scopes …`',
    );
  }
  const devKey = embedded ? await ensureDevelopmentKey(apiKeys, env.DATA_DIR, env.DEV_API_KEY) : undefined;

  // Personal fields are sealed with a per-customer key (crypto-shredding); every service wraps
  // the store the same way, so the operations can forget a customer.
  const keys = new PostgresKeyStore(pool);
  await keys.ensureSchema();
  const store = new ShreddingEventStore(configured.store, keys);
  // 3. The policy as the `policy` stream has it, followed while the process runs.
  const policy = new LivePolicy(store, {
    onError: (err) => log.warn({ err }, 'policy stream not read; deciding with the last version read'),
  });
  await untilReachable('policy stream', () => policy.start(), log);
  const opsBase = {
    store,
    pool,
    keys,
    apiKeys,
    erasers: new PersonalDataErasers(defaultErasers()),
    // With NATS_URL, /v1/ops/verify checks the log against the relay's stream too.
    verifyAnchors: verifyAnchorsFromEnv(process.env),
    webhooks: webhookPolicyOf(integrationsConfigFromEnv()),
  };
  const ops = new Operations({ ...opsBase, policy, projections: projectionOpsFrom(opsBase) });

  const app = await buildApp({
    store,
    pool,
    ops,
    policy,
    apiKeys,
    config: apiConfigFromEnv(env),
    docsPublic: env.DOCS_PUBLIC,
    asyncApi: asyncApiOptionsOf(integrationsConfigFromEnv()),
    webhooks: webhookPolicyOf(integrationsConfigFromEnv()),
  });
  // 4. The projections and the notifier, when the whole system runs in this process.
  const workers = await options.workers?.({ store, sealed: configured.store, keys, databaseUrl, log });
  // 5. The SLA deadline watcher: at-risk alerts, breaches and closings, recorded once by any number.
  const slaWatcher = env.SLA_WATCHER
    ? startSlaWatcher({ store, log: log.child({ worker: 'sla-watcher' }) })
    : undefined;
  // The embedded PostgreSQL package stops the database on SIGTERM by itself, before in-flight
  // requests could finish. The server owns the shutdown order instead: close the app, then the
  // store, whose close stops the embedded database.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.removeAllListeners(signal);
  const address = await startServer(app, {
    port: env.PORT,
    host: env.HOST,
    backlog: env.LISTEN_BACKLOG,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    onClosed: async () => {
      await slaWatcher?.stop();
      policy.stop();
      await workers?.stop();
      await pool.end();
      await configured.close();
      await embedded?.stop();
      await tracing.shutdown();
    },
  });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  process.stdout.write(
    [
      '',
      `  After-sales command API listening on ${url}   (${url}/ lists what it serves)`,
      `  Event store: ${configured.store.kind}; projections and notifier: ${workers ? 'running here' : 'not in this process'}`,
      ...(devKey
        ? [
            `  Dashboard: ${url}/dashboard?key=${devKey}`,
            `  Development API key (all scopes, embedded mode only): ${devKey}`,
            `  Try: curl -H "Authorization: Bearer ${devKey}" ${url}/v1/ops/lag`,
          ]
        : ['  API keys: pnpm ops keys create <name> --scopes commands:write,read']),
      `  Docs: ${url}/docs   OpenAPI: ${url}/openapi.json${env.DOCS_PUBLIC ? '' : ' (a browser signs in with a key; DOCS_PUBLIC=true opens them)'}`,
      '',
    ].join('\n'),
  );
}
