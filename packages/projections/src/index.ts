// The public entry of @aftersales/projections. Explicit named exports only; types kept apart.

export {
  CUSTOMER_LOOKUP_SCHEMA,
  customerLookupProjection,
  normaliseTrackingNumber,
} from './desk/customer-lookup';
export {
  casesProjection,
  customerTimelineProjection,
  opsProjections,
  orderStatusProjection,
} from './operational';
export type { LoyaltyProjectionOptions } from './read-models';
export {
  allReadModels,
  createLoyaltyProjection,
  loyaltyProjection,
  retentionProjection,
  supportProjection,
} from './read-models';
/** A small fixed support history (tests and demos), decided by the domain's case decider. */
export { supportScenario } from './read-models/support/scenario';
export { runRebuildCli } from './rebuild-cli';
export { allProjections, projectionNamed } from './registry';
export type { Backoff } from './runner/backoff';
export type { AdvisoryLockRestriction, BiRoleOptions } from './runner/bi-role';
export { BiRoleRefusedError, createBiRole, restrictAdvisoryLocks } from './runner/bi-role';
export {
  BOOKKEEPING_SCHEMA,
  ensureBookkeeping,
  projectionsMigrations,
  schemaFor,
} from './runner/bookkeeping';
export type { DeadLetter, RetryOutcome } from './runner/dead-letters';
export { listDeadLetters, purgeResolvedDeadLetters, retryDeadLetter } from './runner/dead-letters';
export { CheckpointConflictError, ProjectionStoppedError } from './runner/errors';
export { formatProgress, progressBar } from './runner/progress-bar';
export type { Projection } from './runner/projection';
export type { RebuildOptions, RebuildProgress, RebuildResult } from './runner/rebuild';
export { RebuildFailedError, rebuildProjection, rebuildProjections } from './runner/rebuild';
export type { RunnerOptions, RunnerStatus } from './runner/runner';
export { ProjectionRunner } from './runner/runner';
export type { ProjectionsHandle, StartProjectionsOptions } from './runner/start';
export { startProjections } from './runner/start';
export type { HealthOptions, ProjectionHealth, ProjectionStatus, RunnerState } from './runner/status';
export { judgeHealth, projectionHealth, readStatuses } from './runner/status';
