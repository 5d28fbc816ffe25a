// The public entry of @aftersales/ops. Explicit named exports only; types kept apart.

export type { OperatorActionRecorded, RecordActionInput } from './audit/operator-action';
export { auditStreamFor, OPS_AUDIT_PREFIX, recordOperatorAction } from './audit/operator-action';
export type { ConnectOptions, OpsEnv, OpsRuntime } from './connect';
export { connectOps } from './connect';
export type { OpsErrorKind } from './errors';
export { exitCodeOf, httpStatusOf, OpsError } from './errors';
export type { OpsRoutesOptions } from './http/routes';
export { opsRoutes } from './http/routes';
export type { Caller, OpsDeps } from './ops';
export { Operations } from './ops';
export { defaultErasers, scrubPayload } from './privacy/default-erasers';
export type { ErasureContext, ErasureOutcome, PersonalDataEraser } from './privacy/erasers';
export { columnEraser, PersonalDataErasers } from './privacy/erasers';
export type { ForgetDeps, ForgetResult } from './privacy/forget';
export { forgetCustomer } from './privacy/forget';
export type { CustomerKeyStore, KeyState } from './privacy/key-store';
export { InMemoryKeyStore, KEY_TABLE_DDL, PostgresKeyStore } from './privacy/key-store';
export type { FieldPath, PersonalFieldRule } from './privacy/personal-fields';
export { FORGOTTEN_MARKER, personalFieldRules, UNREADABLE_MARKER } from './privacy/personal-fields';
export { ShreddingEventStore } from './privacy/shredding-store';
export { projectionOpsFrom } from './projections/delegate';
export type { ProjectionOps } from './projections/port';
export type { IntegrityIssue } from './verify/chain';
export type { VerifyReport } from './verify/verify';
export { verifyLog } from './verify/verify';
