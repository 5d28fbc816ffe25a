import http from 'node:http';
import { createEventStoreFromEnv } from '@aftersales/event-store';
import { PostgresKeyStore } from '@aftersales/privacy';
import pg from 'pg';
import pino from 'pino';
import { configFromEnv } from './config';
import { startNotifier } from './notifier';
import { startRelay } from './relay/relay';

/**
 * Runs the relay, the notifier, or both as a process: `tsx src/main.ts [relay|notifier|all]`.
 * `DATABASE_URL` is required. With `NATS_URL` both go through JetStream; without it `all` runs
 * the embedded mode (in-process bus) and `relay` alone has nothing to publish to.
 */
const role = process.argv[2] ?? 'all';
const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: `notifier-${role}` } });

async function main() {
  // The store the environment names (EventStoreDB or PostgreSQL). The relay reads it WITHOUT the
  // crypto-shredding decorator, so personal fields travel sealed and JetStream (which keeps
  // messages on disk) never holds them readable; the notifier opens them with the same keys.
  const configured = await createEventStoreFromEnv(process.env, { log });
  const databaseUrl = configured.databaseUrl;
  if (!databaseUrl) throw new Error('DATABASE_URL is required when the event store is not PostgreSQL');
  const natsUrl = process.env.NATS_URL;
  const config = configFromEnv(process.env, log);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 16 });
  pool.on('error', (err) => log.warn({ err }, 'idle database connection lost'));
  const keys = new PostgresKeyStore(pool);
  await keys.ensureSchema();
  const sealed = configured.store;
  const stops: (() => Promise<void>)[] = [];

  if ((role === 'relay' || role === 'all') && natsUrl) {
    const relay = await startRelay({ store: sealed, pool, log, natsUrl, names: config.names });
    stops.push(() => relay.stop());
  }
  if (role === 'notifier' || role === 'all') {
    const notifier = await startNotifier({
      store: sealed,
      keys,
      pool,
      log,
      natsUrl,
      names: config.names,
      durable: config.durable,
      channels: config.channels,
      consumer: { backoffMs: config.backoffMs },
    });
    stops.push(() => notifier.stop());
  }
  if (stops.length === 0) throw new Error(`nothing to run for role '${role}' (is NATS_URL set?)`);
  // Liveness for orchestrators (infra's compose checks it): the process is up and connected.
  const health = http.createServer((req, res) => {
    const ok = req.url === '/health' || req.url === '/ready';
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' }).end(ok ? '{"status":"ok"}' : '{}');
  });
  if (process.env.PORT) health.listen(Number(process.env.PORT));
  stops.push(async () => {
    health.close();
  });
  // Tells a parent process that everything is connected.
  process.send?.({ ready: true });

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    for (const stop of stops.reverse()) await stop();
    await pool.end();
    await configured.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  log.fatal({ err }, 'notifier process failed to start');
  process.exit(1);
});
