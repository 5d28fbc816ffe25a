import type { EventStore } from '@aftersales/event-store';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Backoff } from './backoff';
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
  const { projections, ...rest } = options;
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
  return {
    async stop() {
      await Promise.all(runners.map((runner) => runner.stop()));
      options.pool.off('error', onPoolError);
    },
    status: () => runners.map((runner) => runner.status()),
  };
}
