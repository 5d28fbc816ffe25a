import { type EventStore, guardPoolClients } from '@aftersales/event-store';
import { configFromEnv, startNotifier, startRelay } from '@aftersales/notifier';
import type { CustomerKeyStore } from '@aftersales/ops';
import { allProjections, startProjections } from '@aftersales/projections';
import pg from 'pg';
import type { Logger } from 'pino';

export type Workers = Readonly<{ stop(): Promise<void> }>;

/**
 * The background half of `pnpm start`: every projection and the notifier run in this process, so
 * one command is the whole system. Production runs them as services of their own (infra/) and
 * sets `WITH_WORKERS=false` here. With `NATS_URL` the relay publishes to JetStream and the notifier
 * consumes it; without, the notifier's embedded mode passes the same messages in-process.
 */
export async function startWorkers(
  options: Readonly<{
    /** The log read through the crypto-shredding decorator: the projections' view. */
    store: EventStore;
    /** The same log without it: the relay publishes personal fields sealed, never readable. */
    sealed: EventStore;
    /** The customers' keys, with which the notifier opens what the relay published sealed. */
    keys: CustomerKeyStore;
    databaseUrl: string;
    log: Logger;
  }>,
): Promise<Workers> {
  const { store, sealed, keys, databaseUrl, log } = options;
  // Pools of their own: a slow projection batch never starves the API of connections.
  const projectionPool = new pg.Pool({ connectionString: databaseUrl, max: 3 * allProjections.length });
  // The all-in-one process is the embedded topology: a channel without an address writes to the log.
  const config = configFromEnv(process.env, log, { logChannels: 'allowed', defaultPoolSize: 8 });
  const notifierPool = new pg.Pool({ connectionString: databaseUrl, max: config.poolSize });
  notifierPool.on('error', (err) => log.warn({ err }, 'idle notifier connection lost'));
  guardPoolClients(notifierPool, log);
  const projections = startProjections({
    store,
    pool: projectionPool,
    log: log.child({ worker: 'projections' }),
    projections: allProjections,
  });
  const natsUrl = process.env.NATS_URL;
  const notifierLog = log.child({ worker: 'notifier' });
  const relay = natsUrl
    ? await startRelay({ store: sealed, pool: notifierPool, log: notifierLog, natsUrl, names: config.names })
    : undefined;
  const notifier = await startNotifier({
    store: sealed,
    keys,
    pool: notifierPool,
    log: notifierLog,
    natsUrl,
    names: config.names,
    durable: config.durable,
    channels: config.channels,
    consumer: { backoffMs: config.backoffMs },
  });
  log.info({ projections: allProjections.length, notifier: notifier.mode }, 'workers started');
  return {
    async stop() {
      await notifier.stop();
      await relay?.stop();
      await projections.stop();
      await Promise.all([projectionPool.end(), notifierPool.end()]);
    },
  };
}
