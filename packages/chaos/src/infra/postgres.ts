import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL cluster of the run's own: `initdb` into a temp dir, `pg_ctl` on a free port, so
 * that stopping or crashing it touches nothing else on the machine. initdb and postgres refuse
 * to run as root: as root the cluster belongs to the `postgres` OS user.
 */
const DEBIAN_DIR = '/usr/lib/postgresql';

export type OwnPostgres = Readonly<{
  port: number;
  /** Admin URL of the `postgres` database. */
  adminUrl: string;
  urlOf(database: string): string;
  /** `pg_ctl stop -m fast` (a clean stop) or `-m immediate` (a crash: no checkpoint). */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
  close(): Promise<void>;
}>;

/** `PG_BIN_DIR`, else the newest Debian server package (`/usr/lib/postgresql/<major>/bin`). */
function binDir(): string {
  const versions = existsSync(DEBIAN_DIR)
    ? readdirSync(DEBIAN_DIR).sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [process.env.PG_BIN_DIR, ...versions.map((v) => path.join(DEBIAN_DIR, v, 'bin'))];
  const found = candidates.find((dir) => dir && existsSync(path.join(dir, 'initdb')));
  if (!found) throw new Error(`no PostgreSQL server binaries under ${DEBIAN_DIR}/*/bin; set PG_BIN_DIR`);
  return found;
}

function osUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function run(bin: string, args: readonly string[], user: { uid: number; gid: number } | undefined) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(bin)} ${args[0]} exited ${code}: ${output}`)),
    );
  });
}

export async function startOwnPostgres(
  dir: string,
  port: number,
  /** More server settings, e.g. `-c shared_preload_libraries=pg_stat_statements`; later ones win. */
  settings: readonly string[] = [],
): Promise<OwnPostgres> {
  const bin = binDir();
  const user = osUser();
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  for (const d of [dir, socketDir]) {
    mkdirSync(d, { recursive: true });
    if (user) chownSync(d, user.uid, user.gid);
  }
  await run(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'],
    user,
  );
  // Enough connections for four services' pools plus the harness; fsync stays on, so a crash
  // (`-m immediate`) loses only what a real crash would.
  const options = [
    `-p ${port}`,
    `-k ${socketDir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=400',
    '-c shared_buffers=64MB',
    ...settings,
  ].join(' ');
  const pgCtl = path.join(bin, 'pg_ctl');
  const logFile = path.join(dir, 'postgres.log');
  let up = false;
  const start = async () => {
    await run(pgCtl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', options], user);
    up = true;
  };
  const stop = async (mode: 'fast' | 'immediate') => {
    up = false;
    await run(pgCtl, ['stop', '-w', '-t', '60', '-D', dataDir, '-m', mode], user);
  };
  await start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE aftersales');
    await admin.query('CREATE DATABASE rebuild');
  } finally {
    await admin.end();
  }
  return {
    port,
    adminUrl,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    running: () => up,
    close: async () => {
      if (up) await stop('fast').catch(() => stop('immediate'));
    },
  };
}

export type OwnReplica = Readonly<{
  port: number;
  urlOf(database: string): string;
  close(): Promise<void>;
}>;

/**
 * A streaming replica of `primary` (hot standby, read-only): `pg_basebackup -R` of the running
 * primary into its own directory, started on its own port. The primary's defaults allow it
 * (`wal_level = replica`, WAL senders, and initdb's `replication` lines in pg_hba.conf).
 */
export async function startReplica(primary: OwnPostgres, dir: string, port: number): Promise<OwnReplica> {
  const bin = binDir();
  const user = osUser();
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  for (const d of [dir, socketDir]) {
    mkdirSync(d, { recursive: true });
    if (user) chownSync(d, user.uid, user.gid);
  }
  await run(
    path.join(bin, 'pg_basebackup'),
    // `-c fast`: checkpoint at once (a spread one took minutes on a busy machine).
    [
      ...['-D', dataDir, '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'],
      ...['-X', 'stream', '-R', '-c', 'fast'],
    ],
    user,
  );
  const options = [
    `-p ${port}`,
    `-k ${socketDir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c hot_standby=on',
    // A standby needs at least the primary's connection slots.
    '-c max_connections=400',
    // Replica queries that conflict with replay wait this long before they are cancelled.
    '-c max_standby_streaming_delay=30s',
  ].join(' ');
  const pgCtl = path.join(bin, 'pg_ctl');
  const logFile = path.join(dir, 'postgres.log');
  await run(pgCtl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile, '-o', options], user);
  let up = true;
  return {
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    close: async () => {
      if (!up) return;
      up = false;
      await run(pgCtl, ['stop', '-w', '-t', '60', '-D', dataDir, '-m', 'fast'], user).catch(() =>
        run(pgCtl, ['stop', '-w', '-t', '60', '-D', dataDir, '-m', 'immediate'], user),
      );
    },
  };
}
