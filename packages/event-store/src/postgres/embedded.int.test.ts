import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support';
import { startEmbeddedPostgres } from './embedded';

/*
 * The embedded PostgreSQL of `pnpm start`. Ctrl-C signals the whole process group, so postgres
 * often ends on its own before the shutdown stops it; the stop must still return.
 */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the embedded PostgreSQL', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stops when postgres has already ended on a signal of its own', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'embedded-'));
    // The server runs as an unprivileged user when the tests run as root: it must reach the dir.
    await chmod(dir, 0o777);
    const dataDir = path.join(dir, 'postgres');
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(pid)).toBe(true);
    process.kill(pid, 'SIGINT');
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    // Let the child's exit reach this process, as it has when the shutdown gets here.
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Before, this waited for an exit event that had already come: for ever.
    const stopped = await Promise.race([
      embedded.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 20_000).unref()),
    ]);
    expect(stopped).toBe('stopped');
  }, 120_000);
});
