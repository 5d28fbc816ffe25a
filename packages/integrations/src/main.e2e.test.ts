import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../test/receiver';
import { type Fixture, openFixture } from '../test/support';

const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'packages/integrations/src/main.ts');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

let fx: Fixture;
const children: ChildProcess[] = [];
beforeAll(async () => {
  fx = await openFixture('integrations_main');
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await fx?.close();
});

function start(env: Record<string, string>) {
  const child = spawn(tsx, [main], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: fx.db.url, EVENTSTORE_URL: '', LOG_LEVEL: 'warn', ...env },
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

describe('tsx packages/integrations/src/main.ts', () => {
  it('serves /ready and /metrics as a process of its own, and stops on SIGTERM', async () => {
    const port = await freePort();
    const run = start({
      INTEGRATIONS_PORT: String(port),
      NATS_URL: fx.natsUrl,
      INTEGRATION_STREAM: fx.stream,
      INTEGRATION_SUBJECT_PREFIX: fx.subjectPrefix,
    });
    let ready: { ready: boolean; checks: { name: string }[] } | undefined;
    await until(
      async () => {
        ready = await fetch(`http://127.0.0.1:${port}/ready`)
          .then((r) => r.json() as Promise<typeof ready>)
          .catch(() => undefined);
        return ready?.checks.length === 5 && ready.ready;
      },
      'readiness with every check',
      60_000,
    );
    expect(ready?.checks.map((c) => c.name)).toContain('publisher-progress');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('aftersales_integrations_webhook_attempts_total');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('ends at once, naming the variable, on a wrong setting', async () => {
    const run = start({ WEBHOOK_TIMEOUT_MS: 'fast' });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('WEBHOOK_TIMEOUT_MS');
  });
});
