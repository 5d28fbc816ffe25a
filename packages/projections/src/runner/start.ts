import type { EventStore } from '@aftersales/event-store';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Backoff } from './backoff';
import { purgeResolvedDeadLetters } from './dead-letters';
import type { Projection } from './projection';
import { ProjectionRunner, type RunnerStatus } from './runner';

export type StartProjectionsOptions = Readonly<{
  store: EventStore;
  pool: Pool;
  log: Logger;
  projections: readonly Projection[];
  batchSize?: number;
  batchWindowMs?: number;
  pollMs?: number;
  lagIntervalMs?: number;
  backoff?: Backoff;
  /**
   * Resolved dead letters are removed this many days after they were resolved, checked hourly
   * (default 30, `PROJECTIONS_DEAD_LETTER_RETENTION_DAYS`); `false`: never here.
   */
  deadLetterRetentionDays?: number | false;
}>;

export type ProjectionsHandle = Readonly<{
  /** Stops every runner; their locks are released so standbys elsewhere take over. */
  stop(): Promise<void>;
  /** This process's view: running, standby (another process is active), retrying or stopped. */
  status(): readonly RunnerStatus[];
}>;

/**
 * Starts one runner per projection. Each competes for its projection's advisory lock, so
 * starting the same set in several processes gives one active runner and hot standbys.
 */
export function startProjections(options: StartProjectionsOptions): ProjectionsHandle {
  const { projections, deadLetterRetentionDays, ...rest } = options;
  const names = new Set<string>();
  for (const projection of projections) {
    if (names.has(projection.name)) throw new Error(`projection ${projection.name} is registered twice`);
    names.add(projection.name);
  }
  // A pooled connection killed by the server emits 'error' on the pool; without a listener
  // that would end the process — the runners recover from it on their own.
  const onPoolError = (err: Error) => options.log.warn({ err }, 'idle projection connection lost');
  options.pool.on('error', onPoolError);
  const runners = projections.map((projection) => new ProjectionRunner({ ...rest, projection }).start());
  let purgeTimer: NodeJS.Timeout | undefined;
  if (deadLetterRetentionDays !== false) {
    const days = deadLetterRetentionDays ?? 30;
    const purge = () =>
      purgeResolvedDeadLetters(options.pool, days)
        .then((removed) => {
          if (removed > 0) options.log.info({ removed, days }, 'resolved dead letters purged');
        })
        .catch((err: unknown) =>
          options.log.warn({ err }, 'dead-letter purge failed; trying again in an hour'),
        );
    purgeTimer = setInterval(purge, 3_600_000);
    purgeTimer.unref();
    void purge();
  }
  return {
    async stop() {
      if (purgeTimer) clearInterval(purgeTimer);
      await Promise.all(runners.map((runner) => runner.stop()));
      options.pool.off('error', onPoolError);
    },
    status: () => runners.map((runner) => runner.status()),
  };
}
