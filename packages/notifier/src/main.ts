import { createPostgresEventStore } from '@aftersales/event-store';
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
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const natsUrl = process.env.NATS_URL;
  const config = configFromEnv(process.env, log);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 16 });
  pool.on('error', (err) => log.warn({ err }, 'idle database connection lost'));
  const store = await createPostgresEventStore({ connectionString: databaseUrl, log });
  const stops: (() => Promise<void>)[] = [];

  if ((role === 'relay' || role === 'all') && natsUrl) {
    const relay = await startRelay({ store, pool, log, natsUrl, names: config.names });
    stops.push(() => relay.stop());
  }
  if (role === 'notifier' || role === 'all') {
    const notifier = await startNotifier({
      store,
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
  // Tells a parent process that everything is connected.
  process.send?.({ ready: true });

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    for (const stop of stops.reverse()) await stop();
    await store.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  log.fatal({ err }, 'notifier process failed to start');
  process.exit(1);
});
