export type { TestDatabase } from './pg';
export { createTestDatabase, uniqueId } from './pg';
