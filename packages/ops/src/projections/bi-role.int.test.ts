import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { opsFixture, recordedActions } from '../../test/fixtures';
import { parseCommandLine } from '../cli/args';
import { runCli } from '../cli/commands';
import { connectOps } from '../connect';
import { projectionOpsFrom } from './delegate';

const role = uniqueId('bi_').toLowerCase();

describe('pnpm ops bi-role create', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;

  beforeAll(async () => {
    fx = await opsFixture('ops_bi_role');
  });
  afterAll(async () => {
    await fx?.close();
    if (!fx) return;
    // Roles are cluster-wide: drop ours once the database holding its grants is gone.
    const admin = new pg.Client({ connectionString: fx.db.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  /** Runs one command line in-process, as `pnpm ops` would, against the fixture's database. */
  async function ops(args: string[], env: Record<string, string> = {}) {
    const stdout = new PassThrough();
    const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
    let out = '';
    let err = '';
    stdout.on('data', (chunk) => {
      out += chunk;
    });
    (stderr as unknown as PassThrough).on('data', (chunk) => {
      err += chunk;
    });
    let parsed: ReturnType<typeof parseCommandLine>;
    try {
      parsed = parseCommandLine(args);
    } catch (error) {
      return { code: -1, stdout: '', stderr: String(error) };
    }
    const code = await runCli(parsed, {
      stdout,
      stderr,
      operator: 'bi-test',
      env,
      connect: () => connectOps({ env: { DATABASE_URL: fx.db.url }, projections: projectionOpsFrom }),
    });
    return { code, stdout: out, stderr: err };
  }

  /** Runs `sql` as the BI role; the rows, or the SQLSTATE of the refusal. */
  async function asBi(password: string, sql: string): Promise<{ rows?: unknown[]; code?: string }> {
    const url = new URL(fx.db.url);
    url.username = role;
    url.password = password;
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await client.connect();
      return { rows: (await client.query(sql)).rows };
    } catch (error) {
      return { code: (error as { code?: string }).code ?? 'unknown' };
    } finally {
      await client.end().catch(() => {});
    }
  }

  it('creates a read-only login, shows a generated password once, and takes advisory locks away from it', async () => {
    const first = await ops(['bi-role', 'create', role, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as {
      created: boolean;
      passwordSource: string;
      password: string;
      advisoryLocks: { restricted: boolean };
    };
    expect(result).toMatchObject({
      created: true,
      passwordSource: 'generated',
      advisoryLocks: { restricted: true },
    });
    expect(result.password.length).toBeGreaterThanOrEqual(24);

    expect((await asBi(result.password, 'SELECT name FROM projections.projection_status')).rows).toEqual([]);
    expect((await asBi(result.password, 'SELECT * FROM event_store.events LIMIT 1')).code).toBe('42501');
    expect((await asBi(result.password, 'SELECT * FROM projections.leases')).code).toBe('42501');
    // Neither the runner's old key nor the event store's append mark is within its reach any more.
    expect((await asBi(result.password, 'SELECT pg_try_advisory_lock(1)')).code).toBe('42501');
    expect((await asBi(result.password, 'SELECT pg_advisory_xact_lock_shared(7340291, 1)')).code).toBe(
      '42501',
    );
    // The services keep them.
    await fx.pool.query('SELECT pg_advisory_xact_lock_shared(7340291, 1)');

    // The operator action is recorded, the password is not.
    const actions = await recordedActions(fx.pool);
    const action = actions.find((a) => a.action === 'bi-role create');
    expect(action).toBeDefined();
    expect(JSON.stringify(actions)).not.toContain(result.password);
  });

  it('is idempotent: a second run keeps the password; BI_ROLE_PASSWORD or --new-password changes it', async () => {
    // The test cluster may trust local connections: compare the stored verifier, not a login.
    const verifier = async () =>
      (await fx.pool.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role])).rows[0]
        ?.rolpassword as string;
    const before = await verifier();
    const created = JSON.parse((await ops(['bi-role', 'create', role, '--json'])).stdout) as {
      passwordSource: string;
    };
    expect(created.passwordSource).toBe('unchanged');
    expect(await verifier()).toBe(before);

    const set = await ops(['bi-role', 'create', role], { BI_ROLE_PASSWORD: 'from-the-env' });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('password: set from BI_ROLE_PASSWORD');
    expect(set.stdout).not.toContain('from-the-env');
    expect((await asBi('from-the-env', 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    const fromEnv = await verifier();
    expect(fromEnv).not.toBe(before);

    const fresh = await ops(['bi-role', 'create', role, '--new-password']);
    const password = /shown this once[^:]*: (\S+)/.exec(fresh.stdout)?.[1] ?? '';
    expect(password).not.toBe('');
    expect((await asBi(password, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(await verifier()).not.toBe(fromEnv);
  });

  it('refuses bad names and roles with other duties, changing nothing', async () => {
    const bad = await ops(['bi-role', 'create', 'Robert"); DROP']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad-role-name');
    const me = new URL(fx.db.url).username;
    const self = await ops(['bi-role', 'create', me]);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('bi-role-refused');
  });
});
