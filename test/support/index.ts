export type { TestDatabase } from './pg';
export { createTestDatabase, uniqueId } from './pg';
export type { PlanNode } from './plans';
export { planNodes, preparedPlan, scansOf } from './plans';
export { freePort } from './ports';
