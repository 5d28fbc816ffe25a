import type { DomainEvent } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import type { Pool } from 'pg';
import { ensureBookkeeping } from '../../runner/bookkeeping';
import type { Projection } from '../../runner/projection';

/**
 * Test support for read models: recorded events from domain events, and applying them the way
 * the runner does (setup once, then `apply` per batch, each batch in its own transaction).
 */
export function recorded(events: readonly DomainEvent[], streamId = 'test-stream'): RecordedEvent[] {
  return events.map((event, index) => ({
    streamId,
    type: event.type,
    data: event.data,
    metadata: { eventId: `event-${index}`, occurredAt: new Date(0).toISOString(), schemaVersion: 1 },
    revision: BigInt(index),
    position: BigInt(index + 1),
    recordedAt: new Date(0),
  }));
}

async function inTransaction(pool: Pool, work: (client: import('pg').PoolClient) => Promise<void>) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/** Migrates the bookkeeping and `bi` objects (the reporting calendar) as the runner does, then sets up. */
export async function setUp(pool: Pool, projection: Projection, schema: string): Promise<void> {
  await ensureBookkeeping(pool);
  await inTransaction(pool, async (client) => {
    await projection.setup(client, schema);
    for (const statement of projection.views?.(schema) ?? []) await client.query(statement);
  });
}

/** Applies `events` in batches of `batchSize` (the whole list at once by default). */
export async function applyInBatches(
  pool: Pool,
  projection: Projection,
  schema: string,
  events: readonly RecordedEvent[],
  batchSize = events.length,
): Promise<void> {
  for (let start = 0; start < events.length; start += Math.max(1, batchSize)) {
    const batch = events.slice(start, start + Math.max(1, batchSize));
    await inTransaction(pool, (client) => projection.apply(client, batch, schema));
  }
}

/** Every row of a table or view as JSON text, sorted, for whole-table comparisons. */
export async function dumpRows(pool: Pool, relation: string): Promise<string[]> {
  const { rows } = await pool.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${relation} t`);
  return rows.map((r) => r.row).sort();
}
