// The public entry of @aftersales/command-api: the HTTP adapter. Explicit named exports only.

export { apiMigrations, migrateApiSchema } from './db/schema';
export type { StartWorkers } from './start';
export { startCommandApi } from './start';
