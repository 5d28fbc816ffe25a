import { parseArgs } from 'node:util';
import { isKnownTimezone, REPORTING_CALENDARS, type ReportingCalendarKind } from '@aftersales/domain';
import { singleCurrencyShops } from './plan/catalog';
import { DEFAULT_SEED, DEFAULT_UNTIL, type SimulateOptions } from './simulate';

export const USAGE = `pnpm simulate [options]

A seeded, reproducible shop history (customers, orders, shipping, returns, repairs, feedback,
redemptions) in business time, sent through the HTTP API or straight to the event store.

  --seed N            random seed (default ${DEFAULT_SEED}); same seed, same history
  --until INSTANT     end of the history, ISO 8601 or "now" (default ${DEFAULT_UNTIL})
  --months N          length of the history (default 24)
  --customers N       customers (default 500)
  --via api|store     api: every command over HTTP (default when --url or --api-key is given);
                      store: decided here and appended to the store of DATABASE_URL / EVENTSTORE_URL,
                      or the embedded PostgreSQL
  --url URL           the command API (default http://localhost:3000)
  --api-key KEY       an API key with scope commands:write (or SIMULATE_API_KEY)
  --concurrency N     commands in flight (default 16 over HTTP, 8 on the store)
  --currency CODE     a shop selling in this currency only: IRR (an Iranian shop, prices in rials);
                      default: customers of every region, each in its currency
  --calendar C        gregorian or persian: set the shop's reporting calendar (a policy version;
                      over HTTP the key needs scope ops too) before the history is sent
  --timezone ZONE     its time zone (default Asia/Tehran for persian, UTC for gregorian)
  --json              print the summary as JSON
  --quiet             no progress bar
  --help`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CliOptions = Readonly<{ help: boolean; json: boolean; simulate: SimulateOptions }>;

const positiveInt = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
  return n;
};

/** Reads the command line; `now` stands for the wall clock at start, cut to the second. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv, now: Date): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  const apiKey = values['api-key'] ?? env.SIMULATE_API_KEY;
  const via = values.via ?? (values.url !== undefined || apiKey !== undefined ? 'api' : 'store');
  if (via !== 'api' && via !== 'store') throw new UsageError('--via must be api or store');
  if (via === 'api' && !apiKey) throw new UsageError('--via api needs --api-key (or SIMULATE_API_KEY)');
  const until =
    values.until === undefined
      ? DEFAULT_UNTIL
      : values.until === 'now'
        ? new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString()
        : values.until;
  if (Number.isNaN(Date.parse(until))) throw new UsageError('--until must be an ISO 8601 instant or "now"');
  const concurrency =
    values.concurrency === undefined ? undefined : positiveInt(values.concurrency, 'concurrency', 1);
  const currency = values.currency?.toUpperCase();
  if (currency !== undefined && !(currency in singleCurrencyShops)) {
    throw new UsageError(
      `--currency: no simulated shop sells in ${currency} (shops: ${Object.keys(singleCurrencyShops).join(', ')})`,
    );
  }
  const calendar = values.calendar;
  if (calendar !== undefined && !(REPORTING_CALENDARS as readonly string[]).includes(calendar)) {
    throw new UsageError('--calendar must be gregorian or persian');
  }
  if (values.timezone !== undefined && calendar === undefined) {
    throw new UsageError('--timezone goes with --calendar');
  }
  const timezone = values.timezone ?? (calendar === 'persian' ? 'Asia/Tehran' : 'UTC');
  if (!isKnownTimezone(timezone)) throw new UsageError(`--timezone: ${timezone} is not an IANA time zone`);
  return {
    help: values.help ?? false,
    json: values.json ?? false,
    simulate: {
      via,
      seed: positiveInt(values.seed, 'seed', DEFAULT_SEED),
      until: new Date(until).toISOString(),
      months: positiveInt(values.months, 'months', 24),
      customers: positiveInt(values.customers, 'customers', 500),
      ...(via === 'api' ? { url: values.url ?? 'http://localhost:3000', apiKey } : {}),
      ...(concurrency ? { concurrency } : {}),
      ...(currency === undefined ? {} : { currency }),
      ...(calendar === undefined
        ? {}
        : { reporting: { timezone, calendar: calendar as ReportingCalendarKind } }),
      ...(values.quiet ? { progress: false } : {}),
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string' },
      until: { type: 'string' },
      months: { type: 'string' },
      customers: { type: 'string' },
      via: { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      concurrency: { type: 'string' },
      currency: { type: 'string' },
      calendar: { type: 'string' },
      timezone: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
}
