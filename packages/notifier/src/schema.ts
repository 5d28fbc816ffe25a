import { applyMigrations, type SchemaMigrations } from '@aftersales/event-store';
import type pg from 'pg';

/**
 * The notifier's own tables in the `notifier` schema. BI reads `notifier.decisions`; the rest is
 * the notifier's working state. Migrated at start (see `notifierMigrations`).
 */
const statements = [
  'CREATE SCHEMA IF NOT EXISTS notifier',
  `CREATE TABLE IF NOT EXISTS notifier.relay_checkpoints (
     relay text PRIMARY KEY,
     position bigint NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now())`,
  // Per-event dedupe on the consumer side: holds beyond JetStream's duplicate window.
  `CREATE TABLE IF NOT EXISTS notifier.processed_events (
     event_id text PRIMARY KEY,
     event_type text NOT NULL,
     position bigint NOT NULL,
     processed_at timestamptz NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS notifier.customers (
     customer_id text PRIMARY KEY,
     name text,
     email text,
     phone text,
     language text NOT NULL,
     timezone text NOT NULL,
     consents jsonb NOT NULL,
     forgotten boolean NOT NULL DEFAULT false,
     updated_at timestamptz NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS notifier.orders (
     order_id text PRIMARY KEY,
     customer_id text NOT NULL,
     currency text NOT NULL,
     lines jsonb NOT NULL,
     status text NOT NULL,
     estimated_delivery_at timestamptz,
     delivered_at timestamptz)`,
  // One row per loyalty lot, net of what was reversed or redeemed from it.
  `CREATE TABLE IF NOT EXISTS notifier.loyalty_lots (
     lot_id text PRIMARY KEY,
     customer_id text NOT NULL,
     points integer NOT NULL,
     remaining integer NOT NULL,
     expires_at timestamptz NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS notifier.schedule (
     id bigserial PRIMARY KEY,
     rule text NOT NULL,
     subject_key text NOT NULL,
     audience text NOT NULL CHECK (audience IN ('customer', 'support')),
     class text NOT NULL CHECK (class IN ('transactional', 'marketing')),
     customer_id text NOT NULL,
     cancel_key text,
     due_at timestamptz NOT NULL,
     status text NOT NULL CHECK (status IN ('pending', 'sent', 'suppressed', 'cancelled')),
     vars jsonb NOT NULL,
     trigger_event_id text NOT NULL,
     attempts integer NOT NULL DEFAULT 0,
     last_error text,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL,
     UNIQUE (rule, subject_key))`,
  // The log position of the event that planned the row: a cancel applies only to rows planned
  // before it, so an event replayed after its own plan never cancels that plan.
  'ALTER TABLE notifier.schedule ADD COLUMN IF NOT EXISTS trigger_position bigint',
  // The last revision applied per stream: events of a stream are applied in log order whatever
  // order the bus brings them in (a gap is filled from the store first).
  `CREATE TABLE IF NOT EXISTS notifier.stream_revisions (
     stream_id text PRIMARY KEY,
     revision bigint NOT NULL)`,
  // Every cancel, with the position of the event that made it: a plan whose trigger comes
  // earlier in the log but reaches the notifier later (another stream, another lane) is stored
  // as cancelled rather than sent against the final history.
  `CREATE TABLE IF NOT EXISTS notifier.cancellations (
     rule text NOT NULL,
     cancel_key text NOT NULL,
     position bigint NOT NULL,
     reason text NOT NULL,
     PRIMARY KEY (rule, cancel_key, position))`,
  `CREATE INDEX IF NOT EXISTS schedule_due_idx ON notifier.schedule (due_at) WHERE status = 'pending'`,
  `CREATE INDEX IF NOT EXISTS schedule_cancel_idx ON notifier.schedule (rule, cancel_key) WHERE status = 'pending'`,
  // The sent-ledger: a message is sent at most once per rule and subject, whatever replays.
  `CREATE TABLE IF NOT EXISTS notifier.sent_ledger (
     rule text NOT NULL,
     subject_key text NOT NULL,
     customer_id text NOT NULL,
     class text NOT NULL,
     channel text NOT NULL,
     sent_at timestamptz NOT NULL,
     PRIMARY KEY (rule, subject_key))`,
  'CREATE INDEX IF NOT EXISTS sent_ledger_customer_idx ON notifier.sent_ledger (customer_id, sent_at)',
  `CREATE TABLE IF NOT EXISTS notifier.decisions (
     id bigserial PRIMARY KEY,
     decision text NOT NULL CHECK (decision IN ('sent', 'deferred', 'suppressed')),
     reason text NOT NULL,
     rule text NOT NULL,
     customer_id text NOT NULL,
     subject_key text NOT NULL,
     channel text,
     at timestamptz NOT NULL,
     trigger_event_id text NOT NULL,
     deferred_until timestamptz)`,
  'CREATE INDEX IF NOT EXISTS decisions_customer_idx ON notifier.decisions (customer_id, at)',
  'CREATE INDEX IF NOT EXISTS decisions_rule_idx ON notifier.decisions (rule, at)',
  // A plan made again (a replay with the schedule emptied) takes the decision already taken.
  'CREATE INDEX IF NOT EXISTS decisions_subject_idx ON notifier.decisions (rule, subject_key, id)',
  `CREATE TABLE IF NOT EXISTS notifier.dead_letters (
     id bigserial PRIMARY KEY,
     event_id text,
     event_type text,
     subject text NOT NULL,
     payload text NOT NULL,
     error text NOT NULL,
     deliveries integer NOT NULL,
     at timestamptz NOT NULL)`,
  // An operator's retry (`pnpm ops dead-letters retry notifier <id>`) resolves a dead letter.
  'ALTER TABLE notifier.dead_letters ADD COLUMN IF NOT EXISTS retry_count integer NOT NULL DEFAULT 0',
  'ALTER TABLE notifier.dead_letters ADD COLUMN IF NOT EXISTS resolved_at timestamptz',
];

