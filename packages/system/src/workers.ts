import type { StartWorkers } from '@aftersales/command-api';
import { guardPoolClients, positiveInteger } from '@aftersales/event-store';
import { IntegrationsMetrics, integrationsConfigFromEnv, startIntegrations } from '@aftersales/integrations';
import { configFromEnv, startNotifier, startRelay } from '@aftersales/notifier';
import { allProjections, startProjections } from '@aftersales/projections';
import pg from 'pg';

/**
 * The background half of `pnpm start`: every projection, the notifier and the integrations
 * (webhooks; with `NATS_URL` the integration events too) run in the API's process, so one command is the whole system. Production runs them as services of their own
 * (infra/) and the API alone. With `NATS_URL` the relay publishes to JetStream and the notifier
 * consumes it; without, the notifier's embedded mode passes the same messages in-process.
 * `store` is the log read through the crypto-shredding decorator (the projections' view),
 * `sealed` the same log without it (the relay publishes personal fields sealed, never readable),
 * `keys` the customers' keys, with which the notifier opens what the relay published.
 */
export const startWorkers: StartWorkers = async (options) => {
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
    deadLetterRetentionDays: positiveInteger(process.env, 'PROJECTIONS_DEAD_LETTER_RETENTION_DAYS'),
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
    retention: config.retention,
  });
  // Webhooks (and, with NATS_URL, the integration events on NATS), from the log as stored.
  const integrationsPool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  integrationsPool.on('error', (err) => log.warn({ err }, 'idle integrations connection lost'));
  guardPoolClients(integrationsPool, log);
  const integrations = await startIntegrations({
    store: sealed,
    pool: integrationsPool,
    log: log.child({ worker: 'integrations' }),
    config: integrationsConfigFromEnv(process.env),
    metrics: new IntegrationsMetrics(false),
  });
  log.info({ projections: allProjections.length, notifier: notifier.mode }, 'workers started');
  return {
    async stop() {
      await integrations.stop();
      await notifier.stop();
      await relay?.stop();
      await projections.stop();
      await Promise.all([projectionPool.end(), notifierPool.end(), integrationsPool.end()]);
    },
  };
};
