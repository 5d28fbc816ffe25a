import { applyMigrations, type SchemaMigrations } from '@aftersales/event-store';
import { migrateOpsSchema } from '@aftersales/ops';
import type pg from 'pg';
import { RATE_LIMIT_DDL } from '../http/rate-limit-store';
import { EXCHANGE_FUNCTION, EXCHANGE_FUNCTION_BEFORE_OWNER } from '../idempotency/exchange-sql';
import { OWNERS_DDL } from '../idempotency/owner-lease';

/**
 * The command API's own tables: idempotency records and the registry of their owners. They live
 * in `public` (from before versioned migrations); the versions applied are recorded in
 * `api.migrations`. The API keys table is the ops package's (`migrateOpsSchema`).
 *
 * To change a table: append an entry with the next version. Version 1 is the schema as it was
 * created before migrations were versioned, written so that it also adopts such a database.
 */
export const apiMigrations: SchemaMigrations = {
  schema: 'api',
  migrations: [
    {
      version: 1,
      name: 'idempotency records and owners (adopts a database created before versioned migrations)',
      sql: [
        `CREATE TABLE IF NOT EXISTS idempotency_records (
           key_name text NOT NULL,
           idempotency_key text NOT NULL,
           request_hash text NOT NULL,
           status_code integer NOT NULL,
           response_headers jsonb NOT NULL,
           response_body text NOT NULL,
           created_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (key_name, idempotency_key)
         )`,
        'CREATE INDEX IF NOT EXISTS idempotency_records_created_at ON idempotency_records (created_at)',
        // The lease of the process that claimed a key (see `owner-lease.ts`).
        'ALTER TABLE idempotency_records ADD COLUMN IF NOT EXISTS owner integer',
        OWNERS_DDL,
        EXCHANGE_FUNCTION_BEFORE_OWNER,
        EXCHANGE_FUNCTION,
      ].join(';\n'),
    },
    {
      version: 2,
      name: "the per-key rate limit's counters, shared by the replicas (see rate-limit-store.ts)",
      sql: RATE_LIMIT_DDL,
    },
  ],
};

/** Migrates the tables the API uses: the ops schema (API keys) first, then its own. */
export async function migrateApiSchema(pool: pg.Pool): Promise<void> {
  await migrateOpsSchema(pool);
  await applyMigrations(pool, apiMigrations);
}
