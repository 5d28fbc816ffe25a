import {
  defaultRulesTimeline,
  type PolicyChanged,
  policyTimeline,
  type ReportingCalendar,
  type RulesTimeline,
  streams,
} from '@aftersales/domain';
import {
  createEventStoreFromEnv,
  type EventStore,
  type EventStoreEnv,
  guardPoolClients,
} from '@aftersales/event-store';
import { PostgresKeyStore, ShreddingEventStore } from '@aftersales/privacy';
import pg from 'pg';
import { planSimulation } from './plan/plan';
import type { PlannedCommand, SimulationPlan } from './plan/types';
import { apiExecutor } from './run/api-executor';
import { runInLanes } from './run/lanes';
import type { CommandOutcome, Executor, Surprise } from './run/outcome';
import { Progress } from './run/progress';
import { setReportingInStore, setReportingOverApi } from './run/reporting';
import { storeExecutor } from './run/store-executor';

/** The default end of the history: fixed, so a default run is reproducible. */
export const DEFAULT_UNTIL = '2026-11-01T00:00:00.000Z';
export const DEFAULT_SEED = 20_240_501;

export type SimulateOptions = Readonly<{
  seed?: number;
  /** The end of the history (ISO instant); default DEFAULT_UNTIL. */
  until?: string;
  months?: number;
  customers?: number;
  /** `api`: every command over HTTP; `store`: decided here, appended straight to the store. */
  via: 'api' | 'store';
  url?: string;
  apiKey?: string;
  /**
   * Store mode: this store, used as given; otherwise the one the environment names, wrapped like
   * every service wraps it (personal fields sealed per customer, so a customer can be forgotten).
   */
  store?: EventStore;
  env?: EventStoreEnv;
  /** Commands in flight at once (different customers); default 16 over HTTP, 8 on the store. */
  concurrency?: number;
  /**
   * The rules to plan and decide by. Default: in store mode the `policy` stream of the store (the
   * versions recorded with `pnpm ops policy set`, each from its effective instant), as every
   * service follows it; over HTTP the built-in defaults for the plan (the API decides by its own).
   */
  rules?: RulesTimeline;
  /** A shop selling in this currency only (e.g. IRR: prices in rials); default every region's. */
  currency?: string;
  /** Sets the shop's reporting calendar (a policy version) before the history is sent. */
  reporting?: ReportingCalendar;
  /** Where the progress bar goes (default stderr); false for none. */
  progress?: (NodeJS.WritableStream & { isTTY?: boolean }) | false;
}>;

export type SimulationSummary = Readonly<{
  via: 'api' | 'store';
  seed: number;
  runTag: string;
  from: string;
  until: string;
  customers: number;
  orders: number;
  deliveries: number;
  returns: number;
  repairs: number;
  feedback: number;
  redemptions: number;
  commands: number;
  applied: number;
  /** Of the applied: done already by an earlier run of the same plan (answered, not appended again). */
  replayed: number;
  /** Refusals the plan provoked on purpose (a late return, a second survey answer), by code. */
  refusedAsPlanned: Readonly<Record<string, number>>;
  /** Everything that did not end as planned; empty in a healthy run. */
  surprises: readonly Surprise[];
  eventsAppended: number;
  eventTypes: Readonly<Record<string, number>>;
  seconds: number;
  /** The policy version that set the reporting calendar, when one was asked for. */
  reportingPolicyVersion?: number;
}>;

/** Plans a seeded history and sends it through the API or straight to the store; see the README. */
export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  const started = Date.now();
  const target = await executorFor(options);
  let rules: RulesTimeline;
  try {
    rules = options.rules ?? (target.store ? await policyOf(target.store) : defaultRulesTimeline);
  } catch (err) {
    await target.close();
    throw err;
  }
  const plan = planSimulation({
    seed: options.seed ?? DEFAULT_SEED,
    until: options.until ?? DEFAULT_UNTIL,
    months: options.months ?? 24,
    customers: options.customers ?? 500,
    rules,
    ...(options.currency === undefined ? {} : { currency: options.currency }),
  });
  const { close } = target;
  const tally = new Tally(plan);
  const out = options.progress === undefined ? process.stderr : options.progress;
  const progress = out ? new Progress(plan.commands.length, out, `simulate via ${options.via}`) : null;
  let reportingPolicyVersion: number | undefined;
  try {
    let decideBy = rules;
    if (options.reporting) {
      reportingPolicyVersion = await target.setReporting(options.reporting, plan.from);
      // The history is decided by the policy as it now stands (the new version included).
      if (!options.rules && target.store) decideBy = await policyOf(target.store);
    }
    const execute = target.execute(decideBy);
    await runInLanes(plan.commands, execute, {
      concurrency: options.concurrency ?? (options.via === 'api' ? 16 : 8),
      onDone: (planned, outcome) => {
        tally.record(planned, outcome);
        progress?.tick(outcome.status === 'applied' ? outcome.eventTypes.length : 0);
      },
    });
  } finally {
    progress?.finish();
    await close();
  }
  const summary = tally.summary(options.via, (Date.now() - started) / 1000);
  return reportingPolicyVersion === undefined ? summary : { ...summary, reportingPolicyVersion };
}

