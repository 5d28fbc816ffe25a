import { sleep } from '@aftersales/event-store';
import type { OwnPostgres } from './infra/postgres';
import type { ReadinessMonitor } from './readiness';
import type { ServiceName, Supervisor } from './supervisor';

/**
 * The faults the harness injects while the workload runs. Each one does its damage, undoes what
 * an operator's platform would undo (a stopped database is started again, a killed NATS
 * restarted on the same store; killed services are restarted by the supervisor), and reports
 * how long until every service was ready again.
 */
export type FaultKind =
  | 'kill-api'
  | 'kill-projections'
  | 'kill-relay'
  | 'kill-notifier'
  | 'pg-stop'
  | 'pg-crash'
  | 'nats-kill'
  | 'spike';

export const FAULT_KINDS: readonly FaultKind[] = [
  'kill-api',
  'kill-projections',
  'kill-relay',
  'kill-notifier',
  'pg-stop',
  'pg-crash',
  'nats-kill',
  'spike',
];

export type Nats = Readonly<{ start(): Promise<void>; kill(): Promise<void> }>;

export type FaultContext = Readonly<{
  pg: OwnPostgres;
  nats: Nats;
  supervisor: Supervisor;
  monitor: ReadinessMonitor;
  /** Sends the spike: `connections` requests, then the client vanishes. */
  spike: (connections: number, holdMs: number) => Promise<void>;
  /** Whether the API serves a read with the workload's key now. */
  apiServes: () => Promise<boolean>;
}>;

/** One fault of a run: one or more kinds at once, with the outage length where it applies. */
export type FaultPlan = Readonly<{
  kinds: readonly FaultKind[];
  outageMs: number;
  /** How long the spike's client keeps its 1,000 connections busy before it vanishes. */
  spikeMs: number;
}>;

export type FaultOutcome = Readonly<{
  name: string;
  startedAt: number;
  /** When the damage was undone (the moment recovery is measured from). */
  restoredAt: number;
  endedAt: number;
  /** Until every service answered ready and the API served a read; undefined: never. */
  recoveryMs: number | undefined;
  problems: string[];
}>;

const killed: Partial<Record<FaultKind, ServiceName>> = {
  'kill-api': 'api',
  'kill-projections': 'projections',
  'kill-relay': 'relay',
  'kill-notifier': 'notifier',
};

export const faultName = (plan: FaultPlan) => {
  const outage = plan.kinds.some((k) => k.startsWith('pg-') || k === 'nats-kill')
    ? ` ${Math.round(plan.outageMs / 1000)}s`
    : '';
  return `${plan.kinds.join('+')}${outage}`;
};

/** Injects one planned fault and waits (up to `recoveryLimitMs`) for the system to be whole again. */
export async function inject(
  ctx: FaultContext,
  plan: FaultPlan,
  recoveryLimitMs: number,
): Promise<FaultOutcome> {
  const { pg, nats, supervisor, monitor } = ctx;
  const startedAt = Date.now();
  const problems: string[] = [];
  const undo: (() => Promise<void>)[] = [];

  // 1. The damage, all kinds at once.
  await Promise.all(
    plan.kinds.map(async (kind) => {
      const service = killed[kind];
      if (service) return supervisor.kill(service);
      if (kind === 'pg-stop' || kind === 'pg-crash') {
        const outage = monitor.down('postgres');
        await pg.stop(kind === 'pg-stop' ? 'fast' : 'immediate');
        undo.push(async () => {
          // Down for certain until the start begins; when in the start it is up is not known.
          monitor.up(outage);
          await pg.start();
        });
      } else if (kind === 'nats-kill') {
        const outage = monitor.down('nats');
        await nats.kill();
        undo.push(async () => {
          monitor.up(outage);
          await nats.start();
        });
      } else if (kind === 'spike') {
        await ctx.spike(1_000, plan.spikeMs);
      }
    }),
  );
  // 2. The outage lasts; then what the platform would bring back comes back.
  if (undo.length > 0) await sleep(plan.outageMs);
  for (const step of undo) await step();
  const restoredAt = Date.now();

  // 3. Recovery: every service ready again (and the API serving), by itself.
  let recoveryMs: number | undefined;
  const deadline = restoredAt + recoveryLimitMs;
  while (Date.now() < deadline) {
    const readyAll = supervisor
      .names()
      .every(
        (service) => monitor.readyAgainAt(service, Math.max(restoredAt, Date.now() - 1_500)) !== undefined,
      );
    if (readyAll && (await ctx.apiServes())) {
      recoveryMs = Date.now() - restoredAt;
      break;
    }
    await sleep(250);
  }
  if (recoveryMs === undefined) {
    const stuck = supervisor
      .names()
      .filter((service) => monitor.readyAgainAt(service, Date.now() - 3_000) === undefined);
    const serving = await ctx.apiServes();
    problems.push(
      `not whole again ${recoveryLimitMs / 1000} s after the fault: ${[
        ...stuck.map((s) => `${s} not ready`),
        ...(serving ? [] : ['API not serving reads']),
      ].join(', ')}`,
    );
  }
  return { name: faultName(plan), startedAt, restoredAt, endedAt: Date.now(), recoveryMs, problems };
}
