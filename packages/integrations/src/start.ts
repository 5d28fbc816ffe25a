import type { EventStore } from '@aftersales/event-store';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { IntegrationsConfig } from './config';
import { type PublisherHandle, startIntegrationPublisher } from './nats/publisher';
import type { IntegrationsMetrics, ServiceParts } from './service';
import { purgeWebhookDeadLetters } from './webhooks/dead-letters';
import { startWebhookDispatcher } from './webhooks/dispatcher';

/**
 * The integrations' work: the NATS publisher (when NATS_URL is set) and the webhook dispatcher,
 * both reading the log. Used by `src/main.ts` and by the all-in-one `pnpm start`.
 */
export async function startIntegrations(
  options: Readonly<{
    store: EventStore;
    pool: pg.Pool;
    log: Logger;
    config: IntegrationsConfig;
    metrics: IntegrationsMetrics;
  }>,
): Promise<ServiceParts & { stop(): Promise<void> }> {
  const { store, pool, log, config, metrics } = options;
  let publisher: PublisherHandle | undefined;
  if (config.natsUrl) {
    publisher = await startIntegrationPublisher({
      store,
      pool,
      log: log.child({ worker: 'integration-publisher' }),
      natsUrl: config.natsUrl,
      stream: config.stream,
      subjectPrefix: config.subjectPrefix,
      maxAgeMs: config.maxAgeMs,
      maxBytes: config.maxBytes,
      replicas: config.replicas,
      source: config.source,
      onPublished: (event) => metrics.published.inc({ type: event.type }),
    });
  }
  const dispatcher = await startWebhookDispatcher({
    store,
    pool,
    log: log.child({ worker: 'webhooks' }),
    pollMs: config.webhookPollMs,
    timeoutMs: config.webhookTimeoutMs,
    retryMs: config.webhookRetryMs,
    source: config.source,
    observer: metrics.observer(),
    targets: { allowPrivate: config.webhookAllowPrivateTargets },
  });
  // Resolved dead letters leave after their retention, checked hourly; unresolved ones stay.
  const purge = () =>
    purgeWebhookDeadLetters(pool, config.deadLetterRetentionDays)
      .then((removed) => {
        if (removed > 0) log.info({ removed }, 'resolved webhook dead letters purged');
      })
      .catch((err: unknown) =>
        log.warn({ err }, 'webhook dead-letter purge failed; trying again in an hour'),
      );
  const purgeTimer = setInterval(purge, 3_600_000);
  purgeTimer.unref();
  void purge();
  return {
    pool,
    ...(publisher ? { publisher } : {}),
    dispatcher,
    stallMs: config.stallMs,
    head: () => store.headPosition(),
    async stop() {
      clearInterval(purgeTimer);
      await dispatcher.stop();
      await publisher?.stop();
    },
  };
}
