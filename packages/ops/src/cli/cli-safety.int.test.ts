import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@aftersales/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { opsFixture, placeOrder, registerCustomer } from '../../test/fixtures';
import { connectOps } from '../connect';
import { parseCommandLine } from './args';
import { type CliIo, runCli } from './commands';

/*
 * The CLI's guard rails, run in this process against real PostgreSQL: `timeline` prints a table
 * like `history`, `forget` asks before it destroys anything, and without DATABASE_URL the CLI uses
 * only its own checkout's embedded PostgreSQL.
 */
class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

type Ran = Readonly<{ code: number; stdout: string; stderr: string }>;

async function cli(
  env: Record<string, string | undefined>,
  args: string[],
  stdin?: CliIo['stdin'],
): Promise<Ran> {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await runCli(parseCommandLine(args), {
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    ...(stdin ? { stdin } : {}),
    operator: 'cli-safety-test',
    connect: () => connectOps({ env }),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A stdin that says it is a terminal, with the operator's answer typed into it. */
function terminal(answer: string): CliIo['stdin'] {
  const input = new PassThrough() as PassThrough & { isTTY?: boolean };
  input.isTTY = true;
  setImmediate(() => input.end(`${answer}\n`));
  return input;
}

describe('pnpm ops on a database', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  let env: Record<string, string | undefined>;
  const customerId = uniqueId('c-');
  const orderId = uniqueId('o-');
  const keyExists = async () =>
    (
      await fx.pool.query(
        'SELECT 1 FROM privacy.customer_keys WHERE customer_id = $1 AND data_key IS NOT NULL',
        [customerId],
      )
    ).rowCount;

  beforeAll(async () => {
    fx = await opsFixture('ops_cli_safety');
    env = { DATABASE_URL: fx.db.url };
    await registerCustomer(fx.store, customerId, { name: 'Dara Nouri', email: `${customerId}@example.com` });
    await placeOrder(fx.store, orderId, customerId);
  });
  afterAll(() => fx?.close());

  it('prints timeline as a table by default and as JSON with --json', async () => {
    const asOf = new Date(Date.now() + 60_000).toISOString();
    const table = await cli(env, ['timeline', customerId, '--as-of', asOf]);
    expect(table.code).toBe(0);
    expect(() => JSON.parse(table.stdout)).toThrow();
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain(`customer ${customerId} as of ${asOf}`);
    expect(lines).toContainEqual(expect.stringMatching(/^kind\s+id\s+rev\s+status\s+policy\s+summary$/));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^order\\s+${orderId}\\s+0\\b`)));

    const json = await cli(env, ['timeline', customerId, '--as-of', asOf, '--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { customerId: string; orders: { id: string }[] };
    expect(parsed.customerId).toBe(customerId);
    expect(parsed.orders.map((o) => o.id)).toEqual([orderId]);
  });

  it('refuses forget without --yes when stdin is not a terminal, changing nothing', async () => {
    const piped = new PassThrough();
    const run = await cli(env, ['forget', customerId], piped);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error \[confirmation-required\].*add --yes/);
    expect(await keyExists()).toBe(1);
    const none = await cli(env, ['forget', customerId]);
    expect(none.code).toBe(2);
    expect(await keyExists()).toBe(1);
  });

  it('asks on a terminal: a wrong answer changes nothing, the customer id confirms', async () => {
    const declined = await cli(env, ['forget', customerId], terminal('y'));
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain(`Forget customer ${customerId}?`);
    expect(declined.stderr).toContain('not confirmed: nothing changed');
    expect(await keyExists()).toBe(1);

    const confirmed = await cli(env, ['forget', customerId], terminal(customerId));
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain(`customer ${customerId} forgotten`);
    expect(await keyExists()).toBe(0);
  });

  it('forgets with --yes without asking', async () => {
    const other = uniqueId('c-');
    await registerCustomer(fx.store, other, { name: 'Sara Kamali', email: `${other}@example.com` });
    const run = await cli(env, ['forget', other, '--yes'], new PassThrough());
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('Type the customer id');
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('pnpm ops without DATABASE_URL', () => {
  let theirs: string;
  let ours: string;
  let port: number;
  let embedded: EmbeddedPostgres;

  beforeAll(async () => {
    theirs = await mkdtemp(path.join(os.tmpdir(), 'checkout-a-'));
    ours = await mkdtemp(path.join(os.tmpdir(), 'checkout-b-'));
    // The server runs as an unprivileged user when the tests run as root: it must reach the dirs.
    await chmod(theirs, 0o777);
    await chmod(ours, 0o777);
    port = await freePort();
    // Another checkout's embedded PostgreSQL, answering on the port this one would use.
    embedded = await startEmbeddedPostgres({ dataDir: path.join(theirs, 'postgres'), port });
  }, 180_000);
  afterAll(async () => {
    await embedded?.stop();
    await rm(theirs, { recursive: true, force: true });
    await rm(ours, { recursive: true, force: true });
  });

  it("refuses another checkout's embedded PostgreSQL with exit 4 and says whose it is", async () => {
    const run = await cli({ EMBEDDED_PG_PORT: String(port), DATA_DIR: ours }, ['verify']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('error [foreign-embedded-postgres]');
    expect(run.stderr).toContain(`127.0.0.1:${port}`);
    expect(run.stderr).toContain(path.join(theirs, 'postgres'));
    expect(run.stdout).toBe('');
  });

  it('uses its own checkout’s', async () => {
    const run = await cli({ EMBEDDED_PG_PORT: String(port), DATA_DIR: theirs }, ['verify', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
  });
});
