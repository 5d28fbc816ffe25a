// The public entry of @aftersales/ops. Explicit named exports only; types kept apart.

export type { OperatorActionRecorded, RecordActionInput } from './audit/operator-action';
export { auditStreamFor, OPS_AUDIT_PREFIX, recordOperatorAction } from './audit/operator-action';
export type { OpsErrorKind } from './errors';
export { exitCodeOf, httpStatusOf, OpsError } from './errors';
export type { ErasureOutcome, PersonalDataEraser } from './privacy/erasers';
export { columnEraser, PersonalDataErasers } from './privacy/erasers';
export type { ForgetDeps, ForgetResult } from './privacy/forget';
export { forgetCustomer } from './privacy/forget';
export type { CustomerKeyStore, KeyState } from './privacy/key-store';
export { InMemoryKeyStore, KEY_TABLE_DDL, PostgresKeyStore } from './privacy/key-store';
export type { FieldPath, PersonalFieldRule } from './privacy/personal-fields';
export { FORGOTTEN_MARKER, personalFieldRules, UNREADABLE_MARKER } from './privacy/personal-fields';
export { ShreddingEventStore } from './privacy/shredding-store';
