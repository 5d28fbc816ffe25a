import http from 'node:http';
import type pg from 'pg';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { type ProjectionStatus, projectionHealth, readStatuses } from '../runner/status';

/**
 * The projections service's HTTP side: `/health` (the process answers), `/ready` (every
 * projection healthy: running, lag under the limit, checkpoint moving) and `/metrics`
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
  return registry;
}

type Answer = Readonly<{ status: number; type: string; body: string }>;

async function respond(path: string, pool: pg.Pool, registry: Registry): Promise<Answer> {
  if (path === '/health') return { status: 200, type: 'application/json', body: '{"status":"ok"}' };
  if (path === '/ready') {
    const health = await projectionHealth(pool);
    return { status: health.healthy ? 200 : 503, type: 'application/json', body: JSON.stringify(health) };
  }
  if (path === '/metrics') return { status: 200, type: registry.contentType, body: await registry.metrics() };
  return { status: 404, type: 'application/json', body: '{"status":404}' };
}

/** Listens on `port`; resolves once listening, rejects on a listen error (a port taken). */
export async function startServiceServer(port: number, pool: pg.Pool, log: Logger): Promise<http.Server> {
  const registry = projectionsMetrics(pool);
  const server = http.createServer((req, res) => {
    void respond((req.url ?? '/').split('?')[0] ?? '/', pool, registry).then(
      ({ status, body, type }) => res.writeHead(status, { 'content-type': type }).end(body),
      (err: unknown) => {
        log.warn({ err }, 'health check failed');
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"healthy":false}');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
