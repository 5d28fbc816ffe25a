import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from '@aftersales/event-store';
import { ApiKeyRepository, SCOPES } from '@aftersales/ops';
import pg from 'pg';
// The notifier's tests already start a nats-server of their own that can be killed and started
// again on the same store directory: exactly the NATS fault.
import { freePort, type OwnNats, startOwnNats } from '../../notifier/test/servers';
import { type OwnPostgres, startOwnPostgres } from './infra/postgres';
import { type ServiceName, type ServiceSpec, Supervisor } from './supervisor';

/**
 * The system under test, all of it the run's own: a PostgreSQL cluster, a nats-server, and the
 * command API, the projections service, the notifier's relay and consumer as four processes
 * under the supervisor, configured as the compose topology configures them.
 */
export type System = Readonly<{
  dir: string;
  pg: OwnPostgres;
  nats: OwnNats;
  supervisor: Supervisor;
  databaseUrl: string;
  apiUrl: string;
  apiPort: number;
  apiKey: string;
  ports: ReadonlyMap<ServiceName, number>;
  /** A pool on the system's database for the checker (guarded against outages). */
  pool: pg.Pool;
  /** A pool on a second, empty database of the same cluster, for the clean rebuild. */
  rebuildPool: pg.Pool;
  close(keepFiles: boolean): Promise<void>;
}>;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const entry = (relative: string) => path.join(ROOT, relative);

export async function waitReady(name: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s (see services.log)`);
}

const guarded = (url: string, max: number) => {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  return pool;
};

export async function startSystem(): Promise<System> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aftersales-chaos-'));
  // The cluster may run as another OS user (see infra/postgres.ts): it must reach its directory.
  await chmod(dir, 0o755);
  const pgServer = await startOwnPostgres(path.join(dir, 'pg'), await freePort());
  const nats = await startOwnNats();
  const databaseUrl = pgServer.urlOf('aftersales');
  const supervisor = new Supervisor(ROOT, dir);
  const ports = new Map<ServiceName, number>();
  for (const name of ['api', 'projections', 'relay', 'notifier'] as const) ports.set(name, await freePort());
  const port = (name: ServiceName) => ports.get(name) as number;
  const shared = { DATABASE_URL: databaseUrl, NATS_URL: nats.url };
  // Outside the embedded mode every channel needs an address: the log channel, on purpose (the
  // checker reads the notifier's decisions and sent-ledger, not an inbox).
  const channels = { SMTP_URL: 'log', SMS_WEBHOOK_URL: 'log', SUPPORT_WEBHOOK_URL: 'log' };
  const specs: ServiceSpec[] = [
    {
      name: 'api',
      script: entry('packages/command-api/src/main.ts'),
      port: port('api'),
      env: {
        ...shared,
        PORT: String(port('api')),
        HOST: '127.0.0.1',
        WITH_WORKERS: 'false',
        DATA_DIR: path.join(dir, 'api'),
        // One client sends everything: the per-key rate limit is not what is under test.
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
    },
    {
      name: 'projections',
      script: entry('packages/projections/src/main.ts'),
      port: port('projections'),
      env: { ...shared, PORT: String(port('projections')) },
    },
    {
      name: 'relay',
      script: entry('packages/notifier/src/main.ts'),
      args: ['relay'],
      port: port('relay'),
      env: { ...shared, ...channels, PORT: String(port('relay')) },
    },
    {
      name: 'notifier',
      script: entry('packages/notifier/src/main.ts'),
      args: ['notifier'],
      port: port('notifier'),
      env: { ...shared, ...channels, PORT: String(port('notifier')) },
    },
  ];
  // The API first: it migrates the store and its own tables before the others read them.
  const [api, ...others] = specs as [ServiceSpec, ...ServiceSpec[]];
  supervisor.start(api);
  await waitReady('api', api.port, 90_000);
  for (const spec of others) supervisor.start(spec);
  await Promise.all(others.map((spec) => waitReady(spec.name, spec.port, 90_000)));

  const pool = guarded(databaseUrl, 6);
  const apiKey = await new ApiKeyRepository(pool).create(`chaos-${Date.now()}`, SCOPES);
  const rebuildPool = guarded(pgServer.urlOf('rebuild'), 8);
  return {
    dir,
    pg: pgServer,
    nats,
    supervisor,
    databaseUrl,
    apiUrl: `http://127.0.0.1:${api.port}`,
    apiPort: api.port,
    apiKey,
    ports,
    pool,
    rebuildPool,
    async close(keepFiles) {
      await supervisor.stopAll();
      await pool.end().catch(() => undefined);
      await rebuildPool.end().catch(() => undefined);
      await nats.close();
      await pgServer.close();
      if (!keepFiles) await rm(dir, { recursive: true, force: true });
    },
  };
}
