// The public entry of @aftersales/integrations. Explicit named exports; types kept apart.

export type { AsyncApiOptions } from './asyncapi';
export { asyncApiDocument, subjectOf } from './asyncapi';
export type { CatalogEntry, IntegrationEvent } from './catalog';
export {
  catalogEntry,
  cloudEventSchema,
  DEFAULT_SOURCE,
  integrationCatalog,
  integrationEventTypes,
  publishedDomainTypes,
  toIntegrationEvents,
} from './catalog';
export type { IntegrationsConfig } from './config';
export {
  asyncApiOptionsOf,
  IntegrationsConfigError,
  integrationsConfigFromEnv,
  webhookPolicyOf,
} from './config';
export type { PublisherHandle, PublisherOptions, PublisherStatus } from './nats/publisher';
export { startIntegrationPublisher } from './nats/publisher';
export type { IntegrationStreamOptions } from './nats/stream';
export { ensureIntegrationStream, integrationStreamDefaults } from './nats/stream';
export { ensureIntegrationsSchema, integrationsMigrations } from './schema';
export type { Readiness, ReadinessCheck, ServiceParts } from './service';
export { IntegrationsMetrics, readiness, startServiceServer } from './service';
export { startIntegrations } from './start';
export type { RedeliveryOutcome, WebhookDeadLetter } from './webhooks/dead-letters';
export {
  listWebhookDeadLetters,
  purgeWebhookDeadLetters,
  redeliverWebhookDeadLetter,
} from './webhooks/dead-letters';
export type {
  DeliveryObserver,
  DispatcherHandle,
  DispatcherOptions,
  DispatcherStatus,
} from './webhooks/dispatcher';
export { startWebhookDispatcher } from './webhooks/dispatcher';
export { WebhookError, webhookErrorStatus } from './webhooks/errors';
export { signWebhook } from './webhooks/signature';
export type { NewSubscription, SubscriptionsOptions, WebhookSubscription } from './webhooks/subscriptions';
export { WebhookSubscriptions } from './webhooks/subscriptions';
export type { TargetPolicy } from './webhooks/target-guard';
export { refusedAddress } from './webhooks/target-guard';
