import { API_KEYS_DDL } from '@aftersales/ops';
import type pg from 'pg';
import { EXCHANGE_FUNCTION, EXCHANGE_FUNCTION_BEFORE_OWNER } from '../idempotency/exchange-sql';
import { OWNERS_DDL } from '../idempotency/owner-lease';

/**
 * The command API's own tables: API keys (only the SHA-256 of a key is stored) and idempotency
 * records. Created if missing; an advisory lock keeps replicas starting together from racing.
 */
const statements = [
  API_KEYS_DDL,
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
];

const MIGRATION_LOCK = 7_302_001;

export async function migrateApiSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
