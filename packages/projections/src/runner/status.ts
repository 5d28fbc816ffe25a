import type { EventStore } from '@aftersales/event-store';
import type { Pool } from 'pg';
import { LEASE_LIVE } from './lease';
import type { Projection } from './projection';

/**
 * `stalled`: written by a standby when the lease holder has stopped reporting while events are
 * pending (the holder writes `running` again with its next heartbeat).
 */
export type RunnerState = 'starting' | 'running' | 'standby' | 'stopped' | 'retrying' | 'stalled';

export type ProjectionStatus = Readonly<{
  name: string;
  version: number;
  schemaName: string;
  position: bigint | null;
  state: string;
  lastError: string | null;
  lastEventAt: Date | null;
  lastProcessedAt: Date | null;
  positionChangedAt: Date | null;
  headPosition: bigint | null;
  lagEvents: number;
  lagSeconds: number;
  heartbeatAt: Date | null;
  /** The runner holding the projection's lease now (host:pid:uuid), null when none does. */
  activeRunner: string | null;
}>;

/** Pending events are counted up to this many; a lag of exactly this means "at least". */
export const LAG_COUNT_CAP = 10_000;

/**
 * Measures lag and writes it with a heartbeat. Lag in events is the number of events after the
 * checkpoint that match the projection's filter, counted by reading them (capped at
 * LAG_COUNT_CAP) — not a position difference: Postgres store positions are transaction ids
 * shifted left, so differences are not counts. Lag in seconds is the age of the oldest
 * unprocessed matching event. Both are 0 when caught up. Works for either store.
 */
export async function measureLag(
  store: EventStore,
  pool: Pool,
  projection: Projection,
  position: bigint | null,
  /** The active runner's state, written with the heartbeat (a standby may have said `stalled`). */
  state?: RunnerState,
): Promise<void> {
  const { head, lagEvents, lagSeconds } = await lagOf(store, projection, position);
  await pool.query(
    `UPDATE projections.projection_status
        SET head_position = $2, lag_events = $3, lag_seconds = $4, heartbeat_at = now(),
            state = coalesce($5::text, state),
            last_error = CASE WHEN $5::text = 'running' THEN NULL ELSE last_error END
      WHERE name = $1`,
    [projection.name, head.toString(), lagEvents, lagSeconds, state ?? null],
  );
}

/**
 * What a standby does while the active runner reports nothing for `silentAfterMs` (it is wedged,
 * or its process is gone and the lease not yet expired): measures the lag from the committed
 * checkpoint and, with events pending, marks the projection `stalled`. The heartbeat stays the
 * active runner's, so its age still tells how long nobody has been applying events.
 */
export async function measureStandbyLag(
  store: EventStore,
  pool: Pool,
  projection: Projection,
  silentAfterMs: number,
): Promise<void> {
  const { rows } = await pool.query<{ position: string | null; silent: boolean }>(
    `SELECT position::text AS position,
            (heartbeat_at IS NULL OR heartbeat_at < now() - $2 * interval '1 millisecond') AS silent
       FROM projections.projection_status WHERE name = $1 AND state <> 'stopped'`,
    [projection.name, silentAfterMs],
  );
  const row = rows[0];
  if (!row?.silent) return;
  const position = row.position === null ? null : BigInt(row.position);
  const { head, lagEvents, lagSeconds } = await lagOf(store, projection, position);
  await pool.query(
    `UPDATE projections.projection_status
        SET head_position = $2, lag_events = $3, lag_seconds = $4,
            state = CASE WHEN $3::bigint > 0 THEN 'stalled' ELSE state END,
            last_error = CASE WHEN $3::bigint > 0 THEN 'no runner applies events: the active one stopped reporting' ELSE last_error END
      WHERE name = $1 AND state <> 'stopped' AND position IS NOT DISTINCT FROM $5::bigint`,
    [projection.name, head.toString(), lagEvents, lagSeconds, row.position],
  );
}

async function lagOf(store: EventStore, projection: Projection, position: bigint | null) {
  const head = await store.headPosition();
  let lagEvents = 0;
  let lagSeconds = 0;
  if (position === null || head > position) {
    const pending = await store.readAll({
      ...(position === null ? {} : { after: position }),
      maxCount: LAG_COUNT_CAP,
      ...(projection.filter ? { filter: projection.filter } : {}),
    });
    const oldest = pending[0];
    if (oldest) {
      lagEvents = pending.length;
      lagSeconds = Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1000);
    }
  }
  return { head, lagEvents, lagSeconds };
}

