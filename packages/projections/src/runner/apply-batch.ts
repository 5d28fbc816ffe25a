import type { RecordedEvent } from '@aftersales/event-store';
import type { Pool, PoolClient } from 'pg';
import { CheckpointConflictError } from './errors';
import type { Projection } from './projection';
import { inTransaction } from './transaction';

/**
 * Moves the checkpoint from `expected` to `to`, guarded by the old value: zero rows means a
 * second writer (another runner, or a rebuild swap) moved it first, and the transaction must
 * roll back. Done FIRST in the transaction so the row lock serializes concurrent writers.
 */
export async function moveCheckpoint(
  client: PoolClient,
  name: string,
  expected: bigint | null,
  to: RecordedEvent,
): Promise<void> {
  const result = await client.query(
    `UPDATE projections.projection_status
        SET position = $1, last_event_at = $2, last_processed_at = now(), position_changed_at = now()
      WHERE name = $3 AND position IS NOT DISTINCT FROM $4::bigint`,
    [to.position.toString(), to.recordedAt, name, expected === null ? null : expected.toString()],
  );
  if (result.rowCount !== 1) throw new CheckpointConflictError(name, expected);
}

/** Applies `events` and moves the checkpoint to the last of them, in ONE transaction. */
export async function applyBatch(
  pool: Pool,
  projection: Projection,
  schema: string,
  events: readonly RecordedEvent[],
  expected: bigint | null,
): Promise<bigint> {
  const last = events.at(-1);
  if (!last) return expected ?? 0n;
  await inTransaction(pool, async (client) => {
    await moveCheckpoint(client, projection.name, expected, last);
    await projection.apply(client, events, schema);
  });
  return last.position;
}
