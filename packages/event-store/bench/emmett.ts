import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { orderEvent, throughput } from './workload';

/** The peer: Emmett's PostgreSQL event store on the same workload. */
export async function emmettAppends(
  connectionString: string,
  singles: number,
  writers: number,
  batchedEvents: number,
  batchWriters: number,
): Promise<{ single: number; batched: number }> {
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
    const single = await throughput(singles, writers, (worker, index) =>
      store.appendToStream(`emmett-${worker}-${index}`, [toEmmett(index)]),
    );
    const batched =
      (await throughput(batchedEvents / 100, batchWriters, (worker, index) =>
        store.appendToStream(
          `emmett-batch-${worker}-${index}`,
          Array.from({ length: 100 }, (_, offset) => toEmmett(index * 100 + offset)),
        ),
      )) * 100;
    return { single, batched };
  } finally {
    await store.close();
    await pool.end();
  }
}
