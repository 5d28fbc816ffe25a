import { z } from 'zod';

/**
 * Every setting of the command API, read from the environment in one place and validated, so a
 * typo in a variable fails at start instead of at the first request.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * Connections the kernel holds for the API before it accepts them (Node's default is 511; the
   * kernel caps it at net.core.somaxconn). Beyond it a new connection's SYN is dropped and the
   * client waits 1 s, then 3 s, for its retry: a spike of connections would be slow before the
   * admission queue even sees it.
   */
  LISTEN_BACKLOG: z.coerce.number().int().min(1).default(4096),
  /** Postgres for API keys and idempotency records (and the event store when it is Postgres). */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded PostgreSQL keeps its files when no DATABASE_URL is given. */
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65_535).default(5433),
  /** A fixed development key; otherwise one is created on first start and kept in DATA_DIR. */
  DEV_API_KEY: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6_000),
  /** Connections of the API's own pool (keys, idempotency records, operations). */
  API_POOL_SIZE: z.coerce.number().int().min(1).default(20),
  /** Failed authentications per client address and minute before it gets 429 without a lookup. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(512),
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).default(2),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  IDEMPOTENCY_RETENTION_HOURS: z.coerce.number().int().min(1).default(72),
  /** Serve /openapi.json and /docs without a key (a browser cannot send one). */
  DOCS_PUBLIC: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Run the SLA deadline watcher in this process (safe in every replica: facts have derived ids). */
  SLA_WATCHER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type Env = z.infer<typeof envSchema>;

/** The part of the configuration `buildApp` needs; tests pass their own. */
export type ApiConfig = Readonly<{
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  authFailuresPerMinute: number;
  maxInFlight: number;
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
  shutdownGraceMs: number;
  idempotencyRetentionHours: number;
  logLevel: Env['LOG_LEVEL'];
}>;

export const defaultApiConfig: ApiConfig = {
  bodyLimitBytes: 64 * 1024,
  rateLimitPerMinute: 6_000,
  authFailuresPerMinute: 60,
  maxInFlight: 512,
  maxEventLoopDelayMs: 1_000,
  retryAfterSeconds: 2,
  shutdownGraceMs: 10_000,
  idempotencyRetentionHours: 72,
  logLevel: 'info',
};

export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n  ${lines.join('\n  ')}`, { cause: parsed.error });
  }
  return parsed.data;
}

export function apiConfigFromEnv(env: Env): ApiConfig {
  return {
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: env.AUTH_FAILURES_PER_MINUTE,
    maxInFlight: env.MAX_IN_FLIGHT,
    maxEventLoopDelayMs: env.MAX_EVENT_LOOP_DELAY_MS,
    retryAfterSeconds: env.RETRY_AFTER_SECONDS,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    idempotencyRetentionHours: env.IDEMPOTENCY_RETENTION_HOURS,
    logLevel: env.LOG_LEVEL,
  };
}
