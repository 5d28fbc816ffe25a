import { z } from 'zod';

/**
 * Every setting of the integrations, read from the environment once and validated (each variable
 * in infra/CONFIG.md): a wrong value stops the process at once, naming the variable.
 */
const envSchema = z.object({
  NATS_URL: z.string().min(1).optional(),
  INTEGRATION_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('AFTERSALES_INTEGRATION'),
  INTEGRATION_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('aftersales'),
  INTEGRATION_STREAM_MAX_AGE_HOURS: z.coerce.number().positive().default(168),
  INTEGRATION_STREAM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_048_576)
    .default(1024 ** 3),
  INTEGRATION_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  INTEGRATION_SOURCE: z.string().min(1).default('urn:aftersales'),
  /** Shown as the server of the AsyncAPI document. */
  INTEGRATION_NATS_HOST: z.string().min(1).default('localhost:4222'),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).default(200),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  WEBHOOK_RETRY_HOURS: z.coerce.number().positive().default(24),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce.number().min(0).max(720).default(24),
  WEBHOOK_DEAD_LETTER_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  INTEGRATIONS_PORT: z.coerce.number().int().min(0).max(65_535).default(3004),
  INTEGRATIONS_STALL_SECONDS: z.coerce.number().int().min(1).default(120),
  INTEGRATIONS_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(6),
});

export type IntegrationsConfig = Readonly<{
  natsUrl?: string;
  stream: string;
  subjectPrefix: string;
  maxAgeMs: number;
  maxBytes: number;
  replicas: number;
  source: string;
  natsHost: string;
  webhookPollMs: number;
  webhookTimeoutMs: number;
  webhookRetryMs: number;
  /** Loopback, private and link-local webhook targets allowed (development, tests). */
  webhookAllowPrivateTargets: boolean;
  webhookSecretOverlapMs: number;
  /** Resolved webhook dead letters are removed this many days after they were resolved. */
  deadLetterRetentionDays: number;
  port: number;
  stallMs: number;
  /** Postgres connections of the service's own pool (publisher, dispatcher, retention). */
  poolSize: number;
}>;

export class IntegrationsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrationsConfigError';
  }
}

export function integrationsConfigFromEnv(source: NodeJS.ProcessEnv = process.env): IntegrationsConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new IntegrationsConfigError(`invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    ...(env.NATS_URL ? { natsUrl: env.NATS_URL } : {}),
    stream: env.INTEGRATION_STREAM,
    subjectPrefix: env.INTEGRATION_SUBJECT_PREFIX,
    maxAgeMs: env.INTEGRATION_STREAM_MAX_AGE_HOURS * 3_600_000,
    maxBytes: env.INTEGRATION_STREAM_MAX_BYTES,
    replicas: env.INTEGRATION_STREAM_REPLICAS,
    source: env.INTEGRATION_SOURCE,
    natsHost: env.INTEGRATION_NATS_HOST,
    webhookPollMs: env.WEBHOOK_POLL_MS,
    webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
    webhookRetryMs: env.WEBHOOK_RETRY_HOURS * 3_600_000,
    webhookAllowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
    webhookSecretOverlapMs: Math.round(env.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000),
    deadLetterRetentionDays: env.WEBHOOK_DEAD_LETTER_RETENTION_DAYS,
    port: env.INTEGRATIONS_PORT,
    stallMs: env.INTEGRATIONS_STALL_SECONDS * 1_000,
    poolSize: env.INTEGRATIONS_POOL_SIZE,
  };
}

/** What the AsyncAPI document names: the subjects, the stream and the server. */
export const asyncApiOptionsOf = (config: IntegrationsConfig) => ({
  subjectPrefix: config.subjectPrefix,
  stream: config.stream,
  natsHost: config.natsHost,
});

/** What the subscriptions (API, CLI) and the deliveries need to know about targets and secrets. */
export const webhookPolicyOf = (config: IntegrationsConfig) => ({
  targets: { allowPrivate: config.webhookAllowPrivateTargets },
  secretOverlapMs: config.webhookSecretOverlapMs,
});
