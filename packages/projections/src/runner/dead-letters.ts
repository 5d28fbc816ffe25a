import type { RecordedEvent } from '@aftersales/event-store';
import type { Pool, PoolClient } from 'pg';
import { moveCheckpoint } from './apply-batch';
import { schemaFor } from './bookkeeping';
import { errorMessage } from './errors';
import type { Projection } from './projection';
import { inTransaction } from './transaction';

export type DeadLetter = Readonly<{
  id: number;
  projection: string;
  position: bigint;
  streamId: string;
  eventType: string;
  eventId: string;
  error: string;
  failedAt: Date;
  retryCount: number;
  resolvedAt: Date | null;
}>;

const toJson = (event: RecordedEvent) =>
  JSON.stringify({
    streamId: event.streamId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    revision: event.revision.toString(),
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
  });

function fromJson(payload: Record<string, unknown>): RecordedEvent {
  return {
    streamId: String(payload.streamId),
    type: String(payload.type),
    data: payload.data,
    metadata: payload.metadata as RecordedEvent['metadata'],
    revision: BigInt(String(payload.revision)),
    position: BigInt(String(payload.position)),
    recordedAt: new Date(String(payload.recordedAt)),
  };
}

/** Records a poison event (idempotent per projection and position). */
export async function writeDeadLetter(
  client: PoolClient,
  projection: string,
  event: RecordedEvent,
  error: unknown,
): Promise<void> {
  await client.query(
    `INSERT INTO projections.dead_letters
       (projection, position, stream_id, event_type, event_id, error, payload, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error, failed_at = now(), resolved_at = NULL`,
    [
      projection,
      event.position.toString(),
      event.streamId,
      event.type,
      event.metadata.eventId,
      errorMessage(error),
      toJson(event),
      event.recordedAt,
    ],
  );
}

export async function listDeadLetters(
  pool: Pool,
  projection?: string,
  options: { includeResolved?: boolean } = {},
): Promise<DeadLetter[]> {
  const { rows } = await pool.query(
    `SELECT id, projection, position::text AS position, stream_id, event_type, event_id, error, failed_at,
            retry_count, resolved_at
       FROM projections.dead_letters
      WHERE ($1::text IS NULL OR projection = $1) AND ($2 OR resolved_at IS NULL)
      ORDER BY projection, position`,
    [projection ?? null, options.includeResolved ?? false],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    projection: row.projection,
    position: BigInt(row.position),
    streamId: row.stream_id,
    eventType: row.event_type,
    eventId: row.event_id,
    error: row.error,
    failedAt: row.failed_at,
    retryCount: row.retry_count,
    resolvedAt: row.resolved_at,
  }));
}

export type RetryOutcome = Readonly<{
  resolved: boolean;
  error?: string;
  /**
   * The event was skipped and later events were applied after it: applied alone now it would
   * land out of order, so only a rebuild (which replays every event in order) can bring it in.
   */
  rebuildRequired?: boolean;
}>;

/** Retrying a skipped event alone would apply it out of order. */
class RebuildRequired extends Error {}

/**
 * Re-applies one dead letter in its own transaction; on success marks it resolved. When the
 * projection stopped on this very event, the same transaction moves the checkpoint onto it and
 * clears the stop, so the runner resumes right after it.
 *
 * A dead letter the projection skipped (policy `skip`) lies behind events applied since; most
 * read models depend on order (a balance, a latest status), so it is NOT applied out of order.
 * The retry then only tries it (rolled back) to tell the operator whether it would apply now,
 * and answers `rebuildRequired`: a rebuild replays everything in order and resolves it.
 */
