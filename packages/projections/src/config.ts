import { z } from 'zod';

/**
 * Every setting of the projections service, read from the environment once and validated (each
 * variable in infra/CONFIG.md): a wrong value stops the process at once, naming the variable.
 * The store's own settings (DATABASE_URL, EVENTSTORE_URL, EVENT_STORE_POOL_SIZE) are read and
 * checked by the event store.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PROJECTIONS_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).optional(),
  PROJECTIONS_DEAD_LETTER_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
});

export type ProjectionsConfig = Readonly<{
  port: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Read-model pool: 4 connections per projection unless set. */
  poolSize: number;
  /** Unset: the runner's default (30 days). */
  deadLetterRetentionDays?: number;
}>;

export class ProjectionsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectionsConfigError';
  }
}

/** Empty values count as unset, as a compose file's `${X:-}` leaves them. */
function withoutEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

export function projectionsConfigFromEnv(
  projectionCount: number,
  source: NodeJS.ProcessEnv = process.env,
): ProjectionsConfig {
  const parsed = envSchema.safeParse(withoutEmpty(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ProjectionsConfigError(`invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    poolSize: env.PROJECTIONS_POOL_SIZE ?? 4 * projectionCount,
    ...(env.PROJECTIONS_DEAD_LETTER_RETENTION_DAYS === undefined
      ? {}
      : { deadLetterRetentionDays: env.PROJECTIONS_DEAD_LETTER_RETENTION_DAYS }),
  };
}
