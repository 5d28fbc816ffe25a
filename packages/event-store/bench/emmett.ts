import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { orderEvent, repeated, type Spread, throughput, timed } from './workload';

/** The peer: Emmett's PostgreSQL event store on the same workload. */
export async function emmettAppends(
  connectionString: string,
  singles: number,
  writers: number,
  batchedEvents: number,
  batchWriters: number,
  rounds: number,
): Promise<{ single: Spread; batched: Spread; readAll: number; readAllCount: number }> {
  // Our own pool, so that its connections are surely closed (and their errors handled) before the
  // benchmark database is dropped.
  const pool = new pg.Pool({ connectionString, max: writers + 2 });
  pool.on('error', (err) => console.error(`[bench] emmett pool: ${err.message}`));
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { connectionString, pool } });
  const toEmmett = (index: number) => {
    const { type, data } = orderEvent(index);
    return { type, data: data as Record<string, unknown> };
  };
  try {
    await store.appendToStream('warmup-0', [toEmmett(0)]);
    const single = await repeated(rounds, (round) =>
      throughput(singles, writers, (worker, index) =>
        store.appendToStream(`emmett-${round}-${worker}-${index}`, [toEmmett(index)]),
      ),
    );
    const batched = await repeated(
      rounds,
      async (round) =>
        (await throughput(batchedEvents / 100, batchWriters, (worker, index) =>
          store.appendToStream(
            `emmett-batch-${round}-${worker}-${index}`,
            Array.from({ length: 100 }, (_, offset) => toEmmett(index * 100 + offset)),
          ),
        )) * 100,
    );
    // Read-all through Emmett's own batch reader (what its consumers use), 5,000 a batch,
    // over everything written above.
    const reader = dumbo({ connectionString, pool });
    let readAllCount = 0;
    try {
      const readAll = await timed(async () => {
        let after = 0n;
        for (;;) {
          const batch = await readMessagesBatch(reader.execute, { after, batchSize: 5_000 });
          readAllCount += batch.messages.length;
          if (!batch.areMessagesLeft || batch.messages.length === 0) return readAllCount;
          after = batch.currentGlobalPosition;
        }
      });
      return { single, batched, readAll, readAllCount };
    } finally {
      await reader.close().catch(() => undefined);
    }
  } finally {
    await store.close();
    await pool.end();
  }
}