/** The rules timeline the store's `policy` stream describes (the defaults before its first version). */
export async function policyOf(store: EventStore): Promise<RulesTimeline> {
  const events = await store.readStream(streams.policy());
  return policyTimeline(
    events
      .filter((event) => event.type === 'PolicyChanged')
      .map((event) => ({ data: event.data as PolicyChanged['data'] })),
  );
}

type Target = Readonly<{
  /** Store mode: the store the history goes to (its `policy` stream gives the rules). */
  store?: EventStore;
  execute: (rules: RulesTimeline) => Executor;
  close: () => Promise<void>;
  /** Records the reporting calendar as a policy version (from `at` where the mode allows it). */
  setReporting: (reporting: ReportingCalendar, at: string) => Promise<number>;
}>;

async function executorFor(options: SimulateOptions): Promise<Target> {
  const onStore = (store: EventStore, close: () => Promise<void>): Target => ({
    store,
    execute: (rules) => storeExecutor({ store, rules }),
    close,
    setReporting: (reporting, at) => setReportingInStore(store, reporting, at),
  });
  if (options.via === 'api') {
    if (!options.url || !options.apiKey) throw new TypeError('the api mode needs a url and an api key');
    const { url, apiKey } = options;
    return {
      execute: () => apiExecutor({ url, apiKey }),
      close: async () => {},
      setReporting: (reporting) => setReportingOverApi(url, apiKey, reporting),
    };
  }
  if (options.store) return onStore(options.store, async () => {});
  const configured = await createEventStoreFromEnv(options.env ?? process.env);
  if (!configured.databaseUrl) return onStore(configured.store, configured.close);
  const pool = new pg.Pool({ connectionString: configured.databaseUrl, max: 4 });
  pool.on('error', () => {
    // An idle connection dropped; the next query reconnects.
  });
  guardPoolClients(pool);
  try {
    const keys = new PostgresKeyStore(pool);
    await keys.ensureSchema();
    const store = new ShreddingEventStore(configured.store, keys);
    const close = async () => {
      await pool.end();
      await configured.close();
    };
    return onStore(store, close);
  } catch (err) {
    await pool.end();
    await configured.close();
    throw err;
  }
}

/** Counts what the run did, and compares each outcome with what the plan meant. */
class Tally {
  private applied = 0;
  private replayed = 0;
  private events = 0;
  private readonly eventTypes: Record<string, number> = {};
  private readonly refusedAsPlanned: Record<string, number> = {};
  private readonly surprises: Surprise[] = [];
  private readonly appliedByType: Record<string, number> = {};

  constructor(private readonly plan: SimulationPlan) {}

  record(planned: PlannedCommand, outcome: CommandOutcome): void {
    const type = planned.command.type;
    const expected = planned.expectedRejection ?? 'applied';
    if (outcome.status === 'applied') {
      this.applied++;
      if (outcome.replayed) this.replayed++;
      this.appliedByType[type] = (this.appliedByType[type] ?? 0) + 1;
      this.events += outcome.eventTypes.length;
      for (const eventType of outcome.eventTypes) {
        this.eventTypes[eventType] = (this.eventTypes[eventType] ?? 0) + 1;
      }
      if (planned.expectedRejection)
        this.surprises.push({ seq: planned.seq, type, expected, got: 'applied' });
      return;
    }
    if (outcome.code === planned.expectedRejection) {
      this.refusedAsPlanned[outcome.code] = (this.refusedAsPlanned[outcome.code] ?? 0) + 1;
      return;
    }
    this.surprises.push({ seq: planned.seq, type, expected, got: outcome.code, message: outcome.message });
  }

  summary(via: 'api' | 'store', seconds: number): SimulationSummary {
    const n = (type: string) => this.appliedByType[type] ?? 0;
    return {
      via,
      seed: this.plan.seed,
      runTag: this.plan.runTag,
      from: this.plan.from,
      until: this.plan.until,
      customers: n('RegisterCustomer'),
      orders: n('PlaceOrder'),
      deliveries: n('DeliverOrder'),
      returns: n('RequestReturn'),
      repairs: n('RequestRepair'),
      feedback: n('SubmitFeedback'),
      redemptions: n('RedeemPoints'),
      commands: this.plan.commands.length,
      applied: this.applied,
      replayed: this.replayed,
      refusedAsPlanned: this.refusedAsPlanned,
      surprises: this.surprises,
      eventsAppended: this.events,
      eventTypes: this.eventTypes,
      seconds,
    };
  }
}
