// The public entry of @aftersales/notifier. Explicit named exports; types kept apart.

export { InProcessBus } from './bus/in-process';
export type { JetStreamFeedOptions, JetStreamNames } from './bus/jetstream';
export {
  connectNats,
  defaultJetStreamNames,
  ensureStream,
  eventSubject,
  JetStreamFeed,
  jetStreamPublisher,
} from './bus/jetstream';
export type { RelayedHead } from './bus/relayed-heads';
export { readRelayedHeads, readRelayedHeadsAt } from './bus/relayed-heads';
export { logChannel } from './channels/log';
export type { RetryOptions } from './channels/retry';
export { withRetry } from './channels/retry';
export type { SmtpChannelOptions } from './channels/smtp';
export { smtpChannel } from './channels/smtp';
export type { Channel, ChannelName, Channels, OutboundMessage } from './channels/types';
export type { WebhookChannelOptions } from './channels/webhook';
export { webhookChannel } from './channels/webhook';
export type { Clock } from './clock';
export { DAY_MS, HOUR_MS, ManualClock, MINUTE_MS, systemClock } from './clock';
export type { EnvConfig } from './config';
export { configFromEnv, NotifierConfigError } from './config';
export type { NotifierDeadLetter, NotifierRetryOutcome } from './consumer/dead-letters';
export { listNotifierDeadLetters, retryNotifierDeadLetter } from './consumer/dead-letters';
export type { EventFeed, FeedMessage } from './consumer/feed';
export type { EncodedEnvelope, EventEnvelope } from './envelope';
export { decodeEnvelope, encodeEnvelope, encodeStoredEnvelope, toEnvelope } from './envelope';
export { ChannelError, NotifierError, PoisonMessageError } from './errors';
export type { NotifierHandle, NotifierOptions, NotifierStatus } from './notifier';
export { startNotifier } from './notifier';
export type { NotificationPolicy, PolicySource } from './policy/follow';
export { PolicyFollower, timelineSource } from './policy/follow';
export type { EventPublisher } from './relay/publisher';
export type { RelayHandle, RelayOptions, RelayStatus } from './relay/relay';
export { startRelay } from './relay/relay';
export type { NotifierRetention, PurgeCounts } from './retention';
export { defaultNotifierRetention, purgeNotifierHistory } from './retention';
export { notificationRules, ruleNamed } from './rules/catalog';
export type { MessageClass, PlannedMessage, RuleDefinition, RuleName } from './rules/types';
export type { CustomerProfile, MarketingCap, PolicyDecision } from './scheduler/policy';
export { decide as decideDelivery, defaultMarketingCap } from './scheduler/policy';
export type { QuietHours } from './scheduler/quiet-hours';
export { defaultQuietHours, quietHoursEnd } from './scheduler/quiet-hours';
export { ensureNotifierSchema, notifierMigrations } from './schema';
export type { Readiness, ReadinessCheck } from './service';
export { NotifierMetrics, readiness, startServiceServer } from './service';
export type { RenderedMessage } from './templates/render';
export { renderMessage } from './templates/render';
