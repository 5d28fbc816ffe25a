import { createEventStoreFromEnv, guardPoolClients, untilReachable } from '@aftersales/event-store';
import { startTracing } from '@aftersales/telemetry';
import pg from 'pg';
import pino from 'pino';
import { projectionsConfigFromEnv } from './config';
import { allProjections } from './registry';
import { startProjections } from './runner/start';
import { startServiceServer } from './service/http';

/**
 * The projections service: `tsx packages/projections/src/main.ts`. Runs every registered
 * projection against the store the environment names (EVENTSTORE_URL, else DATABASE_URL, else the
 * embedded PostgreSQL) and writes the read models into DATABASE_URL (or the embedded database).
 * Start it in several processes for hot standbys: one runner per projection holds its lease.
 * HTTP on PORT (default 3001): /health (process alive), /ready (every projection progressing:
 * a live lease holder, lag under the limit, checkpoint moving; a standby says so, and is not
 * ready while nobody applies events), /metrics (Prometheus, `aftersales_projections_*`).
 */
let log = pino({ base: { service: 'projections' } });

async function main() {
  // Configuration first: a wrong value ends the process naming the variable, before any work.
  const config = projectionsConfigFromEnv(allProjections.length);
  log = pino({ level: config.logLevel, base: { service: 'projections' } });
  // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (see @aftersales/telemetry); else off.
  const tracing = startTracing('aftersales-projections');
  // A database down at start is waited out (the process comes up by itself), not an exit.
  const configured = await untilReachable(
    'event store',
    () => createEventStoreFromEnv(process.env, { log }),
    log,
  );
  const databaseUrl = configured.databaseUrl;
  if (!databaseUrl) throw new Error('DATABASE_URL is required when the event store is not PostgreSQL');
  // Each runner holds its lock connection and writes in batches: 4 per projection by default.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: config.poolSize });
  // A connection lost while idle or checked out must not end the service; queries report it.
  pool.on('error', (err) => log.warn({ err }, 'idle read-model connection lost'));
  guardPoolClients(pool, log);
  const projections = startProjections({
    store: configured.store,
    pool,
    log,
    projections: allProjections,
    deadLetterRetentionDays: config.deadLetterRetentionDays,
  });

  const port = config.port;
  // A listen error (the port taken) ends the process non-zero before anything says it started.
  const server = await startServiceServer(port, pool, log, { runners: projections.status });
  log.info({ port }, 'projections service listening');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close();
    await projections.stop();
    await pool.end();
    await configured.close();
    await tracing.shutdown();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void shutdown(signal));
  }
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'projections service failed to start');
  process.exit(1);
});
