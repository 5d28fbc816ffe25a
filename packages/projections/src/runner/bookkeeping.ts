import { applyMigrations, type SchemaMigrations } from '@aftersales/event-store';
import type { Pool, PoolClient } from 'pg';
import { REPORTING_CALENDAR_MIGRATION } from '../read-models/shared/reporting-calendar';
import type { Projection } from './projection';

/** Schema of the runner's own tables: checkpoints with status, dead letters, runner instances. */
export const BOOKKEEPING_SCHEMA = 'projections';

/** The schema a projection's tables live in, e.g. `rm_loyalty`. Stable: rebuilds swap into it. */
export function schemaFor(projection: Pick<Projection, 'name'>): string {
  return `rm_${projection.name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** Double-quotes an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// One row per projection: the checkpoint (moved only in the same transaction as the read-model
// change, guarded by its old value) plus what operators and BI need to judge freshness.
const DDL = `
CREATE SCHEMA IF NOT EXISTS projections;
COMMENT ON SCHEMA projections IS 'Bookkeeping of the projection runner: checkpoints, status, dead letters.';
CREATE TABLE IF NOT EXISTS projections.projection_status (
  name text PRIMARY KEY,
  version integer NOT NULL,
  schema_name text NOT NULL,
  position bigint,
  state text NOT NULL DEFAULT 'starting',
  last_error text,
  last_event_at timestamptz,
  last_processed_at timestamptz,
  position_changed_at timestamptz,
  head_position bigint,
  lag_events bigint NOT NULL DEFAULT 0,
  lag_seconds double precision NOT NULL DEFAULT 0,
  heartbeat_at timestamptz,
  rebuilt_at timestamptz
);
COMMENT ON TABLE projections.projection_status IS 'One row per projection: its checkpoint and freshness. BI tools read this to judge how current the read models are.';
COMMENT ON COLUMN projections.projection_status.name IS 'Projection name, e.g. loyalty.';
COMMENT ON COLUMN projections.projection_status.version IS 'Version of the projection code that built the tables; a new version triggers a rebuild.';
COMMENT ON COLUMN projections.projection_status.schema_name IS 'Schema holding the projection tables.';
COMMENT ON COLUMN projections.projection_status.position IS 'Checkpoint: global store position of the last event applied (NULL = none yet). Moved in the same transaction as the read-model change.';
COMMENT ON COLUMN projections.projection_status.state IS 'running, standby (no active runner holds the lock), retrying (outage, backing off), stopped (poison event with policy stop, or shut down).';
COMMENT ON COLUMN projections.projection_status.last_error IS 'Last error seen (message only, never payloads).';
COMMENT ON COLUMN projections.projection_status.last_event_at IS 'Store time (recordedAt) of the last applied event.';
COMMENT ON COLUMN projections.projection_status.last_processed_at IS 'When the last batch was committed.';
COMMENT ON COLUMN projections.projection_status.position_changed_at IS 'When the checkpoint last moved; with pending events this tells a stalled runner apart from an idle one.';
COMMENT ON COLUMN projections.projection_status.head_position IS 'Head position of the store when lag was last measured.';
COMMENT ON COLUMN projections.projection_status.lag_events IS 'Events after the checkpoint that match the projection filter, counted when lag was measured (capped at 10000: that value means at least). 0 when caught up.';
COMMENT ON COLUMN projections.projection_status.lag_seconds IS 'now minus recordedAt of the oldest unprocessed matching event when measured; 0 when caught up.';
COMMENT ON COLUMN projections.projection_status.heartbeat_at IS 'Last time the active runner measured lag; an old heartbeat means no runner is alive.';
COMMENT ON COLUMN projections.projection_status.rebuilt_at IS 'When the tables were last swapped in by a rebuild.';

CREATE TABLE IF NOT EXISTS projections.dead_letters (
  id bigserial PRIMARY KEY,
  projection text NOT NULL,
  position bigint NOT NULL,
  stream_id text NOT NULL,
  event_type text NOT NULL,
  event_id text NOT NULL,
  error text NOT NULL,
  payload jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  retry_count integer NOT NULL DEFAULT 0,
  resolved_at timestamptz,
  UNIQUE (projection, position)
);
COMMENT ON TABLE projections.dead_letters IS 'Events a projection could not apply (poison events), with the error; retried by operators.';
COMMENT ON COLUMN projections.dead_letters.projection IS 'Projection that failed.';
COMMENT ON COLUMN projections.dead_letters.position IS 'Global store position of the event.';
COMMENT ON COLUMN projections.dead_letters.stream_id IS 'Stream of the event.';
COMMENT ON COLUMN projections.dead_letters.event_type IS 'Event type.';
COMMENT ON COLUMN projections.dead_letters.event_id IS 'Event id (metadata.eventId).';
COMMENT ON COLUMN projections.dead_letters.error IS 'Error message of the failed apply.';
COMMENT ON COLUMN projections.dead_letters.payload IS 'The full recorded event (type, data, metadata, revision) as JSON.';
COMMENT ON COLUMN projections.dead_letters.recorded_at IS 'Store time of the event.';
COMMENT ON COLUMN projections.dead_letters.failed_at IS 'When the event was dead-lettered.';
COMMENT ON COLUMN projections.dead_letters.retry_count IS 'How often an operator retried it.';
COMMENT ON COLUMN projections.dead_letters.resolved_at IS 'When a retry succeeded (NULL while unresolved).';

CREATE TABLE IF NOT EXISTS projections.bi_roles (
  role_name text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE projections.bi_roles IS 'Read-only BI roles (pnpm ops bi-role create). Read-model schemas give them SELECT by default privileges; whatever is missing is granted when a runner starts.';
COMMENT ON COLUMN projections.bi_roles.role_name IS 'Postgres role name.';
COMMENT ON COLUMN projections.bi_roles.created_at IS 'When the role was registered.';

CREATE TABLE IF NOT EXISTS projections.leases (
  name text PRIMARY KEY,
  owner text NOT NULL,
  holder_pid integer NOT NULL,
  holder_started_at timestamptz,
  acquired_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
COMMENT ON TABLE projections.leases IS 'Who is the active runner (projection:<name>) or rebuild (rebuild:<name>) of each projection. Written by the service role only; no BI role has any privilege on it.';
COMMENT ON COLUMN projections.leases.name IS 'What the lease is for, e.g. projection:loyalty.';
COMMENT ON COLUMN projections.leases.owner IS 'Runner instance holding it: host:pid:uuid.';
COMMENT ON COLUMN projections.leases.holder_pid IS 'Backend pid of the connection that holds and renews it; a standby takes over once that backend is gone.';
COMMENT ON COLUMN projections.leases.holder_started_at IS 'backend_start of that connection (tells a reused pid apart).';
COMMENT ON COLUMN projections.leases.acquired_at IS 'When the owner took it.';
COMMENT ON COLUMN projections.leases.expires_at IS 'Held until then unless renewed; afterwards any runner may take it.';

CREATE SCHEMA IF NOT EXISTS bi;
COMMENT ON SCHEMA bi IS 'Friendly views over the read models, for BI tools.';
-- Created once, never replaced: replacing a view waits for every open transaction that read it,
-- and a BI session idle in one must not hold a runner's start.
DO $freshness$
BEGIN
  IF to_regclass('bi.freshness') IS NULL THEN
    CREATE VIEW bi.freshness AS
    SELECT s.name AS projection, s.position, s.heartbeat_at, s.lag_events, s.lag_seconds,
           pg_is_in_recovery() AS on_replica,
           CASE WHEN pg_is_in_recovery() THEN pg_last_xact_replay_timestamp() END AS replayed_at,
           CASE WHEN pg_is_in_recovery() THEN now() - pg_last_xact_replay_timestamp() END AS replay_lag,
           now() - s.heartbeat_at AS age
      FROM projections.projection_status s;
    COMMENT ON VIEW bi.freshness IS 'How current the read models are where this is read: per projection its checkpoint and lag behind the log, the age of its last heartbeat, and on a streaming replica the time since the last replayed commit (replay_lag; the runners write heartbeats every few seconds, so it stays small while the replica keeps up).';
    COMMENT ON COLUMN bi.freshness.projection IS 'Projection name.';
    COMMENT ON COLUMN bi.freshness.position IS 'Its checkpoint (global store position of the last event applied).';
    COMMENT ON COLUMN bi.freshness.heartbeat_at IS 'Last time its active runner measured lag.';
    COMMENT ON COLUMN bi.freshness.lag_events IS 'Matching events after the checkpoint when last measured (0: caught up).';
    COMMENT ON COLUMN bi.freshness.lag_seconds IS 'Age of the oldest unprocessed matching event when last measured.';
    COMMENT ON COLUMN bi.freshness.on_replica IS 'True when read on a streaming replica.';
    COMMENT ON COLUMN bi.freshness.replayed_at IS 'On a replica: commit time of the last transaction replayed from the primary.';
    COMMENT ON COLUMN bi.freshness.replay_lag IS 'On a replica: now minus replayed_at, how far behind the primary it may be.';
    COMMENT ON COLUMN bi.freshness.age IS 'now minus heartbeat_at: how old what is read here is, replay included.';
  END IF;
END
$freshness$;
`;

// The table whose rows serialize the services' own critical sections (grants, rebuild swaps).
const SERVICE_LOCKS = `
CREATE TABLE IF NOT EXISTS projections.service_locks (name text PRIMARY KEY);
COMMENT ON TABLE projections.service_locks IS 'One row per critical section of the projections service (bookkeeping DDL, grants); a transaction takes its row FOR UPDATE. Only the service role has privileges on it.';
INSERT INTO projections.service_locks (name) VALUES ('bookkeeping'), ('grants') ON CONFLICT DO NOTHING;
`;

/**
 * The runner's bookkeeping tables, recorded in `projections.migrations`. To change a table:
 * append an entry with the next version. Version 1 is the schema as it was created before
 * migrations were versioned, written so that it also adopts such a database. The read models'
 * own tables are not migrated: a projection's `version` rebuilds them from the log.
 */
export const projectionsMigrations: SchemaMigrations = {
  schema: BOOKKEEPING_SCHEMA,
  migrations: [
    {
      version: 1,
      name: 'bookkeeping: status, dead letters, BI roles, leases, service locks (adopts a database created before versioned migrations)',
      sql: `${SERVICE_LOCKS}\n${DDL}`,
    },
    {
      version: 2,
      name: 'bi: the reporting calendar (zone and gregorian or persian) and the period functions every period view groups by',
      sql: REPORTING_CALENDAR_MIGRATION,
    },
  ],
};

export type ServiceLock = 'bookkeeping' | 'grants';

/**
 * Serializes a critical section of the service for the rest of the transaction. A row lock in a
 * table only the service role may touch, not an advisory lock: any role that can connect could
 * take an advisory lock and hold the section up for good.
 */
export async function takeServiceLock(client: PoolClient, name: ServiceLock): Promise<void> {
  await client.query('SELECT 1 FROM projections.service_locks WHERE name = $1 FOR UPDATE', [name]);
}

/** Migrates the bookkeeping tables (safe from any number of processes at once). */
export async function ensureBookkeeping(pool: Pool): Promise<void> {
  await applyMigrations(pool, projectionsMigrations);
}

export type CheckpointRow = Readonly<{
  position: bigint | null;
  version: number;
  schemaName: string;
  state: string;
  lastError: string | null;
}>;

/** Creates the projection's status row if missing and returns it. */
export async function ensureStatusRow(
  client: Pool | PoolClient,
  projection: Projection,
): Promise<CheckpointRow> {
  await client.query(
    `INSERT INTO projections.projection_status (name, version, schema_name, position)
     VALUES ($1, $2, $3, NULL) ON CONFLICT (name) DO NOTHING`,
    [projection.name, projection.version, schemaFor(projection)],
  );
  const row = await readCheckpoint(client, projection.name);
  if (!row) throw new Error(`status row of ${projection.name} vanished`);
  return row;
}

export async function readCheckpoint(
  client: Pool | PoolClient,
  name: string,
): Promise<CheckpointRow | undefined> {
  const { rows } = await client.query(
    `SELECT position::text AS position, version, schema_name, state, last_error
       FROM projections.projection_status WHERE name = $1`,
    [name],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    position: row.position === null ? null : BigInt(row.position),
    version: row.version,
    schemaName: row.schema_name,
    state: row.state,
    lastError: row.last_error,
  };
}

/** Runs the projection's setup and views in `schema`, in one transaction. */
export async function setupSchema(client: PoolClient, projection: Projection, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
  await projection.setup(client, schema);
}

export async function createViews(client: PoolClient, projection: Projection, schema: string): Promise<void> {
  for (const sql of projection.views?.(schema) ?? []) await client.query(sql);
}
