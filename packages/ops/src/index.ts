// The public entry of @aftersales/ops. Explicit named exports only; types kept apart.

export type { OperatorActionRecorded, RecordActionInput } from './audit/operator-action';
export { auditStreamFor, OPS_AUDIT_PREFIX, recordOperatorAction } from './audit/operator-action';
export type { ConnectOptions, OpsEnv, OpsRuntime } from './connect';
export { connectOps, verifyAnchorsFromEnv } from './connect';
export type { OpsErrorKind } from './errors';
export { exitCodeOf, httpStatusOf, OpsError } from './errors';
export type { OpsRoutesOptions } from './http/routes';
export { opsRoutes } from './http/routes';
export type { ApiKeyIdentity, ApiKeyInfo, Scope } from './keys/api-keys';
export {
  API_KEYS_DDL,
  ApiKeyRepository,
  generateApiKey,
  hashApiKey,
  isScope,
  SCOPES,
} from './keys/api-keys';
export type { Caller, OpsDeps } from './ops';
export { Operations } from './ops';
export type { LivePolicyOptions, PolicyView } from './policy/policy-log';
export { LivePolicy, policyChanges } from './policy/policy-log';
export { defaultErasers, scrubPayload } from './privacy/default-erasers';
export type { ErasureContext, ErasureOutcome, PersonalDataEraser } from './privacy/erasers';
export { columnEraser, PersonalDataErasers } from './privacy/erasers';
export type { ForgetDeps, ForgetResult } from './privacy/forget';
export { forgetCustomer } from './privacy/forget';
export { projectionOpsFrom } from './projections/delegate';
export type { ProjectionOps } from './projections/port';
export { migrateOpsSchema, opsMigrations } from './schema';
export type { IntegrityIssue } from './verify/chain';
export type { ExternalAnchors, ExternalHead } from './verify/external';
export type { VerifyReport } from './verify/verify';
export { verifyLog } from './verify/verify';
