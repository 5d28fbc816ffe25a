import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiKeyRepository, SCOPES } from '@aftersales/ops';
import pg from 'pg';
import {
  freePort,
  type SmtpSink,
  startSmtpSink,
  startWebhookSink,
  type WebhookSink,
} from '../../../notifier/test/servers';
import { type OwnNatsCluster, startNatsCluster } from '../infra/nats-cluster';
import { type OwnPostgres, type OwnReplica, startOwnPostgres, startReplica } from '../infra/postgres';
import { type ServiceName, type ServiceSpec, Supervisor } from '../supervisor';
import { waitReady } from '../system';

/**
 * The scale-out topology of DESIGN.md on one machine, all of it the test's own: a PostgreSQL
 * primary with a streaming replica for BI, a 3-node JetStream cluster, two command APIs, two
 * projections services (one active, one hot standby), the relay, and two notifiers sharing one
 * durable consumer, each a process under the supervisor.
 */
export type ClusterOptions = Readonly<{
  apis: number;
  notifiers: number;
  /** The per-key limit every API replica is given. */
  rateLimitPerMinute: number;
}>;

export type Cluster = Readonly<{
  dir: string;
  pg: OwnPostgres;
  replica: OwnReplica;
  nats: OwnNatsCluster;
  supervisor: Supervisor;
  smtp: SmtpSink;
  webhooks: WebhookSink;
  databaseUrl: string;
  apiUrls: readonly string[];
  /** A pool on the primary's database (the checker's). */
  pool: pg.Pool;
  /** A pool on a second, empty database of the primary, for the clean rebuild. */
  rebuildPool: pg.Pool;
  /** The stream the relay publishes to. */
  stream: string;
  subjectPrefix: string;
  /** The integration events' stream (DESIGN.md "Integration contract"), at replicas 3. */
  integrationStream: string;
  integrationSubjectPrefix: string;
  newApiKey(name: string): Promise<string>;
  /** Starts `projections-<n>`; resolves once it answers /ready (a standby does). */
  startProjections(n: number): Promise<void>;
  close(keepFiles: boolean): Promise<void>;
}>;

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const entry = (relative: string) => path.join(ROOT, relative);

const guarded = (url: string, max: number) => {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  return pool;
};

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aftersales-cluster-'));
  await chmod(dir, 0o755);
  // One after another: a failure leaves nothing of what started before it running.
  const pgServer = await startOwnPostgres(path.join(dir, 'pg'), await freePort());
  const nats = await startNatsCluster(3).catch(async (err: unknown) => {
    await pgServer.close();
    throw err;
  });
  const smtp = await startSmtpSink();
  const webhooks = await startWebhookSink();
  const undo = async () => {
    await Promise.all([nats.close(), smtp.close(), webhooks.close(), pgServer.close()]);
  };
  // The replica copies the primary as it is now and streams everything after.
  const replica = await startReplica(pgServer, path.join(dir, 'replica'), await freePort()).catch(
    async (err: unknown) => {
      await undo();
      throw err;
    },
  );
  const databaseUrl = pgServer.urlOf('aftersales');
  const supervisor = new Supervisor(ROOT, dir);
  const stream = 'CLUSTER_EVENTS';
  const subjectPrefix = 'cluster';
  const integrationStream = 'CLUSTER_INTEGRATION';
  const integrationSubjectPrefix = 'clusterint';
  const notifierEnv = {
    DATABASE_URL: databaseUrl,
    NATS_URL: nats.url,
    NOTIFIER_STREAM: stream,
    NOTIFIER_SUBJECT_PREFIX: subjectPrefix,
    NOTIFIER_STREAM_REPLICAS: '3',
    SMTP_URL: smtp.url,
    SMS_WEBHOOK_URL: webhooks.url('/sms'),
    SUPPORT_WEBHOOK_URL: webhooks.url('/support'),
  };
  const spec = async (
    name: ServiceName,
    script: string,
    env: Record<string, string>,
    args?: string[],
  ): Promise<ServiceSpec> => {
    const port = await freePort();
    return {
      name,
      script: entry(script),
      port,
      env: { ...env, PORT: String(port) },
      ...(args ? { args } : {}),
    };
  };
  const apis: ServiceSpec[] = [];
  for (let n = 1; n <= options.apis; n++) {
    apis.push(
      await spec(`api-${n}`, 'packages/command-api/src/main.ts', {
        DATABASE_URL: databaseUrl,
        HOST: '127.0.0.1',
        WITH_WORKERS: 'false',
        DATA_DIR: path.join(dir, `api-${n}`),
        RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute),
        API_POOL_SIZE: '10',
      }),
    );
  }
  const integrationsPort = await freePort();
  const workers: ServiceSpec[] = [
    await spec('relay', 'packages/notifier/src/main.ts', notifierEnv, ['relay']),
    {
      name: 'integrations',
      script: entry('packages/integrations/src/main.ts'),
      port: integrationsPort,
      env: {
        DATABASE_URL: databaseUrl,
        NATS_URL: nats.url,
        INTEGRATIONS_PORT: String(integrationsPort),
        INTEGRATION_STREAM: integrationStream,
        INTEGRATION_SUBJECT_PREFIX: integrationSubjectPrefix,
        INTEGRATION_STREAM_REPLICAS: '3',
      },
    },
  ];
  for (let n = 1; n <= options.notifiers; n++) {
    workers.push(
      await spec(
        `notifier-${n}`,
        'packages/notifier/src/main.ts',
        { ...notifierEnv, NOTIFIER_POOL_SIZE: '6' },
        ['notifier'],
      ),
    );
  }
  // The first API migrates the store and its own tables before anything else reads them.
  const [first, ...others] = apis as [ServiceSpec, ...ServiceSpec[]];
  try {
    supervisor.start(first);
    await waitReady(first.name, first.port, 120_000);
    for (const s of [...others, ...workers]) supervisor.start(s);
    await Promise.all([...others, ...workers].map((s) => waitReady(s.name, s.port, 120_000)));
  } catch (err) {
    await supervisor.stopAll();
    await replica.close();
    await undo();
    throw err;
  }

  const pool = guarded(databaseUrl, 6);
  const rebuildPool = guarded(pgServer.urlOf('rebuild'), 8);
  return {
    dir,
    pg: pgServer,
    replica,
    nats,
    supervisor,
    smtp,
    webhooks,
    databaseUrl,
    apiUrls: apis.map((a) => `http://127.0.0.1:${a.port}`),
    pool,
    rebuildPool,
    stream,
    subjectPrefix,
    integrationStream,
    integrationSubjectPrefix,
    newApiKey: (name) => new ApiKeyRepository(pool).create(`${name}-${Date.now()}`, SCOPES),
    async startProjections(n) {
      const s = await spec(`projections-${n}`, 'packages/projections/src/main.ts', {
        DATABASE_URL: databaseUrl,
        PROJECTIONS_POOL_SIZE: '12',
      });
      supervisor.start(s);
      // Its /health: a standby's /ready may say 503 until it knows who is active.
      await waitHealthy(s.name, s.port, 120_000);
    },
    async close(keepFiles) {
      await supervisor.stopAll();
      await pool.end().catch(() => undefined);
      await rebuildPool.end().catch(() => undefined);
      await Promise.all([nats.close(), smtp.close(), webhooks.close()]);
      await replica.close();
      await pgServer.close();
      if (!keepFiles) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitHealthy(name: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer /health within ${timeoutMs / 1000} s`);
}
