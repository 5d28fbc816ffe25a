import {
  defaultRulesTimeline,
  type Instant,
  latestPolicyVersion,
  type NotificationRules,
  type PolicyChanged,
  policyTimeline,
  policyVersionAt,
  type RulesTimeline,
  rulesAt,
  streams,
} from '@aftersales/domain';
import type { EventStore } from '@aftersales/event-store';

/** The notification rules of one policy version. */
export type NotificationPolicy = Readonly<{ version: number; rules: NotificationRules }>;

/**
 * Where the notifier gets its rules: the version in force at a trigger's business time (for a
 * plan), and a version by number (for a planned message, decided by the version it was planned
 * under).
 */
export interface PolicySource {
  at(instant: Instant): NotificationPolicy;
  /** Undefined: a version this process has not read (yet). */
  version(version: number): NotificationPolicy | undefined;
}

/** A source that holds one timeline (the defaults unless given). */
export function timelineSource(timeline: () => RulesTimeline = () => defaultRulesTimeline): PolicySource {
  return {
    at(instant) {
      const current = timeline();
      return { version: policyVersionAt(current, instant), rules: rulesAt(current, instant).notifications };
    },
    version(version) {
      const entry = timeline().find((e) => (e.version ?? 0) === version);
      return entry ? { version, rules: entry.rules.notifications } : undefined;
    },
  };
}

export type PolicyFollowerOptions = Readonly<{
  /** How often the `policy` stream is read for new versions (ms; default 1,000). */
  refreshMs?: number;
  onError?: (err: unknown) => void;
}>;

/**
 * The `policy` stream followed while the notifier runs, as the API and the projections follow
 * it: read at start, then every `refreshMs`. A change recorded through `/v1/ops/policy` applies
 * here within that time, without a restart.
 */
export class PolicyFollower implements PolicySource {
  private changes: PolicyChanged[] = [];
  private current: RulesTimeline = policyTimeline([]);
  private nextRevision = 0n;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly source = timelineSource(() => this.current);

  constructor(
    private readonly store: EventStore,
    private readonly options: PolicyFollowerOptions = {},
  ) {}

  get timeline(): RulesTimeline {
    return this.current;
  }

  /** The highest version read so far (0: none recorded). */
  get latestVersion(): number {
    return latestPolicyVersion(this.current);
  }

  at(instant: Instant): NotificationPolicy {
    return this.source.at(instant);
  }

  version(version: number): NotificationPolicy | undefined {
    return this.source.version(version);
  }

  /** Reads the versions recorded since the last read (concurrent calls share one read). */
  refresh(): Promise<void> {
    this.inFlight ??= this.readNew().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async readNew(): Promise<void> {
    const events = await this.store.readStream(streams.policy(), { fromRevision: this.nextRevision });
    const last = events.at(-1);
    if (!last) return;
    const changes = events
      .filter((event) => event.type === 'PolicyChanged')
      .map((event) => ({ type: 'PolicyChanged' as const, data: event.data as PolicyChanged['data'] }));
    this.changes = [...this.changes, ...changes];
    this.nextRevision = last.revision + 1n;
    this.current = policyTimeline(this.changes);
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.options.onError?.(err));
    }, this.options.refreshMs ?? 1_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
