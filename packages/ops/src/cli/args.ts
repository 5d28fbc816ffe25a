import { parseArgs } from 'node:util';
import { badInput } from '../errors';

/** One parsed command line: the command, its positionals and its options. */
export type Parsed = Readonly<{
  command: string;
  positionals: readonly string[];
  values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  json: boolean;
  progress: boolean;
}>;

const OPTIONS = {
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'as-of': { type: 'string' },
  by: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  type: { type: 'string', multiple: true },
  format: { type: 'string' },
  out: { type: 'string' },
  projection: { type: 'string' },
  scopes: { type: 'string' },
  'new-password': { type: 'boolean' },
  'keep-advisory-locks': { type: 'boolean' },
  'service-role': { type: 'string', multiple: true },
  'connection-limit': { type: 'string' },
} as const;

/** Which options each command accepts; anything else is a usage error, not silently ignored. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  history: [],
  timeline: ['as-of', 'by'],
  export: ['from', 'to', 'type', 'format', 'out', 'by'],
  verify: [],
  forget: [],
  rebuild: [],
  lag: [],
  'dead-letters': ['projection'],
  keys: ['scopes'],
  'bi-role': ['new-password', 'keep-advisory-locks', 'service-role', 'connection-limit'],
  help: [],
};

export const COMMANDS = Object.keys(ALLOWED);

export function parseCommandLine(argv: readonly string[]): Parsed {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw badInput('bad-arguments', err instanceof Error ? err.message : String(err));
  }
  const [command = 'help', ...positionals] = parsed.positionals;
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return { command: 'help', positionals: [], values, json: false, progress: false };
  const allowed = ALLOWED[command];
  if (!allowed) {
    throw badInput('unknown-command', `unknown command "${command}" (commands: ${COMMANDS.join(', ')})`, {
      command,
    });
  }
  const extra = Object.keys(values).filter(
    (name) =>
      !['json', 'progress', 'help'].includes(name) && !allowed.includes(name) && values[name] !== undefined,
  );
  if (extra.length > 0) {
    throw badInput(
      'unknown-option',
      `${command} does not take ${extra.map((name) => `--${name}`).join(', ')}`,
      {
        command,
        options: extra,
      },
    );
  }
  return { command, positionals, values, json: values.json === true, progress: values.progress === true };
}

export function positional(parsed: Parsed, index: number, name: string): string {
  const value = parsed.positionals[index];
  if (value === undefined)
    throw badInput('missing-argument', `${parsed.command}: <${name}> is required`, { name });
  return value;
}

export function noMorePositionals(parsed: Parsed, count: number): void {
  if (parsed.positionals.length > count) {
    throw badInput('unexpected-argument', `${parsed.command}: unexpected "${parsed.positionals[count]}"`);
  }
}

export const stringOption = (parsed: Parsed, name: string): string | undefined => {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
};

export const USAGE = `Usage: pnpm ops <command> [options] [--json] [--progress]

  history <stream>                                 every event of a stream, oldest first
  timeline <customerId> --as-of <instant> [--by business|recorded]
                                                   a customer's orders, returns, repairs, loyalty
                                                   and consents as they stood at the instant
  export --from <instant> --to <instant> --format jsonl|csv [--type T ...] [--by recorded|business] [--out file]
                                                   an audit slice [from, to) of the log, by the
                                                   time it was recorded (default) or happened
  verify                                           recompute every stream's hash chain
  forget <customerId>                              crypto-shred a customer's personal data
  rebuild <projection|all>                         rebuild read models into new tables, then swap
  lag                                              projection lag in events and seconds
  dead-letters list [--projection p]               events projections or the notifier (p = notifier) could not apply
  dead-letters retry <projection|notifier> <id>    apply a dead letter again (skipped: says to rebuild)
  keys list                                        API keys: names, scopes, issued, revoked (never the keys)
  keys create <name> --scopes a,b                  a new key, printed this once (scopes: commands:write,
                                                   read, ops, integrations, support)
  keys rotate <name>                               a new key for the name; the old one stops at once
  keys revoke <name>                               the key stops working at once
  bi-role create <name> [--new-password] [--connection-limit n] [--keep-advisory-locks] [--service-role r ...]
                                                   a login role for BI tools: SELECT on the read models,
                                                   the bi views and projection status, nothing else;
                                                   password from BI_ROLE_PASSWORD, else generated and
                                                   shown once (an existing role keeps its own); as a
                                                   superuser, advisory locks are taken from every role
                                                   but the services' (this one, the database owner,
                                                   --service-role)

Environment: DATABASE_URL (Postgres: log, keys, read models), EVENTSTORE_URL (EventStoreDB log),
OPS_OPERATOR (who is acting; default: the OS user), BI_ROLE_PASSWORD (bi-role create).
Exit codes: 0 ok, 1 unexpected failure, 2 bad input, 3 unknown stream/customer/projection,
4 not available, 5 verify found problems.`;
