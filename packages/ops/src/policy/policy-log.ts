import {
  type ChangePolicy,
  type DomainError,
  latestPolicyVersion,
  type PolicyChanged,
  type PolicyIssue,
  policyDecider,
  policyTimeline,
  policyVersionAt,
  type RuleSet,
  type RulesTimeline,
  rulesAt,
  streams,
} from '@aftersales/domain';
import { type EventStore, handleCommand, type RecordedEvent } from '@aftersales/event-store';
import { badInput } from '../errors';

const POLICY_STREAM = streams.policy();

const changesIn = (events: readonly RecordedEvent[]): PolicyChanged[] =>
  events
    .filter((event) => event.type === 'PolicyChanged')
    .map((event) => ({ type: 'PolicyChanged', data: event.data as PolicyChanged['data'] }));

/** Every recorded version of the policy, oldest first. */
export async function policyChanges(store: EventStore): Promise<PolicyChanged[]> {
  return changesIn(await store.readStream(POLICY_STREAM));
}

export type PolicyView = Readonly<{
  asOf: string;
  /** The version in force at `asOf` (0: the built-in defaults) and since when. */
  version: number;
  effectiveFrom: string;
  /** The highest version recorded, which may take effect only later. */
  latestVersion: number;
  document: RuleSet;
}>;

/** The document in force at `asOf`, with its version. */
export function policyAsOf(timeline: RulesTimeline, asOf: string): PolicyView {
  const version = policyVersionAt(timeline, asOf);
  let effectiveFrom = '1970-01-01T00:00:00.000Z';
  for (const entry of timeline) {
    if (Date.parse(entry.effectiveFrom) <= Date.parse(asOf)) effectiveFrom = entry.effectiveFrom;
  }
  return {
    asOf,
    version,
    effectiveFrom,
    latestVersion: latestPolicyVersion(timeline),
    document: rulesAt(timeline, asOf),
  };
}

export type PolicyChangeInput = Readonly<{
  document: unknown;
  effectiveFrom?: string;
  reason: string;
  author: string;
  /** The change's business time (the server clock by default). */
  now: string;
}>;

/** Records a new version through the policy decider; an invalid document changes nothing. */
export async function changePolicy(store: EventStore, input: PolicyChangeInput) {
  const command: ChangePolicy = {
    type: 'ChangePolicy',
    data: {
      document: input.document,
      ...(input.effectiveFrom === undefined ? {} : { effectiveFrom: input.effectiveFrom }),
      author: input.author,
      reason: input.reason,
    },
  };
  try {
    const result = await handleCommand(store, POLICY_STREAM, policyDecider, command, {
      context: { now: input.now, rules: [] },
      metadata: { occurredAt: input.now, actor: input.author },
    });
    return {
      version: result.state.version,
      recorded: result.newEvents.length > 0,
      change: result.state.last,
    };
  } catch (err) {
    const domain = err as DomainError;
    if (domain.kind === 'validation') {
      // Every reason at once, by path, so the operator can fix the document in one go.
      const issues = (domain.details?.issues ?? []) as readonly PolicyIssue[];
      const listed = issues.map((issue) => `${issue.path || '(document)'}: ${issue.message}`).join('; ');
      throw badInput(domain.code, listed ? `${domain.message}: ${listed}` : domain.message, domain.details);
    }
    throw err;
  }
}

export type LivePolicyOptions = Readonly<{
  /** How often the `policy` stream is read for versions recorded by other processes (ms). */
  refreshMs?: number;
  onError?: (err: unknown) => void;
}>;

/**
 * The rules timeline as the `policy` stream has it, kept current in a running process: read at
 * start, then followed (a read of the stream's new events every `refreshMs`), and at once in the
 * process that recorded a change. Deciders read `timeline` on each decision, so a change applies
 * without a restart.
 */
export class LivePolicy {
  private changes: PolicyChanged[] = [];
  private current: RulesTimeline = policyTimeline([]);
  private nextRevision = 0n;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: LivePolicyOptions = {},
  ) {}

  get timeline(): RulesTimeline {
    return this.current;
  }

  /** Reads the versions recorded since the last read (one at a time: concurrent calls share it). */
  refresh(): Promise<void> {
    this.inFlight ??= this.readNew().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async readNew(): Promise<void> {
    const events = await this.store.readStream(POLICY_STREAM, { fromRevision: this.nextRevision });
    const last = events.at(-1);
    if (!last) return;
    this.changes = [...this.changes, ...changesIn(events)];
    this.nextRevision = last.revision + 1n;
    this.current = policyTimeline(this.changes);
  }

  /** Reads now, then follows the stream until `stop`. */
  async start(): Promise<void> {
    await this.refresh();
    const every = this.options.refreshMs ?? 1_000;
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.options.onError?.(err));
    }, every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