/**
 * The notifier's migrations, recorded in `notifier.migrations`. To change a table: append an
 * entry with the next version. Version 1 is the schema as it was created before migrations were
 * versioned, written so that it also adopts such a database.
 */
export const notifierMigrations: SchemaMigrations = {
  schema: 'notifier',
  migrations: [
    {
      version: 1,
      name: 'notifier tables (adopts a database created before versioned migrations)',
      sql: statements.join(';\n'),
    },
    {
      version: 2,
      name: 'the policy version that planned a message and decided it',
      sql: `ALTER TABLE notifier.schedule ADD COLUMN IF NOT EXISTS policy_version integer;
            ALTER TABLE notifier.decisions ADD COLUMN IF NOT EXISTS policy_version integer;
            COMMENT ON COLUMN notifier.decisions.policy_version IS
              'The policy version in force at the trigger (0: the defaults; NULL: decided before versions were recorded).'`,
    },
    {
      version: 3,
      name: 'indexes for the retention purge (src/retention.ts)',
      sql: `CREATE INDEX IF NOT EXISTS processed_events_at_idx ON notifier.processed_events (processed_at);
            CREATE INDEX IF NOT EXISTS decisions_at_idx ON notifier.decisions (at);
            CREATE INDEX IF NOT EXISTS dead_letters_resolved_idx ON notifier.dead_letters (resolved_at)
              WHERE resolved_at IS NOT NULL`,
    },
    {
      version: 4,
      name: "the consumer's own failures per event, kept across restarts",
      sql: `CREATE TABLE IF NOT EXISTS notifier.event_failures (
              event_id text PRIMARY KEY,
              failures integer NOT NULL,
              last_error text NOT NULL,
              at timestamptz NOT NULL);
            COMMENT ON TABLE notifier.event_failures IS
              'Events that failed by their own fault (not an outage) and are not yet applied or dead-lettered: what max deliver counts.'`,
    },
  ],
};

export async function ensureNotifierSchema(pool: pg.Pool): Promise<void> {
  await applyMigrations(pool, notifierMigrations);
}
