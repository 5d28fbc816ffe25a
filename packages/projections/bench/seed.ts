import { randomUUID } from 'node:crypto';
import { canonicalJson, computeEventHash } from '@aftersales/event-store';
import type pg from 'pg';
import { type SimulatedEvent, simulateHistory } from './simulate';

const ROWS_PER_INSERT = 10_000;
// Positions are the writing transaction's id shifted left by 20 bits plus the row's index, as
// the store's own append writes them; a transaction may therefore hold at most 2^20 rows.
const ROWS_PER_TRANSACTION = 200_000;

const INSERT = `INSERT INTO event_store.events (position, stream_id, revision, event_id, type, data, metadata, hash)
  SELECT (pg_current_xact_id()::text::bigint << 20) + $1::bigint + n.ord, n.stream_id, n.revision, n.event_id, n.type,
         n.data::jsonb, n.metadata::jsonb, decode(n.hash, 'hex')
    FROM unnest($2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])
         WITH ORDINALITY AS n(stream_id, revision, event_id, type, data, metadata, hash, ord)`;

/**
 * Writes `count` simulated events straight into the Postgres store's table (schema created by the
 * store), with the revisions and hash chain its append would give them — far faster than one
 * append per stream, and the result reads back exactly like appended events.
 */
export async function seedEvents(
  client: pg.ClientBase,
  count: number,
  onProgress?: (done: number) => void,
): Promise<void> {
  const history = simulateHistory();
  // Streams only get events while their customer is being simulated: forget them afterwards.
  let heads = new Map<string, { revision: bigint; hash: string }>();
  let done = 0;
  while (done < count) {
    await client.query('BEGIN');
    let inTransaction = 0;
    while (inTransaction < ROWS_PER_TRANSACTION && done < count) {
      const size = Math.min(ROWS_PER_INSERT, count - done, ROWS_PER_TRANSACTION - inTransaction);
      const columns = {
        stream: [] as string[],
        revision: [] as string[],
        id: [] as string[],
        type: [] as string[],
      };
      const payload = { data: [] as string[], metadata: [] as string[], hash: [] as string[] };
      for (let i = 0; i < size; i++) {
        const { streamId, event, occurredAt } = history.next().value as SimulatedEvent;
        if (event.type === 'CustomerRegistered') heads = new Map();
        const previous = heads.get(streamId);
        const revision = previous ? previous.revision + 1n : 0n;
        const metadata = { eventId: randomUUID(), occurredAt, schemaVersion: 1 };
        const hash = computeEventHash({
          previousHash: previous?.hash ?? '',
          streamId,
          revision,
          type: event.type,
          data: event.data,
          metadata,
        });
        heads.set(streamId, { revision, hash });
        columns.stream.push(streamId);
        columns.revision.push(revision.toString());
        columns.id.push(metadata.eventId);
        columns.type.push(event.type);
        payload.data.push(canonicalJson(event.data));
        payload.metadata.push(canonicalJson(metadata));
        payload.hash.push(hash);
      }
      await client.query(INSERT, [
        inTransaction,
        columns.stream,
        columns.revision,
        columns.id,
        columns.type,
        payload.data,
        payload.metadata,
        payload.hash,
      ]);
      inTransaction += size;
      done += size;
      onProgress?.(done);
    }
    await client.query('COMMIT');
  }
  await client.query('ANALYZE event_store.events');
}

// Run as a child process by the benchmark, so the seeding's memory never counts in the
// rebuild's RSS: `node --import tsx bench/seed.ts <database url> <events>`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, events] = process.argv.slice(2);
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ connectionString: url });
  await client.connect();
  try {
    await seedEvents(client, Number(events), (done) =>
      process.stderr.write(`\rseeding ${done.toLocaleString('en')}`),
    );
    process.stderr.write('\n');
  } finally {
    await client.end();
  }
}
