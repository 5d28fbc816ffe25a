/**
 * The API as the benchmark serves it: in the benchmark's own process, or in each worker process
 * of a cluster (`BENCH_API_WORKERS`, see commands.bench.ts), which all listen on one port.
 */
import cluster from 'node:cluster';
import { createPostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { buildApp } from '../src/app';
import { loadEnv } from '../src/config';

export async function serveApi(databaseUrl: string, port: number) {
  // Pool sizes: on two cores more Postgres backends than that only queue on the CPU.
  const storePool = Number(process.env.BENCH_STORE_POOL ?? 16);
  const apiPool = Number(process.env.BENCH_API_POOL ?? 16);
  const store = await createPostgresEventStore({ connectionString: databaseUrl, maxConnections: storePool });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: apiPool });
  // Dropping the database at the end ends idle connections; that is expected here.
  pool.on('error', () => undefined);
  const app = await buildApp({
    store,
    pool,
    logger: false,
    config: { rateLimitPerMinute: 10_000_000, maxInFlight: 10_000 },
  });
  // The production default backlog (LISTEN_BACKLOG), as `startServer` listens.
  const base = await app.listen({ port, host: '127.0.0.1', backlog: loadEnv({}).LISTEN_BACKLOG });
  // How long each answered request took inside the server, from its arrival (headers parsed) to
  // its answer: the latency of admitted requests, without the time a connection waited to be
  // accepted or a request waited in the socket before this process read it.
  let served: number[] = [];
  app.server.on('request', (_request, response) => {
    const at = performance.now();
    response.once('finish', () => {
      if (response.statusCode < 400) served.push(performance.now() - at);
    });
  });
  return {
    base,
    app,
    /** The in-server latencies (ms) of the requests answered below 400 since the last call. */
    answeredInServer: () => {
      const taken = served;
      served = [];
      return taken;
    },
    close: async () => {
      await app.close();
      await store.close();
      await pool.end();
    },
  };
}

if (cluster.isWorker) {
  // The database comes as the argument; port 0 in every worker: the cluster gives them one port.
  const served = await serveApi(String(process.argv[2]), 0);
  process.on('message', (message) => {
    if (message === 'stop') void served.close().then(() => process.exit(0));
  });
  process.send?.({ base: served.base });
}
