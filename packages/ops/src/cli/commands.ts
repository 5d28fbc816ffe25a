import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import type { OpsRuntime } from '../connect';
import { badInput, exitCodeOf, OpsError } from '../errors';
import { type ExportFormat, parseFormat, writeSlice } from '../export/export';
import type { Caller } from '../ops';
import { requireCustomerId, requireStreamId, validateExport, validateTimeline } from '../validate';
import type { VerifyReport } from '../verify/verify';
import { noMorePositionals, type Parsed, positional, stringOption, USAGE } from './args';
import { renderBiRole, renderHistory, renderJson, renderVerify } from './output';
import { progressBar } from './progress';

export type CliIo = Readonly<{
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  connect: () => Promise<OpsRuntime>;
  operator: string;
  /** Where `bi-role create` reads BI_ROLE_PASSWORD (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}>;

type Prepared = Readonly<{ run: (runtime: OpsRuntime, caller: Caller) => Promise<number> }>;

const print = (io: CliIo, text: string) => io.stdout.write(`${text}\n`);

/**
 * Checks the whole command line before connecting to anything (bad input changes nothing),
 * then returns the work to run against the connected operations.
 */
function prepare(parsed: Parsed, io: CliIo): Prepared {
  const out = (value: unknown, human?: () => string) =>
    print(io, parsed.json || !human ? renderJson(value) : human());
  const bar = (label: string) => progressBar(label, parsed.progress || io.stderr.isTTY === true, io.stderr);
  switch (parsed.command) {
    case 'history': {
      const streamId = requireStreamId(positional(parsed, 0, 'stream'));
      noMorePositionals(parsed, 1);
      return {
        run: async ({ ops }, caller) => {
          const result = await ops.history(caller, streamId);
          out(result, () => renderHistory(result));
          return 0;
        },
      };
    }
    case 'timeline': {
      const input = validateTimeline({
        customerId: positional(parsed, 0, 'customerId'),
        asOf: stringOption(parsed, 'as-of'),
        by: stringOption(parsed, 'by'),
      });
      noMorePositionals(parsed, 1);
      return {
        run: async ({ ops }, caller) => {
          out(await ops.timeline(caller, input));
          return 0;
        },
      };
    }
    case 'export': {
      noMorePositionals(parsed, 0);
      const query = validateExport({
        from: stringOption(parsed, 'from'),
        to: stringOption(parsed, 'to'),
        types: parsed.values.type as string[] | undefined,
        by: stringOption(parsed, 'by'),
      });
      const formatText = stringOption(parsed, 'format');
      if (formatText === undefined) throw badInput('missing-format', '--format jsonl|csv is required');
      const format = parseFormat(formatText);
      const file = stringOption(parsed, 'out');
      return {
        run: async ({ ops }, caller) => {
          const progress = bar('export');
          const { events } = await ops.exportSlice(
            caller,
            query,
            format,
            (slice) =>
              file ? writeFileAtomically(file, slice, format) : writeSlice(slice, format, writer(io.stdout)),
            (done, total) => progress.update(done, total),
          );
          progress.finish();
          if (file) io.stderr.write(`${events} event(s) written to ${file}\n`);
          // An empty slice is most often the other axis: say so rather than succeed in silence.
          if (events === 0) {
            const other = query.by === 'recorded' ? 'business' : 'recorded';
            io.stderr.write(
              `no event ${query.by === 'recorded' ? 'was recorded' : 'happened (business time)'} in [${query.from}, ${query.to}); ` +
                `history imported with its own business times is found with --by ${other}\n`,
            );
          }
          return 0;
        },
      };
    }
    case 'verify': {
      noMorePositionals(parsed, 0);
      return {
        run: async ({ ops }, caller) => {
          const progress = bar('verify');
          const report = (await ops.verify(caller, (done, total) =>
            progress.update(done, total),
          )) as VerifyReport;
          progress.finish();
          out(report, () => renderVerify(report));
          return report.ok ? 0 : exitCodeOf('integrity');
        },
      };
    }
    case 'forget': {
      const customerId = requireCustomerId(positional(parsed, 0, 'customerId'));
      noMorePositionals(parsed, 1);
      return {
        run: async ({ ops }, caller) => {
          const result = await ops.forget(caller, customerId);
          out(result, () =>
            [
              result.alreadyForgotten
                ? `customer ${customerId} was already forgotten; erasers re-run`
                : `customer ${customerId} forgotten: key destroyed${result.forgottenEventRecorded ? ', CustomerForgotten recorded' : ''}`,
              ...result.erasures.map((e) =>
                e.ok ? `  ${e.eraser}: ${e.rows} row(s)` : `  ${e.eraser}: FAILED ${e.error}`,
              ),
              `  rewritten on disk: ${result.storage.vacuumed.join(', ') || 'nothing changed'}${result.storage.failed.length ? `; NOT rewritten (rights or lock): ${result.storage.failed.join(', ')}` : ''}; checkpoint ${result.storage.checkpointed ? 'written' : 'not written'}`,
            ].join('\n'),
          );
          return result.erasures.every((e) => e.ok) ? 0 : 1;
        },
      };
    }
    case 'rebuild': {
      const target = positional(parsed, 0, 'projection|all');
      noMorePositionals(parsed, 1);
      return {
        run: async ({ ops }, caller) => {
          const progress = bar(`rebuild ${target}`);
          const result = await ops.rebuild(caller, target, ({ done, total }) => progress.update(done, total));
          progress.finish();
          out(result);
          return 0;
        },
      };
    }
    case 'lag': {
      noMorePositionals(parsed, 0);
      return {
        run: async ({ ops }, caller) => {
          out(await ops.lag(caller));
          return 0;
        },
      };
    }
    case 'dead-letters': {
      const action = positional(parsed, 0, 'list|retry');
      if (action === 'list') {
        noMorePositionals(parsed, 1);
        const projection = stringOption(parsed, 'projection');
        return {
          run: async ({ ops }, caller) => {
            out(await ops.deadLetters(caller, projection));
            return 0;
          },
        };
      }
      if (action === 'retry') {
        const projection = positional(parsed, 1, 'projection');
        const id = positional(parsed, 2, 'id');
        noMorePositionals(parsed, 3);
        return {
          run: async ({ ops }, caller) => {
            out(await ops.retryDeadLetter(caller, projection, id));
            return 0;
          },
        };
      }
      throw badInput('unknown-command', `dead-letters ${action}: expected list or retry`, { action });
    }
    case 'keys':
      return prepareKeys(parsed, out);
    case 'bi-role': {
      const action = positional(parsed, 0, 'create');
      if (action !== 'create')
        throw badInput('unknown-command', `bi-role ${action}: expected create`, { action });
      const name = positional(parsed, 1, 'name');
      noMorePositionals(parsed, 2);
      const limitText = stringOption(parsed, 'connection-limit');
      const password = (io.env ?? process.env).BI_ROLE_PASSWORD || undefined;
      const request = {
        name,
        ...(password === undefined ? {} : { password }),
        newPassword: parsed.values['new-password'] === true,
        ...(limitText === undefined ? {} : { connectionLimit: Number(limitText) }),
        restrictAdvisoryLocks: parsed.values['keep-advisory-locks'] !== true,
        serviceRoles: (parsed.values['service-role'] as string[] | undefined) ?? [],
      };
      return {
        run: async ({ ops }, caller) => {
          const result = await ops.createBiRole(caller, request);
          out(result, () => renderBiRole(result));
          return 0;
        },
      };
    }
    default:
      throw badInput('unknown-command', `unknown command "${parsed.command}"`, { command: parsed.command });
  }
}

/** `keys list|create|rotate|revoke`: the same operations as `/v1/ops/keys`, recorded alike. */
function prepareKeys(parsed: Parsed, out: (value: unknown, human?: () => string) => void): Prepared {
  const action = positional(parsed, 0, 'list|create|rotate|revoke');
  const issued = (result: { name: string; key: string; scopes?: readonly string[] }) => () =>
    [
      `key ${result.name}${result.scopes ? ` (${result.scopes.join(', ')})` : ''}:`,
      `  ${result.key}`,
      'It is shown this once and stored only as its hash: keep it now.',
    ].join('\n');
  if (action === 'list') {
    noMorePositionals(parsed, 1);
    return {
      run: async ({ ops }, caller) => {
        out(await ops.listKeys(caller));
        return 0;
      },
    };
  }
  if (action === 'create') {
    const name = positional(parsed, 1, 'name');
    noMorePositionals(parsed, 2);
    const scopes = stringOption(parsed, 'scopes');
    if (scopes === undefined) throw badInput('missing-scopes', 'keys create: --scopes a,b is required');
    return {
      run: async ({ ops }, caller) => {
        const result = await ops.createKey(caller, { name, scopes });
        out(result, issued(result));
        return 0;
      },
    };
  }
  if (action === 'rotate' || action === 'revoke') {
    const name = positional(parsed, 1, 'name');
    noMorePositionals(parsed, 2);
    return {
      run: async ({ ops }, caller) => {
        if (action === 'revoke') {
          out(await ops.revokeKey(caller, name), () => `key ${name} revoked`);
        } else {
          const result = await ops.rotateKey(caller, name);
          out(result, issued(result));
        }
        return 0;
      },
    };
  }
  throw badInput('unknown-command', `keys ${action}: expected list, create, rotate or revoke`, { action });
}

const writer = (stream: NodeJS.WritableStream) => (chunk: string) =>
  new Promise<void>((resolve, reject) => {
    stream.write(chunk, (err) => (err ? reject(err) : resolve()));
  });

/** Writes next to the target and renames at the end: a failed export leaves no half file. */
async function writeFileAtomically(
  file: string,
  slice: Parameters<typeof writeSlice>[0],
  format: ExportFormat,
): Promise<number> {
  const partial = `${file}.partial`;
  const stream = createWriteStream(partial, { flags: 'wx' });
  try {
    const count = await writeSlice(slice, format, writer(stream));
    await new Promise<void>((resolve, reject) =>
      stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    await rename(partial, file);
    return count;
  } catch (err) {
    stream.destroy();
    await unlink(partial).catch(() => undefined);
    throw err;
  }
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(parsedOrError: Parsed | OpsError, io: CliIo): Promise<number> {
  const json = !(parsedOrError instanceof OpsError) && parsedOrError.json;
  const fail = (code: string, message: string, exitCode: number, details?: unknown) => {
    io.stderr.write(
      json ? `${renderJson({ error: { code, message, details } })}\n` : `error [${code}]: ${message}\n`,
    );
    return exitCode;
  };
  let runtime: OpsRuntime | undefined;
  try {
    if (parsedOrError instanceof OpsError) throw parsedOrError;
    if (parsedOrError.command === 'help') {
      print(io, USAGE);
      return 0;
    }
    const prepared = prepare(parsedOrError, io);
    runtime = await io.connect();
    return await prepared.run(runtime, { operator: io.operator, via: 'cli' });
  } catch (err) {
    if (err instanceof OpsError) {
      const hint = err.code === 'unknown-command' || err.code === 'bad-arguments' ? ' (pnpm ops help)' : '';
      return fail(err.code, err.message + hint, exitCodeOf(err.kind), err.details);
    }
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: unknown }).code;
    return fail(typeof code === 'string' ? code : 'internal-error', message, 1);
  } finally {
    await runtime?.close().catch(() => undefined);
  }
}
