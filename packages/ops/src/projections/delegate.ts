import { randomBytes } from 'node:crypto';
import {
  allProjections,
  BiRoleRefusedError,
  createBiRole,
  ensureBookkeeping,
  judgeHealth,
  listDeadLetters,
  projectionNamed,
  readStatuses,
  rebuildProjections,
  restrictAdvisoryLocks,
  retryDeadLetter,
} from '@aftersales/projections';
import pino from 'pino';
import { badInput, notFound } from '../errors';
import type { OpsDeps } from '../ops';
import type { BiRoleRequest, BiRoleResult, ProjectionOps } from './port';

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
    createBiRole: (request) => biRole(deps.pool, request),
  };
}

async function biRole(pool: OpsDeps['pool'], request: BiRoleRequest): Promise<BiRoleResult> {
  const existing = await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [request.name]);
  const generate = request.password === undefined && (request.newPassword || !existing.rowCount);
  const password = generate ? randomBytes(24).toString('base64url') : request.password;
  let created: boolean;
  try {
    ({ created } = await createBiRole(pool, request.name, {
      ...(password === undefined ? {} : { password }),
      ...(request.connectionLimit === undefined ? {} : { connectionLimit: request.connectionLimit }),
    }));
  } catch (err) {
    if (err instanceof BiRoleRefusedError) throw badInput(err.code, err.message, { role: request.name });
    throw err;
  }
  const advisoryLocks = request.restrictAdvisoryLocks
    ? await restrictAdvisoryLocks(pool, request.serviceRoles)
    : { restricted: false, grantedTo: [], reason: 'kept open (--keep-advisory-locks)' };
  return {
    role: request.name,
    created,
    passwordSource: generate ? 'generated' : password === undefined ? 'unchanged' : 'set',
    ...(generate && password ? { password } : {}),
    advisoryLocks,
  };
}
