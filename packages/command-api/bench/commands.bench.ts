/**
 * `pnpm bench:api [seconds]`: the API over HTTP (autocannon) against a real Postgres store, with
 * a realistic command mix at 1, 16 and 64 connections, and the raw store (read a stream, append
 * one event) at the same concurrency in the same run, so the ratio compares like with like.
 *
 * Each connection walks customers through a journey: register, place an order, ship, deliver
 * (which also earns loyalty points on a second stream), set consents, then read the order. Every
 * command carries its own Idempotency-Key, as callers are asked to. Uses its own throw-away
 * database next to `DATABASE_URL` (default: the local server) and drops it afterwards.
 *
 * BENCH_CPU_PROF=<dir>: V8 CPU profiles. In this process, one per concurrency's HTTP phase
 * (`api-<connections>.cpuprofile`: the load generator, and the API unless BENCH_API_WORKERS);
 * each API worker writes one of its whole life there too (Node's `--cpu-prof`).
 */
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { createPostgresEventStore } from '@aftersales/event-store';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrateApiSchema } from '../src/db/schema';
import { ApiKeyRepository, SCOPES } from '../src/security/api-keys';
import { serveApi } from './serve';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.argv[2] ?? 5);
const concurrencies = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').map(Number);
/** 0: the API runs in this process, beside the load generator; n: in n cluster workers. */
const apiWorkers = Number(process.env.BENCH_API_WORKERS ?? 0);
const name = `bench_api_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
// Another CREATE DATABASE at the same moment (tests running meanwhile) makes this one fail with
// "source database is being accessed by other users": try again shortly.
for (let attempt = 1; ; attempt++) {
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    break;
  } catch (err) {
    if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
const url = new URL(adminUrl);
url.pathname = `/${name}`;

const setupPool = new pg.Pool({ connectionString: url.toString(), max: 2 });
await migrateApiSchema(setupPool);
const key = await new ApiKeyRepository(setupPool).create('bench', SCOPES);
await setupPool.end();
// The raw store of the comparison, with the pool size the API's store has.
const store = await createPostgresEventStore({
  connectionString: url.toString(),
  maxConnections: Number(process.env.BENCH_STORE_POOL ?? 16),
});

let base: string;
let stopApi: () => Promise<void>;
const workers: Worker[] = [];
if (apiWorkers > 0) {
  const profileDir = process.env.BENCH_CPU_PROF;
  cluster.setupPrimary({
    exec: new URL('./serve.ts', import.meta.url).pathname,
    args: [url.toString()],
    ...(profileDir ? { execArgv: [...process.execArgv, '--cpu-prof', '--cpu-prof-dir', profileDir] } : {}),
  });
  const started = (worker: Worker) =>
    new Promise<string>((resolve, reject) => {
      worker.once('message', (m: { base: string }) => resolve(m.base));
      worker.once('exit', (code) => reject(new Error(`an API worker exited (${code}) before it listened`)));
    });
  for (let i = 0; i < apiWorkers; i++) workers.push(cluster.fork());
  // listen(0) in cluster workers: one port, shared by all of them.
  [base] = (await Promise.all(workers.map(started))) as [string];
  stopApi = async () => {
    await Promise.all(
      workers.map((worker) => {
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.send('stop');
        return exited;
      }),
    );
  };
} else {
  const served = await serveApi(url.toString(), 0);
  base = served.base;
  stopApi = served.close;
}

type Journey = { n: string };
type Step = Readonly<{
  method: 'POST' | 'PUT' | 'GET';
  path: (n: string) => string;
  body?: (n: string) => object;
}>;
let journeys = 0;
const steps: readonly Step[] = [
  {
    method: 'POST',
    path: () => '/v1/customers',
    body: (n) => ({
      customerId: `c${n}`,
      name: 'N',
      email: 'n@example.com',
      language: 'en',
      timezone: 'UTC',
    }),
  },
  {
    method: 'POST',
    path: () => '/v1/orders',
    body: (n) => ({
      orderId: `o${n}`,
      customerId: `c${n}`,
      currency: 'EUR',
      lines: [{ sku: 's', name: 'n', category: 'c', qty: 2, unitPrice: 1999, warrantyMonths: 12 }],
      occurredAt: '2026-01-01T00:00:00Z',
    }),
  },
  {
    method: 'POST',
    path: (n) => `/v1/orders/o${n}/shipments`,
    body: (n) => ({
      shipmentId: `s${n}`,
      carrier: 'DHL',
      trackingNumber: 't',
      estimatedDeliveryAt: '2026-01-05T00:00:00Z',
      occurredAt: '2026-01-02T00:00:00Z',
    }),
  },
  {
    method: 'POST',
    path: (n) => `/v1/orders/o${n}/delivery`,
    body: () => ({ occurredAt: '2026-01-04T00:00:00Z' }),
  },
  {
    method: 'PUT',
    path: (n) => `/v1/customers/c${n}/consents`,
    body: () => ({
      consents: {
        email: { transactional: true, marketing: true },
        sms: { transactional: false, marketing: false },
      },
    }),
  },
  { method: 'GET', path: (n) => `/v1/orders/o${n}` },
];

type Counts = { commands: number; reads: number; failed: Map<number, number> };

function requests(counts: Counts): autocannon.Request[] {
  return steps.map((s, index) => ({
    method: s.method,
    setupRequest: (request: autocannon.Request, context: Journey) => {
      if (index === 0) context.n = `${process.pid}-${journeys++}`;
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (s.body) {
        headers['content-type'] = 'application/json';
        headers['idempotency-key'] = `${context.n}/${index}`;
      }
      return {
        ...request,
        method: s.method,
        path: s.path(context.n),
        headers,
        ...(s.body ? { body: JSON.stringify(s.body(context.n)) } : {}),
      };
    },
    onResponse: (status: number) => {
      if (status >= 400) counts.failed.set(status, (counts.failed.get(status) ?? 0) + 1);
      else if (s.method === 'GET') counts.reads += 1;
      else counts.commands += 1;
    },
  })) as autocannon.Request[];
}

/** The store alone at the same concurrency: read a stream, append one event with its revision. */
async function rawAppends(connections: number): Promise<number> {
  let appends = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = 0; Date.now() < until; i++) {
        const streamId = `raw-${connections}-${worker}-${i}`;
        await store.readStream(streamId);
        const eventId = crypto.randomUUID();
        const metadata = { eventId, occurredAt: new Date().toISOString(), schemaVersion: 1 };
        await store.appendToStream(streamId, [{ type: 'BenchAppended', data: { i }, metadata }], {
          expectedRevision: 'no_stream',
        });
        appends += 1;
      }
    }),
  );
  return appends / seconds;
}

/**
 * What one phase cost, independent of how busy the machine is: CPU of this process (API and
 * load generator) and of the bench database's Postgres backends (from /proc, where readable),
 * and Postgres transactions.
 */
async function processCpuMs(pids: readonly number[]): Promise<Map<number, number>> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks (100 per second on Linux).
    if (fields) ticks.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return ticks;
}
async function backendCpuMs(): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    name,
  ]);
  return processCpuMs(rows.map((r) => r.pid));
}
async function transactions(): Promise<number> {
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await admin.query<{ n: string }>(
    'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
    [name],
  );
  return Number(rows[0]?.n ?? 0);
}
type Cost = {
  cpu: NodeJS.CpuUsage;
  workers: Map<number, number>;
  backends: Map<number, number>;
  xacts: number;
};
const costNow = async (): Promise<Cost> => ({
  cpu: process.cpuUsage(),
  workers: await processCpuMs(workers.map((w) => w.process.pid ?? 0)),
  backends: await backendCpuMs(),
  xacts: await transactions(),
});
async function costSince(start: Cost, commands: number): Promise<string> {
  const cpu = process.cpuUsage(start.cpu);
  // Statistics reach pg_stat_database within a second of the transaction.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const end = await costNow();
  const since = (now: Map<number, number>, before: Map<number, number>) => {
    let ms = 0;
    for (const [pid, value] of now) ms += value - (before.get(pid) ?? 0);
    return ms;
  };
  const pgMs = since(end.backends, start.backends);
  const workersMs = since(end.workers, start.workers);
  const per = (x: number) => (commands > 0 ? x / commands : 0).toFixed(2);
  const node =
    apiWorkers > 0
      ? `${per(workersMs)} ms CPU in the ${apiWorkers} API workers, ${per((cpu.user + cpu.system) / 1000)} ms in the load generator`
      : `${per((cpu.user + cpu.system) / 1000)} ms CPU in this process (API and load generator)`;
  return `per command: ${node}, ${per(pgMs)} ms in Postgres, ${per(end.xacts - start.xacts)} transactions`;
}

/** Profiles what runs in this process while `run` does, when BENCH_CPU_PROF names a directory. */
async function profiled<T>(label: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

console.log(`command mix over HTTP (autocannon, ${seconds} s each) vs raw store read+append, same run`);
for (const connections of concurrencies) {
  const counts: Counts = { commands: 0, reads: 0, failed: new Map() };
  const start = await costNow();
  const result = await profiled(`api-${connections}`, () =>
    autocannon({
      url: base,
      connections,
      duration: seconds,
      initialContext: { n: '' },
      requests: requests(counts),
    }),
  );
  const commandRate = counts.commands / seconds;
  const cost = await costSince(start, counts.commands);
  const raw = await rawAppends(connections);
  const failed = [...counts.failed].map(([status, n]) => `${n}×${status}`).join(' ');
  console.log(
    `${String(connections).padStart(2)} connections: ${commandRate.toFixed(0)} commands/s ` +
      `(+${(counts.reads / seconds).toFixed(0)} reads/s), p50 ${result.latency.p50} ms, ` +
      `p99 ${result.latency.p99} ms; raw store ${raw.toFixed(0)} read+append/s; ` +
      `ratio ${(commandRate / raw).toFixed(2)}${failed ? `; failed ${failed}` : ''}${result.errors ? `; ${result.errors} errors` : ''}`,
  );
  console.log(`   ${cost}`);
}
await stopApi();
await store.close();
await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.end();
