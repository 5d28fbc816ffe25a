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
  reason: { type: 'string' },
  'effective-from': { type: 'string' },
  timezone: { type: 'string' },
  calendar: { type: 'string' },
  url: { type: 'string' },
  'from-position': { type: 'string' },
  limit: { type: 'string' },
  'overlap-hours': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
} as const;

/** Which options each command accepts; anything else is a usage error, not silently ignored. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  history: [],
  timeline: ['as-of', 'by'],
  export: ['from', 'to', 'type', 'format', 'out', 'by'],
  verify: [],
  forget: ['yes'],
  rebuild: [],
  lag: [],
  'dead-letters': ['projection'],
  keys: ['scopes'],
  policy: ['as-of', 'reason', 'effective-from'],
  calendar: ['as-of', 'reason', 'effective-from', 'timezone', 'calendar'],
  webhooks: ['url', 'type', 'from', 'from-position', 'limit', 'overlap-hours'],
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
  verify                                           recompute every stream's hash chain (any store), check the
                                                   heads of the last run and, with NATS_URL, the relay's stream
  forget <customerId> [--yes]                      crypto-shred a customer's personal data; on a
                                                   terminal it asks first (type the id), elsewhere
                                                   it needs --yes
  rebuild <projection|all>                         rebuild read models into new tables, then swap
  lag                                              projection lag in events and seconds
  dead-letters list [--projection p]               events projections, the notifier (p = notifier) or
                                                   webhooks (p = webhooks) could not apply or deliver
  dead-letters retry <projection|notifier|webhooks> <id>
                                                   apply (or redeliver) a dead letter again
  webhooks list                                    webhook subscriptions (never their secrets)
  webhooks create <id> --url <url> --type T [--type T …] [--from-position p]
                                                   subscribe a URL to integration event types; the
                                                   signing secret is printed this once
  webhooks delete <id>                             stop a subscription at once
  webhooks replay <id> --from-position p | --from <instant>
                                                   deliver again after a position or since an instant
  webhooks rotate <id> [--overlap-hours h]         a new signing secret, printed this once; the previous
                                                   one also signs for h hours (default 24)
  webhooks enable <id>                             send again to a subscription its receiver disabled
                                                   (410 Gone), from where it stopped
  webhooks deliveries <id> [--limit n]             the delivery log, newest first
  keys list                                        API keys: names, scopes, issued, revoked (never the keys)
  keys create <name> --scopes a,b                  a new key, printed this once (scopes: commands:write,
                                                   read, ops, integrations, support)
  keys rotate <name>                               a new key for the name; the old one stops at once
  keys revoke <name>                               the key stops working at once
  policy show [--as-of <instant>]                  the policy document in force (default now), with its version
  policy history                                   every version: effective instant, author, reason
  policy set <file.json> --reason <why> [--effective-from <instant>]
                                                   record a new version of the whole document (checked
                                                   by the policy schema; invalid changes nothing);
                                                   running services follow it without a restart
  calendar show [--as-of <instant>]                the reporting calendar in force (zone, gregorian|persian)
  calendar set [--timezone <IANA zone>] [--calendar gregorian|persian] [--reason <why>] [--effective-from <instant>]
                                                   a new policy version: the document in force with only
                                                   its reporting section changed; BI periods follow it
  bi-role create <name> [--new-password] [--connection-limit n] [--keep-advisory-locks] [--service-role r ...]
                                                   a login role for BI tools: SELECT on the read models,
                                                   the bi views and projection status, nothing else;
                                                   password from BI_ROLE_PASSWORD, else generated and
                                                   shown once (an existing role keeps its own); as a
                                                   superuser, advisory locks are taken from every role
                                                   but the services' (this one, the database owner,
                                                   --service-role)

Environment: DATABASE_URL (Postgres: log, keys, read models; unset: the embedded PostgreSQL of this
checkout, DATA_DIR/postgres on EMBEDDED_PG_PORT), EVENTSTORE_URL (EventStoreDB log),
NATS_URL (verify against the relay's stream),
OPS_OPERATOR (who is acting; default: the OS user), BI_ROLE_PASSWORD (bi-role create).
Exit codes: 0 ok, 1 unexpected failure, 2 bad input, 3 unknown stream/customer/projection,
4 not available, 5 verify found problems.`;
