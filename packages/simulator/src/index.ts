// The public entry of @aftersales/simulator. Explicit named exports only; types kept apart.

export type { PlanOptions } from './plan/plan';
export { countPlan, planSimulation } from './plan/plan';
export type { PlannedCommand, SimCommand, SimulationPlan } from './plan/types';
export type { ApiCall } from './run/api-requests';
export { apiCallFor } from './run/api-requests';
export type { CommandOutcome, Surprise } from './run/outcome';
export type { SimulateOptions, SimulationSummary } from './simulate';
export { DEFAULT_SEED, DEFAULT_UNTIL, simulate } from './simulate';