export async function readStatuses(pool: Pool): Promise<ProjectionStatus[]> {
  const { rows } = await pool.query(
    `SELECT name, version, schema_name, position::text AS position, state, last_error, last_event_at,
            last_processed_at, position_changed_at, head_position::text AS head_position, lag_events,
            lag_seconds, heartbeat_at,
            (SELECT l.owner FROM projections.leases l
              WHERE l.name = 'projection:' || s.name AND ${LEASE_LIVE}) AS active_runner
       FROM projections.projection_status s ORDER BY name`,
  );
  return rows.map((row) => ({
    name: row.name,
    version: row.version,
    schemaName: row.schema_name,
    position: row.position === null ? null : BigInt(row.position),
    state: row.state,
    lastError: row.last_error,
    lastEventAt: row.last_event_at,
    lastProcessedAt: row.last_processed_at,
    positionChangedAt: row.position_changed_at,
    headPosition: row.head_position === null ? null : BigInt(row.head_position),
    lagEvents: Number(row.lag_events),
    lagSeconds: Number(row.lag_seconds),
    heartbeatAt: row.heartbeat_at,
    activeRunner: row.active_runner ?? null,
  }));
}

export type HealthOptions = Readonly<{
  /** Unhealthy when the oldest unprocessed event is older than this. Default 60 s. */
  maxLagSeconds?: number;
  /** Unhealthy when events are pending and the checkpoint has not moved for this long. Default 30 s. */
  stalledAfterSeconds?: number;
  /** Unhealthy when no runner measured lag for this long (no active runner). Default 30 s. */
  heartbeatTimeoutSeconds?: number;
  now?: Date;
}>;

export type ProjectionHealth = Readonly<{
  healthy: boolean;
  projections: readonly Readonly<{ name: string; healthy: boolean; problems: readonly string[] }>[];
}>;

/**
 * Health from the status table. Besides lag and stops it catches the stale high-water mark
 * (the checkpoint stands still while the head moved and events are pending), a missing
 * heartbeat (no runner alive to measure anything), and a projection standing by, starting,
 * retrying or stalled while events wait (a lag a standby measured).
 */
export function judgeHealth(
  statuses: readonly ProjectionStatus[],
  options: HealthOptions = {},
): ProjectionHealth {
  const now = (options.now ?? new Date()).getTime();
  const maxLag = options.maxLagSeconds ?? 60;
  const stalledAfter = (options.stalledAfterSeconds ?? 30) * 1000;
  const heartbeatTimeout = (options.heartbeatTimeoutSeconds ?? 30) * 1000;
  const projections = statuses.map((status) => {
    const problems: string[] = [];
    if (status.state === 'stopped') problems.push(`stopped: ${status.lastError ?? 'no reason recorded'}`);
    if (status.state === 'stalled')
      problems.push(`stalled: ${status.lastError ?? 'no runner applies events'}`);
    if (['starting', 'standby', 'retrying'].includes(status.state) && status.lagEvents > 0) {
      const why = status.state === 'retrying' && status.lastError ? ` (${status.lastError})` : '';
      problems.push(`${status.state}${why}: ${status.lagEvents} event(s) pending and no runner applies them`);
    }
    if (status.lagSeconds > maxLag)
      problems.push(`lag ${status.lagSeconds.toFixed(1)} s exceeds ${maxLag} s`);
    const pending =
      status.lagEvents > 0 ||
      (status.headPosition !== null && (status.position === null || status.headPosition > status.position));
    const sinceMove = status.positionChangedAt
      ? now - status.positionChangedAt.getTime()
      : Number.POSITIVE_INFINITY;
    if (status.lagEvents > 0 && pending && sinceMove > stalledAfter) {
      problems.push(
        `checkpoint has not moved for ${Math.round(sinceMove / 1000)} s while events are pending`,
      );
    }
    const sinceBeat = status.heartbeatAt ? now - status.heartbeatAt.getTime() : Number.POSITIVE_INFINITY;
    if (sinceBeat > heartbeatTimeout) problems.push('no active runner heartbeat');
    return { name: status.name, healthy: problems.length === 0, problems };
  });
  return { healthy: projections.every((p) => p.healthy), projections };
}

export async function projectionHealth(pool: Pool, options: HealthOptions = {}): Promise<ProjectionHealth> {
  return judgeHealth(await readStatuses(pool), options);
}
