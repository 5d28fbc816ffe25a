import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsFixture, recordedActions } from '../../test/fixtures';

const root = path.resolve(import.meta.dirname, '../../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'packages/ops/src/main.ts');

/** Each step spawns the CLI (a few seconds each on a busy machine): the test may take minutes. */
const CLI_TIMEOUT_MS = 300_000;

type Run = Readonly<{ code: number | null; stdout: string; stderr: string }>;

function ops(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [main, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, OPS_OPERATOR: 'cli-test', EVENTSTORE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnpm ops webhooks', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  beforeAll(async () => {
    fx = await opsFixture('ops_webhooks');
  });
  afterAll(() => fx?.close());

  it(
    'creates, lists, replays, shows the log of and deletes a subscription; each action recorded',
    async () => {
      const url = fx.db.url;
      const created = await ops(
        url,
        'webhooks',
        'create',
        'erp',
        '--url',
        'https://erp.example/hooks',
        '--type',
        'aftersales.return.refunded.v1',
        '--type',
        'aftersales.return.store-credited.v1',
      );
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/signing secret:\n {2}whsec_[A-Za-z0-9+/]{32}\n/);
      const listed = await ops(url, 'webhooks', 'list', '--json');
      const { subscriptions } = JSON.parse(listed.stdout) as {
        subscriptions: { id: string; eventTypes: string[] }[];
      };
      expect(subscriptions.map((s) => [s.id, s.eventTypes])).toEqual([
        ['erp', ['aftersales.return.refunded.v1', 'aftersales.return.store-credited.v1']],
      ]);
      expect(listed.stdout).not.toContain('whsec_');
      const replayed = await ops(url, 'webhooks', 'replay', 'erp', '--from-position', '0', '--json');
      expect([replayed.code, JSON.parse(replayed.stdout).position]).toEqual([0, '0']);
      const log = await ops(url, 'webhooks', 'deliveries', 'erp', '--limit', '5', '--json');
      expect(JSON.parse(log.stdout)).toEqual({ deliveries: [], nextBefore: null });
      const rotated = await ops(url, 'webhooks', 'rotate', 'erp', '--overlap-hours', '2');
      expect([rotated.code, rotated.stderr]).toEqual([0, '']);
      const newSecret = /new signing secret:\n {2}(whsec_[A-Za-z0-9+/]{32})\n/.exec(rotated.stdout)?.[1];
      expect(newSecret).toBeDefined();
      expect(created.stdout).not.toContain(newSecret);
      expect(rotated.stdout).toMatch(/The previous secret also signs until /);
      const enabled = await ops(url, 'webhooks', 'enable', 'erp', '--json');
      expect([enabled.code, JSON.parse(enabled.stdout).disabled]).toEqual([0, null]);
      const letters = await ops(url, 'dead-letters', 'list', '--projection', 'webhooks', '--json');
      expect([letters.code, JSON.parse(letters.stdout)]).toEqual([0, []]);
      expect((await ops(url, 'webhooks', 'delete', 'erp')).code).toBe(0);
      const actions = (await recordedActions(fx.pool)).map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'webhooks create',
          'webhooks list',
          'webhooks replay',
          'webhooks deliveries',
          'webhooks rotate',
          'webhooks enable',
          'webhooks delete',
        ]),
      );
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses bad input with exit 2 and unknown subscriptions with exit 3',
    async () => {
      const url = fx.db.url;
      const cases: [string[], number, RegExp][] = [
        [
          ['webhooks', 'create', 'x', '--url', 'https://x.example/', '--type', 'Nope'],
          2,
          /not in the catalog: Nope/,
        ],
        [['webhooks', 'create', 'x', '--type', 'aftersales.order.placed.v1'], 2, /--url is required/],
        [['webhooks', 'replay', 'x', '--from', 'soon'], 2, /fromPosition or from|an ISO 8601 instant/],
        [['webhooks', 'delete', 'nobody'], 3, /no subscription nobody/],
        [['webhooks', 'rotate', 'nobody'], 3, /no subscription nobody/],
        [
          ['webhooks', 'create', 'x', '--url', 'http://127.0.0.1:9/', '--type', 'aftersales.order.placed.v1'],
          2,
          /127\.0\.0\.1 is a loopback/,
        ],
        [['webhooks', 'frob', 'x'], 2, /expected list, create/],
        [['dead-letters', 'retry', 'webhooks', '99'], 3, /no dead letter 99/],
      ];
      for (const [args, code, message] of cases) {
        const run = await ops(url, ...args);
        expect([run.code, run.stderr], args.join(' ')).toEqual([code, expect.stringMatching(message)]);
      }
    },
    CLI_TIMEOUT_MS,
  );
});
