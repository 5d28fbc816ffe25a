import {
  allProjections,
  ensureBookkeeping,
  judgeHealth,
  listDeadLetters,
  projectionNamed,
  readStatuses,
  rebuildProjections,
  retryDeadLetter,
} from '@aftersales/projections';
import pino from 'pino';
import { notFound } from '../errors';
import type { OpsDeps } from '../ops';
import type { ProjectionOps } from './port';

/**
 * Fills `ProjectionOps` from `@aftersales/projections`: rebuild (into staging tables, then an
 * atomic swap), lag and health from the status table, dead letters. The projections read the
 * log through the same shredding store the live runners use.
 */
export function projectionOpsFrom(deps: Omit<OpsDeps, 'projections'>): ProjectionOps {
  // Operator commands keep stdout for results; the package's logs go to stderr, warnings only.
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const named = (name: string) => {
    const projection = projectionNamed(name);
    if (!projection) throw notFound('unknown-projection', `no projection "${name}"`, { projection: name });
    return projection;
  };
  return {
    names: () => allProjections.map((projection) => projection.name),
    rebuild: (names, onProgress) =>
      rebuildProjections({
        store: deps.store,
        pool: deps.pool,
        projections: names.map(named),
        log,
        ...(onProgress
          ? { onProgress: (progress) => onProgress({ done: progress.done, total: progress.total }) }
          : {}),
      }),
    lag: async () => {
      // A fresh database has no status table until a runner starts; create it (idempotent).
      await ensureBookkeeping(deps.pool);
      const statuses = await readStatuses(deps.pool);
      return { statuses, health: judgeHealth(statuses) };
    },
    listDeadLetters: async (projection) => {
      await ensureBookkeeping(deps.pool);
      return listDeadLetters(deps.pool, projection);
    },
    retryDeadLetter: async (projection, id) => {
      await ensureBookkeeping(deps.pool);
      const letters = await listDeadLetters(deps.pool, projection, { includeResolved: true });
      if (!letters.some((letter) => letter.id === id)) {
        throw notFound('unknown-dead-letter', `no dead letter ${id} for projection ${projection}`, {
          projection,
          id,
        });
      }
      return retryDeadLetter(deps.pool, named(projection), id);
    },
  };
}
