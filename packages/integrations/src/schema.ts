import { applyMigrations, type SchemaMigrations } from '@aftersales/event-store';
import type pg from 'pg';

/** The integrations' own tables in the `integrations` schema (version 1 of its migrations). */
const statements = [
  `CREATE TABLE IF NOT EXISTS integrations.publisher_checkpoints (
     publisher text PRIMARY KEY,
     position bigint NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now())`,
  // One row per webhook subscription. `position`: every event of the log up to it is delivered
  // (or dead-lettered); the next delivery is the first wanted event after it.
  `CREATE TABLE IF NOT EXISTS integrations.webhook_subscriptions (
     id text PRIMARY KEY,
     url text NOT NULL,
     event_types text[] NOT NULL,
     secret text NOT NULL,
     description text,
     position bigint NOT NULL,
     created_by text NOT NULL,
     created_at timestamptz NOT NULL,
     deleted_at timestamptz,
     -- Bumped by a replay: a delivery begun before it cannot move the position afterwards.
     generation integer NOT NULL DEFAULT 0,
     -- The event being retried (deliveries are one at a time, in log order): since when it
     -- fails, how often, and when the next attempt is due.
     head_event_id text,
     head_attempts integer NOT NULL DEFAULT 0,
     head_failing_since timestamptz,
     next_attempt_at timestamptz)`,
  // Every attempt, successful or not: the delivery log of a subscription.
  `CREATE TABLE IF NOT EXISTS integrations.webhook_attempts (
     id bigserial PRIMARY KEY,
     subscription_id text NOT NULL,
     event_id text NOT NULL,
     event_type text NOT NULL,
     position bigint NOT NULL,
     attempt integer NOT NULL,
     outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'dead-lettered')),
     status integer,
     error text,
     duration_ms integer NOT NULL,
     at timestamptz NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS webhook_attempts_subscription_idx ON integrations.webhook_attempts (subscription_id, id)',
  // Events a subscriber did not accept within the retry period; an operator redelivers them.
  `CREATE TABLE IF NOT EXISTS integrations.webhook_dead_letters (
     id bigserial PRIMARY KEY,
     subscription_id text NOT NULL,
     event_id text NOT NULL,
     event_type text NOT NULL,
     subject text NOT NULL,
     position bigint NOT NULL,
     attempts integer NOT NULL,
     error text NOT NULL,
     failed_at timestamptz NOT NULL,
     retry_count integer NOT NULL DEFAULT 0,
     resolved_at timestamptz,
     UNIQUE (subscription_id, event_id, event_type))`,
];

/**
 * The integrations' migrations, recorded in `integrations.migrations`. To change a table: append
 * an entry with the next version (docs/migrations.md).
 */
export const integrationsMigrations: SchemaMigrations = {
  schema: 'integrations',
  migrations: [
    { version: 1, name: 'publisher checkpoints and webhook tables', sql: statements.join(';\n') },
    {
      version: 2,
      name: 'webhook secret rotation and subscriptions disabled by their receiver',
      // `previous_secret` signs beside `secret` until `previous_secret_until` (a rotation's
      // overlap); `disabled_at`: the receiver answered 410 Gone, nothing is sent until re-enabled.
      sql: `ALTER TABLE integrations.webhook_subscriptions
              ADD COLUMN IF NOT EXISTS previous_secret text,
              ADD COLUMN IF NOT EXISTS previous_secret_until timestamptz,
              ADD COLUMN IF NOT EXISTS secret_rotated_at timestamptz,
              ADD COLUMN IF NOT EXISTS disabled_at timestamptz,
              ADD COLUMN IF NOT EXISTS disabled_reason text`,
    },
  ],
};

export async function ensureIntegrationsSchema(pool: pg.Pool): Promise<void> {
  await applyMigrations(pool, integrationsMigrations);
}
