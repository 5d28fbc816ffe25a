import { createWriteStream } from 'node:fs';
import { readFile, rename, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { type ReportingCalendar, reportingCalendarOf } from '@aftersales/domain';
import type { OpsRuntime } from '../connect';
import { badInput, exitCodeOf, OpsError } from '../errors';
import { type ExportFormat, parseFormat, writeSlice } from '../export/export';
import type { Caller } from '../ops';
import type { Timeline } from '../timeline/timeline';
import { requireCustomerId, requireStreamId, validateExport, validateTimeline } from '../validate';
import type { VerifyReport } from '../verify/verify';
import { noMorePositionals, type Parsed, positional, stringOption, USAGE } from './args';
import { renderBiRole, renderHistory, renderJson, renderTimeline, renderVerify } from './output';
import { progressBar } from './progress';

export type CliIo = Readonly<{
  /** Where `forget` reads its confirmation; without one (or not a terminal) it needs `--yes`. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
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
          const result: Timeline = await ops.timeline(caller, input);
          out(result, () => renderTimeline(result));
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
      const confirmed = parsed.values.yes === true;
      const stdin = io.stdin;
      if (!confirmed && stdin?.isTTY !== true) {
        throw badInput(
          'confirmation-required',
          `forget ${customerId} cannot be undone and stdin is not a terminal to ask on: add --yes to confirm`,
        );
      }
      return {
        run: async ({ ops }, caller) => {
          if (!confirmed && stdin) {
            const answer = await ask(
              stdin,
              io.stderr,
              `Forget customer ${customerId}? Their personal data becomes unreadable for good. Type the customer id to confirm: `,
            );
            if (answer !== customerId) {
              io.stderr.write('not confirmed: nothing changed\n');
              return 1;
            }
          }
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
    case 'policy':
      return preparePolicy(parsed, out);
    case 'calendar':
      return prepareCalendar(parsed, out);
    case 'webhooks':
      return prepareWebhooks(parsed, out);
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

/** `policy show|history|set`: the same operations as `/v1/ops/policy`, recorded alike. */
function preparePolicy(parsed: Parsed, out: (value: unknown, human?: () => string) => void): Prepared {
  const action = positional(parsed, 0, 'show|history|set');
  if (action === 'show') {
    noMorePositionals(parsed, 1);
    const asOf = stringOption(parsed, 'as-of');
    return {
      run: async ({ ops }, caller) => {
        out(await ops.showPolicy(caller, asOf));
        return 0;
      },
    };
  }
  if (action === 'history') {
    noMorePositionals(parsed, 1);
    return {
      run: async ({ ops }, caller) => {
        const { versions } = await ops.policyHistory(caller);
        out({ versions }, () =>
          versions.length === 0
            ? 'no versions recorded: the built-in defaults (version 0) are in force'
            : versions
                .map((v) => `v${v.version}  from ${v.effectiveFrom}  by ${v.author}: ${v.reason}`)
                .join('\n'),
        );
        return 0;
      },
    };
  }
  if (action === 'set') {
    const file = positional(parsed, 1, 'file.json');
    noMorePositionals(parsed, 2);
    const reason = stringOption(parsed, 'reason');
    if (reason === undefined) throw badInput('missing-reason', 'policy set: --reason is required');
    const effectiveFrom = stringOption(parsed, 'effective-from');
    return {
      run: async ({ ops }, caller) => {
        const document = await readJsonFile(file);
        const result = await ops.setPolicy(caller, {
          document,
          reason,
          ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
        });
        out(result, () =>
          result.recorded
            ? `policy v${result.version} recorded, in force from ${result.effectiveFrom}`
            : `the same change is version ${result.version} already: nothing recorded`,
        );
        return 0;
      },
    };
  }
  throw badInput('unknown-command', `policy ${action}: expected show, history or set`, { action });
}

/**
 * `calendar show|set`: the policy's `reporting` section. `set` records a new version of the
 * document in force at its effective instant with only that section changed, through the same
 * operation as `policy set` (checked by the one schema, recorded alike).
 */
function prepareCalendar(parsed: Parsed, out: (value: unknown, human?: () => string) => void): Prepared {
  const action = positional(parsed, 0, 'show|set');
  noMorePositionals(parsed, 1);
  const describe = (r: ReportingCalendar) => `${r.calendar} calendar, time zone ${r.timezone}`;
  if (action === 'show') {
    const asOf = stringOption(parsed, 'as-of');
    return {
      run: async ({ ops }, caller) => {
        const view = await ops.showPolicy(caller, asOf);
        const reporting = reportingCalendarOf(view.document);
        const shown = { asOf: view.asOf, version: view.version, reporting };
        out(shown, () => `${describe(reporting)} (policy v${view.version})`);
        return 0;
      },
    };
  }
  if (action === 'set') {
    const timezone = stringOption(parsed, 'timezone');
    const calendar = stringOption(parsed, 'calendar');
    if (timezone === undefined && calendar === undefined) {
      throw badInput('missing-option', 'calendar set: give --timezone, --calendar or both');
    }
    const effectiveFrom = stringOption(parsed, 'effective-from');
    return {
      run: async ({ ops }, caller) => {
        const view = await ops.showPolicy(caller, effectiveFrom);
        const before = reportingCalendarOf(view.document);
        const reporting = { timezone: timezone ?? before.timezone, calendar: calendar ?? before.calendar };
        const result = await ops.setPolicy(caller, {
          document: { ...view.document, reporting },
          reason:
            stringOption(parsed, 'reason') ??
            `reporting calendar: ${reporting.calendar}, ${reporting.timezone}`,
          ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
        });
        out({ ...result, reporting }, () =>
          result.recorded
            ? `policy v${result.version} recorded, in force from ${result.effectiveFrom}: ${reporting.calendar} calendar, time zone ${reporting.timezone}`
            : `the same change is version ${result.version} already: nothing recorded`,
        );
        return 0;
      },
    };
  }
  throw badInput('unknown-command', `calendar ${action}: expected show or set`, { action });
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw badInput('unreadable-file', `${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badInput(
      'invalid-json',
      `${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** `keys list|create|rotate|revoke`: the same operations as `/v1/ops/keys`, recorded alike. */
function prepareWebhooks(parsed: Parsed, out: (value: unknown, human?: () => string) => void): Prepared {
  const action = positional(parsed, 0, 'list|create|delete|replay|rotate|enable|deliveries');
  const run =
    (
      request: Parameters<OpsRuntime['ops']['webhooks']>[1],
      human?: (result: never) => string,
    ): Prepared['run'] =>
    async ({ ops }, caller) => {
      const result = await ops.webhooks(caller, request);
      out(result, human ? () => human(result as never) : undefined);
      return 0;
    };
  if (action === 'list') {
    noMorePositionals(parsed, 1);
    return { run: run({ action }) };
  }
  const id = positional(parsed, 1, 'id');
  noMorePositionals(parsed, 2);
  const fromPosition = stringOption(parsed, 'from-position');
  switch (action) {
    case 'create': {
      const url = stringOption(parsed, 'url');
      const eventTypes = (parsed.values.type as string[] | undefined)?.flatMap((t) => t.split(',')) ?? [];
      if (url === undefined) throw badInput('missing-url', 'webhooks create: --url is required');
      return {
        run: run(
          { action, id, url, eventTypes, ...(fromPosition === undefined ? {} : { fromPosition }) },
          (result: { id: string; secret: string }) =>
            [
              `subscription ${result.id}; signing secret:`,
              `  ${result.secret}`,
              'It is shown this once: give it to the receiver now.',
            ].join('\n'),
        ),
      };
    }
    case 'delete':
    case 'enable':
      return { run: run({ action, id }) };
    case 'rotate': {
      const hoursText = stringOption(parsed, 'overlap-hours');
      const overlapHours = hoursText === undefined ? undefined : Number(hoursText);
      if (overlapHours !== undefined && !(overlapHours >= 0 && overlapHours <= 720)) {
        throw badInput('bad-overlap', 'webhooks rotate: --overlap-hours is a number from 0 to 720');
      }
      return {
        run: run(
          { action, id, ...(overlapHours === undefined ? {} : { overlapHours }) },
          (result: { id: string; secret: string; previousSecretSignsUntil: string | null }) =>
            [
              `subscription ${result.id}; new signing secret:`,
              `  ${result.secret}`,
              'It is shown this once: give it to the receiver now.',
              result.previousSecretSignsUntil
                ? `The previous secret also signs until ${result.previousSecretSignsUntil}.`
                : 'The previous secret no longer signs.',
            ].join('\n'),
        ),
      };
    }
    case 'replay': {
      const from = stringOption(parsed, 'from');
      return {
        run: run({
          action,
          id,
          ...(fromPosition === undefined ? {} : { fromPosition }),
          ...(from === undefined ? {} : { from }),
        }),
      };
    }
    case 'deliveries': {
      const limitText = stringOption(parsed, 'limit');
      const limit = limitText === undefined ? undefined : Number(limitText);
      if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1 || limit > 1_000)) {
        throw badInput('bad-limit', 'webhooks deliveries: --limit is a whole number from 1 to 1000');
      }
      return { run: run({ action, id, ...(limit === undefined ? {} : { limit }) }) };
    }
    default:
      throw badInput(
        'unknown-command',
        `webhooks ${action}: expected list, create, delete, replay, rotate, enable or deliveries`,
        {
          action,
        },
      );
  }
}

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

/** One line from a terminal, after a prompt; an ended input is an empty answer. */
async function ask(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  question: string,
): Promise<string> {
  const lines = createInterface({ input, output, terminal: false });
  try {
    output.write(question);
    const answer = await new Promise<string>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
    return answer.trim();
  } finally {
    lines.close();
  }
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
