import type { Pool, PoolClient } from 'pg';
import type { Projection } from './projection';
import { inTransaction } from './transaction';

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
`;

// The table whose rows serialize the services' own critical sections (DDL, grants). Created on
// its own first: the DDL above runs under one of its rows. Concurrent first starts may race on
// the CREATE (a unique violation in the catalog), which a retry settles.
const SERVICE_LOCKS = `
CREATE SCHEMA IF NOT EXISTS projections;
CREATE TABLE IF NOT EXISTS projections.service_locks (name text PRIMARY KEY);
COMMENT ON TABLE projections.service_locks IS 'One row per critical section of the projections service (bookkeeping DDL, grants); a transaction takes its row FOR UPDATE. Only the service role has privileges on it.';
INSERT INTO projections.service_locks (name) VALUES ('bookkeeping'), ('grants') ON CONFLICT DO NOTHING;
`;

export type ServiceLock = 'bookkeeping' | 'grants';

/**
 * Serializes a critical section of the service for the rest of the transaction. A row lock in a
 * table only the service role may touch, not an advisory lock: any role that can connect could
 * take an advisory lock and hold the section up for good.
 */
export async function takeServiceLock(client: PoolClient, name: ServiceLock): Promise<void> {
  await client.query('SELECT 1 FROM projections.service_locks WHERE name = $1 FOR UPDATE', [name]);
}

// Catalog races of concurrent CREATE ... IF NOT EXISTS: unique violation, duplicate schema/table.
const CREATE_RACE = new Set(['23505', '42P06', '42P07']);

/** Creates the bookkeeping tables (idempotent; serialized so concurrent starts do not race on DDL). */
export async function ensureBookkeeping(pool: Pool): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await inTransaction(pool, (client) => client.query(SERVICE_LOCKS));
      break;
    } catch (err) {
      if (attempt >= 5 || !CREATE_RACE.has((err as { code?: string }).code ?? '')) throw err;
    }
  }
  await inTransaction(pool, async (client) => {
    await takeServiceLock(client, 'bookkeeping');
    await client.query(DDL);
  });
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
