export type { Backoff } from './backoff';
export { backoffDelay, sleep, waitAtMost } from './backoff';
export { Batcher } from './batcher';
export { canonicalJson } from './canonical-json';
export { causedEventId } from './caused-event-id';
export type {
  CommandDecider,
  CommandMetadata,
  DecidedEvent,
  HandleCommandOptions,
  HandleCommandResult,
  HandledEvent,
} from './command-handler';
export { handleCommand, stampEvents } from './command-handler';
export type { ConfiguredEventStore, EventStoreEnv } from './config';
export { createEventStoreFromEnv, positiveInteger } from './config';
export {
  EventIdConflictError,
  InvalidEventError,
  LinkedAppendRefusedError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from './errors';
export { newEventId } from './event-id';
export type { EventStoreDbOptions } from './eventstoredb/esdb-store';
export { createEventStoreDbEventStore, EventStoreDbEventStore } from './eventstoredb/esdb-store';
export { checkExpectedRevision, NO_STREAM_REVISION } from './expected-revision';
export type { HashedEvent } from './hash';
export { computeEventHash } from './hash';
export type { MemoryStoreOptions } from './memory/memory-store';
export { createMemoryEventStore, MemoryEventStore } from './memory/memory-store';
export type { Migration, SchemaMigrations } from './migrations';
export { appliedMigrations, applyMigrations, checkMigrations } from './migrations';
export type {
  AllFilter,
  AppendResult,
  ChainedEvent,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredMetadata,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from './port';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './postgres/embedded';
export { ForeignEmbeddedPostgresError, startEmbeddedPostgres } from './postgres/embedded';
export { guardPoolClients } from './postgres/pool-guard';
export type { PostgresEventStoreOptions } from './postgres/postgres-store';
export { createPostgresEventStore, PostgresEventStore } from './postgres/postgres-store';
export { eventStoreMigrations, migrate as migrateEventStoreSchema } from './postgres/schema';
export type { StoredEvent, StoredLogReader, StoredPageSubscription } from './stored-log';
export { readsStoredLog } from './stored-log';
export type { Folded, StreamAccess, StreamDecision, StreamFold, StreamRead } from './stream-access';
export { aggregateStream } from './stream-access';
export { StreamQueue } from './stream-queue';
export type { StreamStateCacheOptions } from './stream-state-cache';
export { StreamStateCache } from './stream-state-cache';
export type { PageSubscription } from './subscription/catch-up';
export { isTransientError, untilReachable } from './transient';
export type { SchemaVersionOf, Upcaster } from './upcasting';
export { domainSchemaVersion, firstSchemaVersion, readAsStored, upcastToCurrent } from './upcasting';
export { validateEvents } from './validation';
export type {
  CommandPlan,
  PlanOutcome,
  Step,
  StepOptions,
  StepOutcome,
  StepRunOptions,
} from './workflow/plan';
export { runPlan, step } from './workflow/plan';
export { runWorkflow, workflowPlan } from './workflow/run-workflow';
