import type { Logger } from 'pino';
import { defaultJetStreamNames, type JetStreamNames } from './bus/jetstream';
import { logChannel } from './channels/log';
import { smtpChannel } from './channels/smtp';
import type { Channels } from './channels/types';
import { webhookChannel } from './channels/webhook';

/**
 * Configuration from the environment, for `main.ts` and whoever starts the notifier as a
 * service. Every channel falls back to the log channel when its address is not configured.
 *
 * - `NOTIFIER_STREAM`, `NOTIFIER_SUBJECT_PREFIX`, `NOTIFIER_DURABLE`: JetStream names
 * - `NOTIFIER_BACKOFF_MS`: comma-separated redelivery delays (the first is the ack wait)
 * - `SMTP_URL`, `SMTP_FROM`: email; `SMS_WEBHOOK_URL`, `SUPPORT_WEBHOOK_URL`: webhooks
 */
export type EnvConfig = Readonly<{
  names: JetStreamNames;
  durable: string;
  backoffMs?: readonly number[];
  channels: Channels;
}>;

export function configFromEnv(env: NodeJS.ProcessEnv, log: Logger): EnvConfig {
  const backoff = env.NOTIFIER_BACKOFF_MS?.split(',')
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isFinite(v) && v > 0);
  return {
    names: {
      stream: env.NOTIFIER_STREAM ?? defaultJetStreamNames.stream,
      subjectPrefix: env.NOTIFIER_SUBJECT_PREFIX ?? defaultJetStreamNames.subjectPrefix,
    },
    durable: env.NOTIFIER_DURABLE ?? 'notifier',
    backoffMs: backoff && backoff.length > 0 ? backoff : undefined,
    channels: {
      email: env.SMTP_URL
        ? smtpChannel({ url: env.SMTP_URL, from: env.SMTP_FROM ?? 'After-sales <care@aftersales.local>' })
        : logChannel('email', log),
      sms: env.SMS_WEBHOOK_URL
        ? webhookChannel({ name: 'sms', url: env.SMS_WEBHOOK_URL })
        : logChannel('sms', log),
      support: env.SUPPORT_WEBHOOK_URL
        ? webhookChannel({ name: 'support', url: env.SUPPORT_WEBHOOK_URL })
        : logChannel('support', log),
    },
  };
}
