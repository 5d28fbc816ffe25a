import type { Logger } from 'pino';
import { z } from 'zod';
import { defaultJetStreamNames, type JetStreamNames, relayStreamLimits } from './bus/jetstream';
import { logChannel } from './channels/log';
import { smtpChannel } from './channels/smtp';
import type { Channel, Channels } from './channels/types';
import { type WebhookCredentials, webhookChannel } from './channels/webhook';
import { defaultNotifierRetention, type NotifierRetention } from './retention';

/**
 * The notifier's configuration from the environment, validated at start (`main.ts`, and the
 * workers of `pnpm start`); a wrong value fails with a message that names the variable.
 *
 * - `NOTIFIER_STREAM`, `NOTIFIER_SUBJECT_PREFIX`, `NOTIFIER_DURABLE`: JetStream names
 * - `NOTIFIER_STREAM_REPLICAS`: copies of the stream in a JetStream cluster (default 1)
 * - `NOTIFIER_BACKOFF_MS`: comma-separated redelivery delays (the first is the ack wait)
 * - `NOTIFIER_POOL_SIZE`: the notifier's Postgres connections (default 16; the workers' 8)
 * - `NOTIFIER_STREAM_MAX_AGE_HOURS`, `NOTIFIER_STREAM_MAX_BYTES`: the relay stream's limits
 *   (default 168 h, 1 GiB; when full, publishes wait rather than unread messages go)
 * - `NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS` (default 192, more than the stream's max age),
 *   `NOTIFIER_DECISIONS_RETENTION_DAYS` (400), `NOTIFIER_DEAD_LETTER_RETENTION_DAYS` (30, resolved
 *   letters only): the purge of `src/retention.ts`
 * - `NOTIFIER_STALL_SECONDS`: a consumer or relay with work waiting and no progress for this
 *   long is not ready (default 30)
 * - `SMTP_URL`, `SMTP_FROM`: email; `SMS_WEBHOOK_URL`, `SUPPORT_WEBHOOK_URL`: webhooks, each with
 *   an optional credential: `…_WEBHOOK_TOKEN` (sent as `Authorization: Bearer`) and/or
 *   `…_WEBHOOK_SECRET` (Standard Webhooks signature: `webhook-id`, `webhook-timestamp`,
 *   `webhook-signature: v1,<base64 HMAC-SHA256>`; a `whsec_` prefix means base64 key bytes).
 *   The value `log` chooses the log channel on purpose.
 *
 * Outside the embedded mode (`logChannels: 'allowed'`) every channel must be configured: a
 * missing `SMTP_URL` is an error, never a silent log channel that records messages as sent.
 */
export type EnvConfig = Readonly<{
  names: JetStreamNames;
  durable: string;
  backoffMs?: readonly number[];
  poolSize: number;
  stallMs: number;
  channels: Channels;
  /** Which channels write to the log rather than deliver (said at start, and on /ready). */
  logChannels: readonly string[];
  retention: NotifierRetention;
}>;

export class NotifierConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotifierConfigError';
  }
}

const token = (what: string) =>
  z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, `${what}: letters, digits, '_' and '-' only (at most 64)`);
const httpUrl = z.union([
  z.literal('log'),
  z.url({ protocol: /^https?$/, error: 'an http(s) URL, or "log"' }),
]);
const secret = z.string().min(16, 'at least 16 characters');

const schema = z.object({
  NOTIFIER_STREAM: token('a JetStream stream name').default(defaultJetStreamNames.stream),
  NOTIFIER_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'dot-separated tokens of letters, digits, _ and -')
    .default(defaultJetStreamNames.subjectPrefix),
  NOTIFIER_DURABLE: token('a consumer name').default('notifier'),
  NOTIFIER_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  NOTIFIER_STREAM_MAX_AGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3_650)
    .default(relayStreamLimits.maxAgeMs / 3_600_000),
  NOTIFIER_STREAM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 ** 2)
    .max(2 ** 50)
    .default(relayStreamLimits.maxBytes),
  NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3_650)
    .default(defaultNotifierRetention.processedEventsHours),
  NOTIFIER_DECISIONS_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(defaultNotifierRetention.decisionsDays),
  NOTIFIER_DEAD_LETTER_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(defaultNotifierRetention.deadLettersDays),
  NOTIFIER_BACKOFF_MS: z
    .string()
    .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'comma-separated milliseconds, e.g. 1000,5000,30000')
    .transform((v) => v.split(',').map((part) => Number(part.trim())))
    .refine((list) => list.every((ms) => ms >= 10 && ms <= 86_400_000), 'each between 10 ms and 24 h')
    .optional(),
  NOTIFIER_POOL_SIZE: z.coerce.number().int().min(2).max(500).optional(),
  NOTIFIER_STALL_SECONDS: z.coerce.number().int().min(5).max(3_600).default(30),
  SMTP_URL: z
    .union([z.literal('log'), z.url({ protocol: /^smtps?$/, error: 'an smtp:// or smtps:// URL, or "log"' })])
    .optional(),
  SMTP_FROM: z.string().min(3).default('After-sales <care@aftersales.local>'),
  SMS_WEBHOOK_URL: httpUrl.optional(),
  SMS_WEBHOOK_TOKEN: secret.optional(),
  SMS_WEBHOOK_SECRET: secret.optional(),
  SUPPORT_WEBHOOK_URL: httpUrl.optional(),
  SUPPORT_WEBHOOK_TOKEN: secret.optional(),
  SUPPORT_WEBHOOK_SECRET: secret.optional(),
});

