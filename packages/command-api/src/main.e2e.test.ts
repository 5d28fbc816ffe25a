import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support';

/**
 * `tsx src/main.ts` on a database of its own (not the embedded mode): no development key is
 * created or printed, and a DEV_API_KEY there is refused before the server starts.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'packages/command-api/src/main.ts');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('api_main');
});
afterAll(async () => {
  await db?.drop();
});

type Started = Readonly<{
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}>;

function start(env: Record<string, string>): Started {
  const child = spawn(tsx, [main], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WITH_WORKERS: 'false', LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

describe('the command API on its own database', () => {
  it('creates and prints no development key', async () => {
    const api = start({ DATABASE_URL: db.url });
    try {
      const deadline = Date.now() + 60_000;
      while (!api.stdout().includes('listening on') && Date.now() < deadline && api.child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(api.stdout()).toContain('listening on');
      expect(api.stdout()).not.toMatch(/Development API key|dashboard\?key=|Bearer [A-Za-z0-9_-]{16}/);
      expect(api.stdout()).toContain('pnpm ops keys create');
      // A spike of connections is queued by the kernel, not dropped for a SYN retry 1-3 s later:
      // the listening socket's backlog (ss's Send-Q) is LISTEN_BACKLOG's default, as far as
      // net.core.somaxconn allows.
      const port = /listening on http:\/\/[^:\s]+:(\d+)/.exec(api.stdout())?.[1];
      expect(port).toBeDefined();
      const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
      const listening = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
      expect(listening.trim().split(/\s+/)[2]).toBe(String(Math.min(4096, somaxconn)));
      const pool = new pg.Pool({ connectionString: db.url, max: 1 });
      try {
        const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys');
        expect(rows[0]?.n).toBe(0);
      } finally {
        await pool.end();
      }
    } finally {
      api.child.kill('SIGTERM');
      await api.exit;
    }
  }, 90_000);

  it('refuses a DEV_API_KEY there, before it listens', async () => {
    const api = start({ DATABASE_URL: db.url, DEV_API_KEY: 'a-fixed-key-of-some-length' });
    expect(await api.exit).toBe(1);
    expect(api.stderr()).toContain('DEV_API_KEY is for the embedded mode');
    expect(api.stdout()).not.toContain('listening on');
  }, 90_000);
});
