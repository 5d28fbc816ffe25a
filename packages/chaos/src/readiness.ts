import type { ServiceName } from './supervisor';

/**
 * Polls `/ready` of every service throughout the run, so the checker can hold each answer
 * against what the service could do at that moment: a service that says "ready" while the
 * database (or NATS) it needs is down is not telling the truth.
 */
export type Dependency = 'postgres' | 'nats';
export type ReadyAnswer = 'ready' | 'unready' | 'no-answer';
export type ReadySample = Readonly<{
  service: ServiceName;
  /** When the probe was sent and when its answer came. */
  at: number;
  answeredAt: number;
  answer: ReadyAnswer;
}>;
export type Outage = { dependency: Dependency; from: number; to: number | undefined };

/** What each service needs to do its work. */
export const needs: Readonly<Record<ServiceName, readonly Dependency[]>> = {
  api: ['postgres'],
  projections: ['postgres'],
  relay: ['postgres', 'nats'],
  notifier: ['postgres', 'nats'],
  integrations: ['postgres', 'nats'],
};

/** Time a service is given to notice that a dependency went away (its checks time out at 2 s). */
export const DETECTION_GRACE_MS = 3_000;
const PROBE_TIMEOUT_MS = 3_000;

export class ReadinessMonitor {
  readonly samples: ReadySample[] = [];
  readonly outages: Outage[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ports: ReadonlyMap<ServiceName, number>,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    const poll = async () => {
      await Promise.all([...this.ports].map(([service, port]) => this.probe(service, port)));
      this.timer = setTimeout(() => void poll(), this.intervalMs);
    };
    void poll();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async probe(service: ServiceName, port: number): Promise<void> {
    const at = Date.now();
    let answer: ReadyAnswer;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/ready`, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      answer = response.status === 200 ? 'ready' : 'unready';
    } catch {
      answer = 'no-answer';
    }
    this.samples.push({ service, at, answeredAt: Date.now(), answer });
  }

  /** Marks a dependency down from now; `up` ends the outage (call it before starting it again). */
  down(dependency: Dependency): Outage {
    const outage: Outage = { dependency, from: Date.now(), to: undefined };
    this.outages.push(outage);
    return outage;
  }

  up(outage: Outage): void {
    outage.to = Date.now();
  }

  /** The first moment at or after `since` at which `service` answered ready; undefined if never. */
  readyAgainAt(service: ServiceName, since: number): number | undefined {
    return this.samples.find((s) => s.service === service && s.at >= since && s.answer === 'ready')?.at;
  }

  /** Answers "ready" given while a dependency of the service was down (after the grace). */
  untruthful(from = 0, to = Number.POSITIVE_INFINITY): ReadySample[] {
    return this.samples.filter(
      (s) =>
        s.at >= from &&
        s.at < to &&
        s.answer === 'ready' &&
        this.outages.some(
          (o) =>
            (needs[s.service] ?? []).includes(o.dependency) &&
            s.at >= o.from + DETECTION_GRACE_MS &&
            // Answered before the dependency came back: the answer cannot have seen it up.
            s.answeredAt <= (o.to ?? Number.POSITIVE_INFINITY),
        ),
    );
  }
}