type Env = z.infer<typeof schema>;

export function configFromEnv(
  env: NodeJS.ProcessEnv,
  log: Logger,
  options: Readonly<{ logChannels: 'allowed' | 'explicit-only'; defaultPoolSize?: number }> = {
    logChannels: 'explicit-only',
  },
): EnvConfig {
  // Empty values count as unset, as shells and compose files write them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new NotifierConfigError(`notifier configuration is invalid: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  if (c.NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS <= c.NOTIFIER_STREAM_MAX_AGE_HOURS) {
    // A message still in the stream can be delivered again (a new or reset consumer): its
    // dedupe record must outlive it.
    throw new NotifierConfigError(
      `notifier configuration is invalid: NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS (${c.NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS}) must be more than NOTIFIER_STREAM_MAX_AGE_HOURS (${c.NOTIFIER_STREAM_MAX_AGE_HOURS})`,
    );
  }
  const missing: string[] = [];
  const logChannels: string[] = [];
  const choose = (
    name: 'email' | 'sms' | 'support',
    variable: keyof Env,
    value: string | undefined,
    make: (url: string) => Channel,
  ): Channel => {
    if (value === undefined && options.logChannels === 'explicit-only') missing.push(variable);
    if (value === undefined || value === 'log') {
      logChannels.push(name);
      return logChannel(name, log);
    }
    return make(value);
  };
  const channels: Channels = {
    email: choose('email', 'SMTP_URL', c.SMTP_URL, (url) => smtpChannel({ url, from: c.SMTP_FROM })),
    sms: choose('sms', 'SMS_WEBHOOK_URL', c.SMS_WEBHOOK_URL, (url) =>
      webhookChannel({
        name: 'sms',
        url,
        credentials: credentials(c.SMS_WEBHOOK_TOKEN, c.SMS_WEBHOOK_SECRET),
      }),
    ),
    support: choose('support', 'SUPPORT_WEBHOOK_URL', c.SUPPORT_WEBHOOK_URL, (url) =>
      webhookChannel({
        name: 'support',
        url,
        credentials: credentials(c.SUPPORT_WEBHOOK_TOKEN, c.SUPPORT_WEBHOOK_SECRET),
      }),
    ),
  };
  if (missing.length > 0) {
    throw new NotifierConfigError(
      `notifier configuration is invalid: ${missing.join(', ')} not set (outside the embedded mode every channel needs its address; the value "log" writes that channel to the log on purpose)`,
    );
  }
  return {
    names: {
      stream: c.NOTIFIER_STREAM,
      subjectPrefix: c.NOTIFIER_SUBJECT_PREFIX,
      replicas: c.NOTIFIER_STREAM_REPLICAS,
      maxAgeMs: c.NOTIFIER_STREAM_MAX_AGE_HOURS * 3_600_000,
      maxBytes: c.NOTIFIER_STREAM_MAX_BYTES,
    },
    durable: c.NOTIFIER_DURABLE,
    backoffMs: c.NOTIFIER_BACKOFF_MS,
    poolSize: c.NOTIFIER_POOL_SIZE ?? options.defaultPoolSize ?? 16,
    stallMs: c.NOTIFIER_STALL_SECONDS * 1_000,
    channels,
    logChannels,
    retention: {
      processedEventsHours: c.NOTIFIER_PROCESSED_EVENTS_RETENTION_HOURS,
      decisionsDays: c.NOTIFIER_DECISIONS_RETENTION_DAYS,
      deadLettersDays: c.NOTIFIER_DEAD_LETTER_RETENTION_DAYS,
    },
  };
}

function credentials(token: string | undefined, secret: string | undefined): WebhookCredentials | undefined {
  if (!token && !secret) return undefined;
  return { ...(token ? { bearerToken: token } : {}), ...(secret ? { signingSecret: secret } : {}) };
}
