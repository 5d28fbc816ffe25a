import {
  createEventStoreFromEnv,
  ForeignEmbeddedPostgresError,
  guardPoolClients,
} from '@aftersales/event-store';
import { integrationsConfigFromEnv, webhookPolicyOf } from '@aftersales/integrations';
import { defaultJetStreamNames, readRelayedHeadsAt } from '@aftersales/notifier';
import { PostgresKeyStore, ShreddingEventStore } from '@aftersales/privacy';
import pg from 'pg';
import { unavailable } from './errors';
import { Operations, type OpsDeps } from './ops';
import { defaultErasers } from './privacy/default-erasers';
import { PersonalDataErasers } from './privacy/erasers';
import type { ProjectionOps } from './projections/port';
import type { ExternalAnchors } from './verify/external';

export type OpsEnv = Readonly<Record<string, string | undefined>>;

export type OpsRuntime = Readonly<{ ops: Operations; deps: OpsDeps; close: () => Promise<void> }>;

export type ConnectOptions = Readonly<{
  env?: OpsEnv;
  projections?: (deps: Omit<OpsDeps, 'projections'>) => ProjectionOps | undefined;
}>;

/**
 * With `NATS_URL`, verify checks the log against the JetStream stream the relay fills
 * (`NOTIFIER_STREAM`, `NOTIFIER_SUBJECT_PREFIX`, as the notifier names it).
 */
export function verifyAnchorsFromEnv(env: OpsEnv): ExternalAnchors[] {
  const url = env.NATS_URL;
  if (!url) return [];
  const names = {
    stream: env.NOTIFIER_STREAM || defaultJetStreamNames.stream,
    subjectPrefix: env.NOTIFIER_SUBJECT_PREFIX || defaultJetStreamNames.subjectPrefix,
  };
  return [{ source: `NATS stream ${names.stream}`, read: () => readRelayedHeadsAt(url, names) }];
}

/**
 * Builds the operations from the environment:
 * - `DATABASE_URL`: the Postgres with the keys, the read models and (by default) the log;
 *   without it, the embedded Postgres under `DATA_DIR/postgres` (`.data/postgres`), as the
 *   services use it, and only that one: another checkout's on the port is refused;
 * - `EVENTSTORE_URL`: keep the log on EventStoreDB instead.
 * The store is wrapped in the shredding decorator, exactly as the services wrap it.
 */
export async function connectOps(options: ConnectOptions = {}): Promise<OpsRuntime> {
  const env = options.env ?? process.env;
  if (env.EVENTSTORE_URL && !env.DATABASE_URL) {
    throw unavailable(
      'no-database',
      'EVENTSTORE_URL is set but DATABASE_URL is not: keys and read models live in Postgres',
    );
  }
  // Without DATABASE_URL, this checkout's embedded PostgreSQL; another checkout's answering on
  // the port is refused (exit 4), never used in silence.
  const configured = await createEventStoreFromEnv(env).catch((err: unknown) => {
    if (err instanceof ForeignEmbeddedPostgresError) {
      throw unavailable(err.code, err.message, { port: err.port, theirs: err.theirs, ours: err.ours });
    }
    throw err;
  });
  const databaseUrl = configured.databaseUrl as string;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {
    // An idle connection dropped; the next query reconnects. Nothing to log for a CLI run.
  });
  guardPoolClients(pool);
  const keys = new PostgresKeyStore(pool);
  const base = {
    store: new ShreddingEventStore(configured.store, keys),
    pool,
    keys,
    erasers: new PersonalDataErasers(defaultErasers()),
  };
  const projections = options.projections?.(base);
  const deps: OpsDeps = {
    ...base,
    ...(projections ? { projections } : {}),
    verifyAnchors: verifyAnchorsFromEnv(env),
    webhooks: webhookPolicyOf(integrationsConfigFromEnv(env)),
  };
  return {
    ops: new Operations(deps),
    deps,
    close: async () => {
      await pool.end();
      await configured.close();
    },
  };
}
