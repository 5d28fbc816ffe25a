import { applyMigrations, type SchemaMigrations } from '@aftersales/event-store';
import type pg from 'pg';

/** The keys table: only the SHA-256 of a key is stored. */
export const API_KEYS_DDL = `CREATE TABLE IF NOT EXISTS api_keys (
  name text PRIMARY KEY,
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
)`;

/** Every verify's heads of the intact streams (see `verify/anchors.ts`). */
export const ANCHORS_DDL = `
CREATE SCHEMA IF NOT EXISTS ops;
CREATE TABLE IF NOT EXISTS ops.verify_anchors (
  stream_id   text PRIMARY KEY,
  revision    bigint NOT NULL,
  hash        text NOT NULL,
  anchored_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * The ops package's tables: the API keys (in `public`, from before versioned migrations) and the
 * verify anchors (`ops.verify_anchors`). Versions applied are recorded in `ops.migrations`.
 *
 * To change a table: append an entry with the next version. Version 1 is the schema as it was
 * created before migrations were versioned, written so that it also adopts such a database.
 */
export const opsMigrations: SchemaMigrations = {
  schema: 'ops',
  migrations: [
    {
      version: 1,
      name: 'api keys and verify anchors (adopts a database created before versioned migrations)',
      sql: [API_KEYS_DDL, ANCHORS_DDL].join(';\n'),
    },
  ],
};

export function migrateOpsSchema(pool: pg.Pool): Promise<number[]> {
  return applyMigrations(pool, opsMigrations);
}
