import type { OpsDeps } from '../ops';
import type { ProjectionOps } from './port';

/**
 * Fills `ProjectionOps` from `@aftersales/projections` (rebuildProjection, readStatuses,
 * listDeadLetters, retryDeadLetter). Until that package exports them, nothing is filled and the
 * projection commands answer "not available yet" with a non-zero exit.
 */
export function projectionOpsFrom(_deps: Omit<OpsDeps, 'projections'>): ProjectionOps | undefined {
  return undefined;
}
