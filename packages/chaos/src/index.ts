// The public entry of @aftersales/chaos: the pieces of the fault harness, for tests and scripts.

export { canonical } from './check/answers';
export type { EventFindings } from './check/events';
export { listedEventIds, reconcileEvents } from './check/events';
export type { FaultKind, FaultPlan } from './faults';
export { FAULT_KINDS, faultName } from './faults';
export type { Options, Profile } from './options';
export { parseOptions, planFaults, profiles } from './options';
export type { FaultRow, RunCheck } from './report';
export { formatTable } from './report';
