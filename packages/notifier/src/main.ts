import { createEventStoreFromEnv, guardPoolClients, untilReachable } from '@aftersales/event-store';
import { PostgresKeyStore } from '@aftersales/privacy';
import { startTracing } from '@aftersales/telemetry';
import pg from 'pg';
import pino from 'pino';
import { configFromEnv } from './config';
import { type NotifierHandle, startNotifier } from './notifier';
import { type RelayHandle, startRelay } from './relay/relay';
import { NotifierMetrics, startServiceServer } from './service';

/**
 * Runs the relay, the notifier, or both as a process: `tsx src/main.ts [relay|notifier|all]`.
 * `DATABASE_URL` is required. With `NATS_URL` both go through JetStream; without it `all` runs
 * the embedded mode (in-process bus) and `relay` alone has nothing to publish to.
 * HTTP on `PORT` (default 3002; the relay alone 3003): `/health` (the process answers), `/ready` (database, NATS,
 * relay and consumer progress, dispatcher; 503 with the failing check), `/metrics`.
 * Order of start: configuration, then the port, then the work: a wrong setting or a port taken
 * ends the process non-zero before anything says it started.
 */
const role = process.argv[2] ?? 'all';
const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: `notifier-${role}` } });

async function main() {
  // OTLP traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (see @aftersales/telemetry); else off.
  const tracing = startTracing(`aftersales-notifier-${role}`);
  if (!['relay', 'notifier', 'all'].includes(role))
    throw new Error(`unknown role '${role}' (relay, notifier or all)`);
  const natsUrl = process.env.NATS_URL;
  if (role === 'relay' && !natsUrl)
    throw new Error('the relay alone needs NATS_URL: it has nothing to publish to');
  // Without NATS the process is the embedded mode: a channel without an address writes to the log.
  const config = configFromEnv(process.env, log, { logChannels: natsUrl ? 'explicit-only' : 'allowed' });
  if (config.logChannels.length > 0) {
    log.warn({ channels: config.logChannels }, 'these channels write to the log, they deliver nothing');
  }
  // The relay alone on 3003, so it can share a host with a notifier on 3002; `PORT=0` picks one.
  const port = Number(process.env.PORT ?? (role === 'relay' ? 3003 : 3002));
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
  const metrics = new NotifierMetrics();
  const server = await startServiceServer(port, metrics, log);

  // The store the environment names (EventStoreDB or PostgreSQL). The relay reads it WITHOUT the
  // crypto-shredding decorator, so personal fields travel sealed and JetStream (which keeps
  // messages on disk) never holds them readable; the notifier opens them with the same keys.
  // A database (or NATS) down at start is waited out, not an exit: /ready says "starting"
  // meanwhile, and the process comes up by itself when they are back.
  const configured = await reachable('event store', () => createEventStoreFromEnv(process.env, { log }));
  const databaseUrl = configured.databaseUrl;
  if (!databaseUrl) throw new Error('DATABASE_URL is required when the event store is not PostgreSQL');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: config.poolSize });
  // A connection lost while idle or checked out must not end the process; queries report it.
  pool.on('error', (err) => log.warn({ err }, 'idle database connection lost'));
  guardPoolClients(pool, log);
  const keys = new PostgresKeyStore(pool);
  await reachable('database', () => keys.ensureSchema());
  const sealed = configured.store;
  const stops: (() => Promise<void>)[] = [];

  let relay: RelayHandle | undefined;
  let notifier: NotifierHandle | undefined;
  if (role === 'relay' || (role === 'all' && natsUrl)) {
    relay = await reachable('relay', () =>
      startRelay({ store: sealed, pool, log, natsUrl, names: config.names }),
    );
    const started = relay;
    stops.push(() => started.stop());
  }
  if (role === 'notifier' || role === 'all') {
    notifier = await reachable('notifier', () =>
      startNotifier({
        store: sealed,
        keys,
        pool,
        log,
        natsUrl,
        names: config.names,
        durable: config.durable,
        channels: config.channels,
        consumer: { backoffMs: config.backoffMs },
        retention: config.retention,
        dispatcher: { onOutcomes: (outcomes) => metrics.outcomes(outcomes) },
        onHandled: () => metrics.eventHandled(),
        onDeadLetter: (type) => metrics.deadLettered(type),
      }),
    );
    const started = notifier;
    stops.push(() => started.stop());
  }
  metrics.attach({ pool, store: sealed, relay, notifier, stallMs: config.stallMs, log });
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : port;
  log.info({ role, port: listening, nats: Boolean(natsUrl) }, 'notifier process started');
  // Tells a parent process that everything is connected, and where its HTTP side listens.
  process.send?.({ ready: true, port: listening });

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close();
    for (const stop of stops.reverse()) await stop();
    await pool.end();
    await configured.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

const reachable = <T>(what: string, start: () => Promise<T>) => untilReachable(what, start, log);

main().catch((err) => {
  log.fatal({ err }, 'notifier process failed to start');
  process.exit(1);
});