export async function retryDeadLetter(pool: Pool, projection: Projection, id: number): Promise<RetryOutcome> {
  try {
    await inTransaction(pool, async (client) => {
      const { rows } = await client.query(
        `SELECT payload FROM projections.dead_letters
          WHERE id = $1 AND projection = $2 AND resolved_at IS NULL FOR UPDATE`,
        [id, projection.name],
      );
      if (!rows[0]) throw new Error(`no unresolved dead letter ${id} for ${projection.name}`);
      const event = fromJson(rows[0].payload);
      const status = await client.query(
        `SELECT position::text AS position, state, schema_name FROM projections.projection_status
          WHERE name = $1 FOR UPDATE`,
        [projection.name],
      );
      const row = status.rows[0];
      const schema: string = row?.schema_name ?? schemaFor(projection);
      const position = row?.position === null || row?.position === undefined ? null : BigInt(row.position);
      const blocking = row?.state === 'stopped' && (position === null || position < event.position);
      if (!blocking && position !== null && position >= event.position) {
        throw new RebuildRequired(await tryAlone(client, projection, event, schema));
      }
      if (blocking) {
        await moveCheckpoint(client, projection.name, position, event);
        await client.query(
          `UPDATE projections.projection_status SET state = 'standby', last_error = NULL WHERE name = $1`,
          [projection.name],
        );
      }
      await projection.apply(client, [event], schema);
      await client.query(
        'UPDATE projections.dead_letters SET resolved_at = now(), retry_count = retry_count + 1 WHERE id = $1',
        [id],
      );
    });
    return { resolved: true };
  } catch (err) {
    await pool.query(
      'UPDATE projections.dead_letters SET retry_count = retry_count + 1, error = $2 WHERE id = $1',
      [id, errorMessage(err)],
    );
    return err instanceof RebuildRequired
      ? { resolved: false, rebuildRequired: true, error: err.message }
      : { resolved: false, error: errorMessage(err) };
  }
}

/** Applies the event behind a savepoint and rolls it back; says whether it would apply now. */
async function tryAlone(
  client: PoolClient,
  projection: Projection,
  event: RecordedEvent,
  schema: string,
): Promise<string> {
  let failure: unknown;
  await client.query('SAVEPOINT try_alone');
  try {
    await projection.apply(client, [event], schema);
  } catch (err) {
    failure = err;
  }
  await client.query('ROLLBACK TO SAVEPOINT try_alone');
  const verdict =
    failure === undefined ? 'it applies cleanly now' : `it still fails: ${errorMessage(failure)}`;
  return (
    `event at position ${event.position} was skipped and later events were applied after it, so it is not ` +
    `applied alone (out of order); ${verdict}. Rebuild the projection (pnpm ops rebuild ${projection.name}) ` +
    'to apply it in order: the rebuild resolves the dead letter.'
  );
}

/**
 * After a rebuild replayed everything up to `position`: the dead letters it did not write again
 * (their events applied this time) are resolved. `since` is the database time the rebuild began;
 * an event that failed again was re-recorded with a later `failed_at`.
 */
export async function resolveReplayedDeadLetters(
  client: PoolClient,
  projection: string,
  since: Date,
  position: bigint | null,
): Promise<number> {
  if (position === null) return 0;
  const { rowCount } = await client.query(
    `UPDATE projections.dead_letters SET resolved_at = now()
      WHERE projection = $1 AND resolved_at IS NULL AND failed_at < $2 AND position <= $3`,
    [projection, since, position.toString()],
  );
  return rowCount ?? 0;
}

/**
 * Removes dead letters resolved more than `days` ago (a retry or a replay applied them); an
 * unresolved letter stays however old it is: it still needs an operator. Returns how many went.
 */
export async function purgeResolvedDeadLetters(
  pool: Pool,
  days: number,
  now: Date = new Date(),
): Promise<number> {
  // At a first start the runners may not have created the bookkeeping tables yet.
  const { rows } = await pool.query<{ table: string | null }>(
    "SELECT to_regclass('projections.dead_letters')::text AS table",
  );
  if (!rows[0]?.table) return 0;
  let total = 0;
  for (;;) {
    const result = await pool.query(
      `DELETE FROM projections.dead_letters
        WHERE id IN (SELECT id FROM projections.dead_letters WHERE resolved_at < $1 LIMIT 5000)`,
      [new Date(now.getTime() - days * 86_400_000)],
    );
    total += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < 5000) return total;
  }
}
