import http from 'node:http';
import { createEventStoreFromEnv, guardPoolClients } from '@aftersales/event-store';
import pg from 'pg';
import pino from 'pino';
import { allProjections } from './registry';
import { startProjections } from './runner/start';
import { projectionHealth, readStatuses } from './runner/status';

/**
 * The projections service: `tsx packages/projections/src/main.ts`. Runs every registered
 * projection against the store the environment names (EVENTSTORE_URL, else DATABASE_URL, else the
 * embedded PostgreSQL) and writes the read models into DATABASE_URL (or the embedded database).
 * Start it in several processes for hot standbys: one runner per projection holds the lock.
 * HTTP on PORT (default 3001): /health (process alive), /ready (every projection healthy:
 * running, lag under the limit, checkpoint moving), /metrics (lag per projection, Prometheus).
 */
const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'projections' } });

async function main() {
  const configured = await createEventStoreFromEnv(process.env, { log });
  const databaseUrl = configured.databaseUrl;
  if (!databaseUrl) throw new Error('DATABASE_URL is required when the event store is not PostgreSQL');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 * allProjections.length });
  // A connection lost while idle or checked out must not end the service; queries report it.
  pool.on('error', (err) => log.warn({ err }, 'idle read-model connection lost'));
  guardPoolClients(pool, log);
  const projections = startProjections({ store: configured.store, pool, log, projections: allProjections });

  const server = http.createServer((req, res) => {
    void respond(req.url ?? '/', pool).then(
      ({ status, body, type }) => res.writeHead(status, { 'content-type': type }).end(body),
      (err: unknown) => {
        log.warn({ err }, 'health check failed');
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"healthy":false}');
      },
    );
  });
  const port = Number(process.env.PORT ?? 3001);
  server.listen(port, () => log.info({ port }, 'projections service listening'));

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close();
    await projections.stop();
    await pool.end();
    await configured.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void shutdown(signal));
  }
}

async function respond(url: string, pool: pg.Pool) {
  const path = url.split('?')[0];
  if (path === '/health') return { status: 200, type: 'application/json', body: '{"status":"ok"}' };
  if (path === '/ready') {
    const health = await projectionHealth(pool);
    return { status: health.healthy ? 200 : 503, type: 'application/json', body: JSON.stringify(health) };
  }
  if (path === '/metrics') {
    const lines = [
      '# HELP projection_lag_events Events not yet applied (capped at 10000).',
      '# TYPE projection_lag_events gauge',
      '# HELP projection_lag_seconds Age of the oldest unapplied event.',
      '# TYPE projection_lag_seconds gauge',
    ];
    for (const status of await readStatuses(pool)) {
      lines.push(`projection_lag_events{projection="${status.name}"} ${status.lagEvents}`);
      lines.push(`projection_lag_seconds{projection="${status.name}"} ${status.lagSeconds}`);
    }
    return { status: 200, type: 'text/plain; version=0.0.4', body: `${lines.join('\n')}\n` };
  }
  return { status: 404, type: 'application/json', body: '{"status":404}' };
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'projections service failed to start');
  process.exit(1);
});
