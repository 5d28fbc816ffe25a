import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, preparedPlan, scansOf, type TestDatabase } from '../../../../test/support';
import { newEvent, times, uniquePrefix } from '../contract/fixtures';
import { PostgresEventStore, READ_STREAMS } from './postgres-store';

/**
 * Whole-stream reads (a command's fold) that arrive while others are in flight go out as one
 * statement. Each caller must still get exactly its own stream, in revision order, and the shared
 * statement must find streams through the index however young or grown the table is.
 */
let database: TestDatabase;
let store: PostgresEventStore;
let pool: pg.Pool;
beforeAll(async () => {
  database = await createTestDatabase('es_stream_reads');
  store = await PostgresEventStore.connect({ connectionString: database.url, pollIntervalMs: 100 });
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await store?.close();
  await database?.drop();
});

/** Statements by name that the driver sends while `work` runs. */
async function statementsDuring(name: string, work: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await work();
    return spy.mock.calls.filter(([config]) => (config as { name?: string } | undefined)?.name === name)
      .length;
  } finally {
    spy.mockRestore();
  }
}

describe('PostgreSQL store: whole-stream reads together', { timeout: 60_000 }, () => {
  it('gives 60 concurrent reads of 12 streams their own events in order, in a few shared statements', async () => {
    const prefix = uniquePrefix();
    // Stream i holds i events (stream 0 does not exist); appended in an interleaved order.
    const streams = times(12, (i) => `${prefix}-s${i}`);
    for (let round = 0; round < 11; round++) {
      await Promise.all(
        streams
          .filter((_, i) => i > round)
          .map((streamId) => store.appendToStream(streamId, [newEvent('Counted', { streamId, round })])),
      );
    }
    const requested = times(60, (i) => streams[(i * 7) % 12] as string);
    let results: Awaited<ReturnType<PostgresEventStore['readStream']>>[] = [];
    const statements = await statementsDuring('event_store_read_streams', async () => {
      results = await Promise.all(requested.map((streamId) => store.readStream(streamId)));
    });
    // Two go out at once, the other 58 wait for them and share what follows.
    expect(statements).toBeGreaterThanOrEqual(2);
    expect(statements).toBeLessThanOrEqual(6);
    for (const [index, streamId] of requested.entries()) {
      const events = results[index] ?? [];
      const length = streams.indexOf(streamId);
      expect(events.map((e) => [e.streamId, e.revision, (e.data as { round: number }).round])).toEqual(
        times(length, (revision) => [streamId, BigInt(revision), revision]),
      );
      // The same as a read of the stream alone (a ranged read: its own statement).
      expect(events).toEqual(await store.readStream(streamId, { fromRevision: 0n }));
    }
  });

  it('reads a stream while it is being appended to: each read is a prefix, in order', async () => {
    const streamId = `${uniquePrefix()}-busy`;
    const writes = (async () => {
      for (let i = 0; i < 30; i++) await store.appendToStream(streamId, [newEvent('Counted', { i })]);
    })();
    const reads = await Promise.all(times(40, () => store.readStream(streamId)));
    await writes;
    for (const events of reads) {
      expect(events.map((e) => (e.data as { i: number }).i)).toEqual(times(events.length, (i) => i));
      expect(events.map((e) => e.revision)).toEqual(times(events.length, (i) => BigInt(i)));
    }
  });

  it('finds 60 streams by index when the statistics are those of a young table that has grown since', async () => {
    // Statistics taken when a few streams held every event (so each stream looks huge), then
    // 20,000 events in 2,000 streams before the next ANALYZE: a new store taking its first load
    // faster than autovacuum looks at it. The benchmark ran into exactly that.
    await pool.query('ALTER TABLE event_store.events SET (autovacuum_enabled = false)');
    const prefix = uniquePrefix();
    for (const s of times(5, (i) => `${prefix}-early${i}`)) {
      await store.appendToStream(
        s,
        times(40, (i) => newEvent('Early', { i })),
      );
    }
    await pool.query('ANALYZE event_store.events');
    const bulk = times(2_000, (i) => `${prefix}-bulk${i}`);
    for (let from = 0; from < bulk.length; from += 100) {
      await Promise.all(
        bulk.slice(from, from + 100).map((streamId) =>
          store.appendToStream(
            streamId,
            times(10, (i) => newEvent('Bulk', { i })),
          ),
        ),
      );
    }
    const ids = times(60, (i) => `${prefix}-bulk${i * 30}`);
    for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
      const plan = await preparedPlan(pool, READ_STREAMS, ['text[]'], [ids], mode);
      const scans = scansOf(plan, 'events');
      expect(scans.length).toBeGreaterThan(0);
      // Per stream, through the (stream_id, revision) index; `stream_id = ANY($1)` scanned it all.
      for (const node of scans) expect(node['Node Type']).toMatch(/^(Index|Index Only|Bitmap Heap) Scan$/);
    }
  });
});
