import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { opsFixture, placeOrder, recordedActions, registerCustomer } from '../../test/fixtures';
import { ApiKeyRepository } from '../keys/api-keys';

const root = path.resolve(import.meta.dirname, '../../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const main = path.join(root, 'packages/ops/src/main.ts');

type Run = Readonly<{ code: number | null; stdout: string; stderr: string }>;

/** Runs `pnpm ops ...` the way an operator does: a child process, real env, real database. */
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

describe('pnpm ops (child process)', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  const customerId = uniqueId('c-');
  const orderId = uniqueId('o-');
  const countEvents = async () =>
    (await fx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM event_store.events')).rows[0]?.n;

  beforeAll(async () => {
    fx = await opsFixture('ops_cli');
    await registerCustomer(fx.store, customerId, { name: 'Dara Nouri', email: `${customerId}@example.com` });
    await placeOrder(fx.store, orderId, customerId);
    await fx.settle();
  });
  afterAll(() => fx?.close());

  it('rejects bad input with a clear message and the documented exit code, changing nothing', async () => {
    const before = await countEvents();
    const cases: readonly [string[], number, RegExp][] = [
      [['frobnicate'], 2, /unknown command "frobnicate"/],
      [['history', 'order-does-not-exist'], 3, /stream order-does-not-exist does not exist/],
      [['timeline', customerId, '--as-of', '2026-02-30T10:00:00Z'], 2, /names a day that does not exist/],
      [['timeline', customerId], 2, /--as-of <instant> is required/],
      [['timeline', uniqueId('nobody-'), '--as-of', '2026-01-01'], 3, /no customer/],
      [['export', '--from', '2026-02-01', '--to', '2026-01-01', '--format', 'csv'], 2, /must be before/],
      [['export', '--from', '2026-01-01', '--to', '2026-02-01', '--format', 'xml'], 2, /jsonl or csv/],
      [
        ['export', '--from', '2026-01-01', '--to', '2026-02-01', '--format', 'csv', '--type', 'Nope'],
        2,
        /unknown event type/,
      ],
      [['forget', uniqueId('nobody-'), '--yes'], 3, /no customer/],
      [['rebuild', 'no-such-projection'], 3, /no projection "no-such-projection"/],
      [['history', 'x', '--as-of', '2026-01-01'], 2, /does not take --as-of/],
    ];
    for (const [args, code, message] of cases) {
      const run = await ops(fx.db.url, ...args);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({
        args,
        code,
        stderr: expect.stringMatching(message),
      });
      expect(run.stdout).toBe('');
    }
    expect(await countEvents()).toBe(before);
  }, 120_000);

  it('prints a stream history as JSON and records the action', async () => {
    const run = await ops(fx.db.url, 'history', `order-${orderId}`, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      streamId: `order-${orderId}`,
      events: [{ type: 'OrderPlaced' }],
    });
    expect(await recordedActions(fx.pool)).toContainEqual(
      expect.objectContaining({
        action: 'history',
        operator: 'cli-test',
        via: 'cli',
        arguments: { streamId: `order-${orderId}` },
      }),
    );
  }, 60_000);

  it('exports to a file and verifies the log', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ops-cli-'));
    const file = path.join(dir, 'slice.jsonl');
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const exported = await ops(
      fx.db.url,
      'export',
      '--from',
      from,
      '--to',
      to,
      '--format',
      'jsonl',
      '--out',
      file,
    );
    expect(exported.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(
      expect.arrayContaining(['CustomerRegistered', 'OrderPlaced']),
    );
    expect(existsSync(`${file}.partial`)).toBe(false);

    const verified = await ops(fx.db.url, 'verify', '--json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, issues: [] });
  }, 60_000);

  it('explains an empty export instead of succeeding in silence', async () => {
    const run = await ops(
      fx.db.url,
      'export',
      '--from',
      '2001-01-01',
      '--to',
      '2001-02-01',
      '--format',
      'jsonl',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /no event was recorded in \[2001-01-01T00:00:00.000Z, 2001-02-01T00:00:00.000Z\).*--by business/,
    );
  }, 60_000);

  it('manages API keys: create shows the key once, rotate replaces it, revoke stops it', async () => {
    // A repository without anything cached each time: the API process would see the change
    // within its key cache's lifetime (10 s).
    const identity = (key: string) => new ApiKeyRepository(fx.pool).authenticate(key);
    const name = uniqueId('warehouse-');
    const bad = await ops(fx.db.url, 'keys', 'create', name, '--scopes', 'read,root');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/scopes are one or more of/);

    const created = await ops(fx.db.url, 'keys', 'create', name, '--scopes', 'commands:write,read', '--json');
    expect(created.code).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };
    expect((await identity(key))?.name).toBe(name);

    const listed = await ops(fx.db.url, 'keys', 'list', '--json');
    const entry = (JSON.parse(listed.stdout) as { keys: { name: string; scopes: string[] }[] }).keys.find(
      (k) => k.name === name,
    );
    expect(entry?.scopes.sort()).toEqual(['commands:write', 'read']);
    expect(listed.stdout).not.toContain(key);

    const rotated = await ops(fx.db.url, 'keys', 'rotate', name);
    expect(rotated.code).toBe(0);
    const fresh = rotated.stdout.match(/^ {2}(\S+)$/m)?.[1] as string;
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(key);
    expect(await identity(key)).toBeNull();
    expect((await identity(fresh))?.name).toBe(name);

    expect((await ops(fx.db.url, 'keys', 'revoke', name)).code).toBe(0);
    expect(await identity(fresh)).toBeNull();
    expect((await ops(fx.db.url, 'keys', 'revoke', name)).code).toBe(3);
    const actions = await recordedActions(fx.pool);
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['keys-create', 'keys-rotate', 'keys-revoke']),
    );
  }, 60_000);

  it('shows, sets and lists the policy; an invalid document exits 2 and records nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'policy-'));
    const shown = await ops(fx.db.url, 'policy', 'show', '--json');
    expect(shown.code).toBe(0);
    const current = JSON.parse(shown.stdout) as { version: number; document: Record<string, unknown> };
    expect(current.version).toBe(0);
    const invalid = path.join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ ...current.document, warranty: { repairWarrantyDays: -1 } }));
    const refused = await ops(fx.db.url, 'policy', 'set', invalid, '--reason', 'typo');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('warranty.repairWarrantyDays');
    const longer = path.join(dir, 'longer.json');
    const document = { ...current.document, returns: { windowDays: 45, windowDaysByCategory: {} } };
    writeFileSync(longer, JSON.stringify(document));
    const set = await ops(
      fx.db.url,
      'policy',
      'set',
      longer,
      '--reason',
      'winter sale',
      '--effective-from',
      '2099-01-01',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('policy v1 recorded, in force from 2099-01-01T00:00:00.000Z');
    const history = await ops(fx.db.url, 'policy', 'history');
    expect(history.stdout.trim()).toBe('v1  from 2099-01-01T00:00:00.000Z  by cli-test: winter sale');
    const later = JSON.parse(
      (await ops(fx.db.url, 'policy', 'show', '--as-of', '2099-01-02', '--json')).stdout,
    );
    expect(later).toMatchObject({ version: 1, document: { returns: { windowDays: 45 } } });
  });

  it('sets the reporting calendar as a policy version of its own; a zone no one knows exits 2', async () => {
    const versions = async () =>
      (
        await fx.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM event_store.events WHERE stream_id = 'policy'",
        )
      ).rows[0]?.n;
    const before = await versions();
    const refused = await ops(fx.db.url, 'calendar', 'set', '--timezone', 'Asia/Atlantis');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('reporting.timezone');
    const noOption = await ops(fx.db.url, 'calendar', 'set');
    expect(noOption.code).toBe(2);
    expect(await versions()).toBe(before);

    const set = await ops(fx.db.url, 'calendar', 'set', '--timezone', 'Asia/Tehran', '--calendar', 'persian');
    expect(set.code).toBe(0);
    const recorded =
      /policy v(\d+) recorded, in force from .*: persian calendar, time zone Asia\/Tehran/.exec(set.stdout);
    expect(recorded).not.toBeNull();
    expect(await versions()).toBe((before ?? 0) + 1);
    const shown = JSON.parse((await ops(fx.db.url, 'calendar', 'show', '--json')).stdout);
    expect(shown).toMatchObject({
      version: Number(recorded?.[1]),
      reporting: { timezone: 'Asia/Tehran', calendar: 'persian' },
    });
    // Only the reporting section changed: the rest is the document that was in force (v0).
    const policy = JSON.parse((await ops(fx.db.url, 'policy', 'show', '--json')).stdout);
    expect(policy.document.returns).toEqual({ windowDays: 30, windowDaysByCategory: {} });
    const history = await ops(fx.db.url, 'policy', 'history');
    expect(history.stdout).toContain('by cli-test: reporting calendar: persian, Asia/Tehran');
  }, 180_000);

  it('exits 5 when verify finds tampering', async () => {
    await fx.pool.query(
      `UPDATE event_store.events SET data = jsonb_set(data, '{currency}', '"USD"') WHERE stream_id = $1`,
      [`order-${orderId}`],
    );
    const run = await ops(fx.db.url, 'verify');
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(new RegExp(`ALTERED\\s+order-${orderId} @0`));
  }, 60_000);
});
