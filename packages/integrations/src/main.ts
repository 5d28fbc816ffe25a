import { createEventStoreFromEnv, guardPoolClients, untilReachable } from '@aftersales/event-store';
import pg from 'pg';
import pino from 'pino';
import { integrationsConfigFromEnv } from './config';
import { IntegrationsMetrics, startServiceServer } from './service';
import { startIntegrations } from './start';

/**
 * `tsx packages/integrations/src/main.ts`: the integration publisher and the webhook dispatcher
 * as a service of their own. Configuration first (a wrong value ends the process naming the
 * variable), then the HTTP port (`INTEGRATIONS_PORT`), then the work.
 */
async function main() {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const config = integrationsConfigFromEnv();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const metrics = new IntegrationsMetrics();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: config.poolSize });
  pool.on('error', (err) => log.warn({ err }, 'idle integrations connection lost'));
  guardPoolClients(pool, log);
  const configured = await untilReachable(
    'event store',
    () => createEventStoreFromEnv(process.env, { log }),
    log,
  );
  // The log as stored, without the crypto-shredding decorator: no personal field leaves anyway.
  // Until the work runs (the database may be down at start), readiness checks the database alone.
  const starting = { pool, stallMs: config.stallMs, head: () => configured.store.headPosition() };
  let work: Awaited<ReturnType<typeof startIntegrations>> | undefined;
  const server = await startServiceServer(config.port, () => work ?? starting, metrics, log);
  work = await untilReachable(
    'database',
    () => startIntegrations({ store: configured.store, pool, log, config, metrics }),
    log,
  );
  log.info({ port: config.port, nats: Boolean(config.natsUrl) }, 'integrations started');
  const stop = async () => {
    server.close();
    await work?.stop();
    await configured.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`integrations failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
