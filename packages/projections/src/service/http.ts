import type http from 'node:http';
import { listenForProbes } from '@aftersales/telemetry';
import type pg from 'pg';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { RunnerStatus } from '../runner/runner';
import {
  type HealthOptions,
  type ProjectionHealth,
  type ProjectionStatus,
  projectionHealth,
  readStatuses,
} from '../runner/status';

/**
 * The projections service's HTTP side: `/health` (the process answers), `/ready` (every
 * projection progressing: see `readiness`) and `/metrics`
 * (Prometheus, every name prefixed `aftersales_projections_`, process metrics included). The
 * gauges are read from the status table at scrape time, so they say what every runner, in any
 * process, last wrote.
 */
export function projectionsMetrics(pool: pg.Pool): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'aftersales_projections_' });
  // prom-client collects every gauge at once: one read of the status table serves a scrape.
  let read: { at: number; statuses: Promise<ProjectionStatus[]> } | undefined;
  const statuses = () => {
    if (!read || Date.now() - read.at > 500) read = { at: Date.now(), statuses: readStatuses(pool) };
    return read.statuses;
  };
  const gauge = (
    name: string,
    help: string,
    value: (status: ProjectionStatus, now: number) => number | null,
    withState = false,
  ) =>
    new Gauge({
      name: `aftersales_projections_${name}`,
      help,
      labelNames: withState ? (['projection', 'state'] as const) : (['projection'] as const),
      registers: [registry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const status of await statuses()) {
          const measured = value(status, now);
          if (measured === null) continue;
          this.set(
            withState ? { projection: status.name, state: status.state } : { projection: status.name },
            measured,
          );
        }
      },
    });
  gauge('lag_events', 'Events not yet applied by the projection (capped at 10000)', (s) => s.lagEvents);
  gauge('lag_seconds', 'Age of the oldest event the projection has not applied yet', (s) => s.lagSeconds);
  gauge(
    'running',
    '1 while a runner holds the projection and applies events, else 0 (standby, retrying, stopped)',
    (s) => (s.state === 'running' ? 1 : 0),
    true,
  );
  gauge('heartbeat_age_seconds', 'Seconds since the projection last wrote its status', (s, now) =>
    s.heartbeatAt ? (now - s.heartbeatAt.getTime()) / 1000 : null,
  );
  gauge('lease_held', '1 while a live runner holds the projection lease, else 0 (nobody is active)', (s) =>
    s.activeRunner === null ? 0 : 1,
  );
  return registry;
}

export type ServiceOptions = Readonly<{
  /** This process's runners (`ProjectionsHandle.status`): `/ready` then says what each does here. */
  runners?: () => readonly RunnerStatus[];
  health?: HealthOptions;
}>;

export type Readiness = Readonly<{
  healthy: boolean;
  projections: readonly Readonly<{
    name: string;
    healthy: boolean;
    problems: readonly string[];
    /** What this process's runner of the projection does: running, standby, retrying, stopped. */
    here?: string;
    /** The runner holding the lease, wherever it runs. */
    activeRunner?: string | null;
  }>[];
}>;

/**
 * Ready when every projection progresses: a runner holds its lease, applies events, reports a
 * heartbeat, and its lag is under the limit (`judgeHealth`, plus the lease). A standby of a projection another
 * process applies in good health is ready — it can take over — and says `here: standby`; a
 * standby while nobody applies the events is not, nor is a runner of this process that keeps
 * retrying, nor a projection this process runs that has no status row yet.
 */
export async function readiness(pool: pg.Pool, options: ServiceOptions = {}): Promise<Readiness> {
  const [health, statuses] = await Promise.all([projectionHealth(pool, options.health), readStatuses(pool)]);
  const local = new Map((options.runners?.() ?? []).map((runner) => [runner.name, runner]));
  const projections: Readiness['projections'][number][] = health.projections.map((judged) => {
    const runner = local.get(judged.name);
    const activeRunner = statuses.find((s) => s.name === judged.name)?.activeRunner ?? null;
    const problems = [...judged.problems];
    // Right after a runner died (kill -9) nobody holds the lease; a standby takes it within its
    // poll interval. Until then nothing applies events, however fresh the last heartbeat.
    if (activeRunner === null && !judged.problems.some((p) => p.startsWith('stopped'))) {
      problems.push('no runner holds the lease');
    }
    if (runner?.state === 'retrying') problems.push(`retrying here: ${runner.lastError ?? 'unknown error'}`);
    return {
      ...judged,
      problems,
      healthy: problems.length === 0,
      activeRunner,
      ...(runner ? { here: runner.state } : {}),
    };
  });
  for (const runner of local.values()) {
    if (projections.some((p) => p.name === runner.name)) continue;
    projections.push({
      name: runner.name,
      healthy: false,
      problems: ['no status yet: no runner has set the projection up'],
      here: runner.state,
    });
  }
  return { healthy: projections.every((p) => p.healthy), projections } satisfies ProjectionHealth;
}

type Answer = Readonly<{ status: number; type: string; body: string }>;

async function respond(
  path: string,
  pool: pg.Pool,
  registry: Registry,
  options: ServiceOptions,
): Promise<Answer> {
  if (path === '/health') return { status: 200, type: 'application/json', body: '{"status":"ok"}' };
  if (path === '/ready') {
    const ready = await readiness(pool, options);
    return { status: ready.healthy ? 200 : 503, type: 'application/json', body: JSON.stringify(ready) };
  }
  if (path === '/metrics') return { status: 200, type: registry.contentType, body: await registry.metrics() };
  return { status: 404, type: 'application/json', body: '{"status":404}' };
}

/** Listens on `port`; resolves once listening, rejects on a listen error (a port taken). */
export async function startServiceServer(
  port: number,
  pool: pg.Pool,
  log: Logger,
  options: ServiceOptions = {},
): Promise<http.Server> {
  const registry = projectionsMetrics(pool);
  return listenForProbes(
    port,
    (path) => respond(path, pool, registry, options),
    { status: 503, type: 'application/json', body: '{"healthy":false}' },
    (err) => log.warn({ err }, 'health check failed'),
  );
}
