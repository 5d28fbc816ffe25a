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
 * The load generator (bench/load.ts) runs in the API's own thread by default, as all figures so
 * far were measured. BENCH_GENERATOR=thread runs it in a worker thread of this process, so the
 * API's event loop serves requests only (the thread still shares the machine's cores and its CPU
 * is still counted): on the busy 2-core machine that helped at 64 connections and cost at 1 and
 * 16, where each response then has to wake another thread.
 *
 * BENCH_CPU_PROF=<dir>: V8 CPU profiles of this process's main thread, one per concurrency's HTTP
 * phase (`api-<connections>.cpuprofile`: the API, unless BENCH_API_WORKERS, and the load generator
 * when inline); each API worker writes one of its whole life there too (Node's `--cpu-prof`).
 */
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createPostgresEventStore } from '@aftersales/event-store';
import { ApiKeyRepository, SCOPES } from '@aftersales/ops';
import Fastify from 'fastify';
import pg from 'pg';
import { migrateApiSchema } from '../src/db/schema';
import { drive, percentiles, startLoadThread } from './load';
import { serveApi } from './serve';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.argv[2] ?? 5);
const concurrencies = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').map(Number);
/** 0: the API runs in this process, beside the load generator; n: in n cluster workers. */
const apiWorkers = Number(process.env.BENCH_API_WORKERS ?? 0);
/** `inline`: the load generator runs in the API's own thread; `thread`: in a worker thread. */
const generator = process.env.BENCH_GENERATOR === 'thread' ? 'thread' : 'inline';
const cores = availableParallelism();
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
/** In this process only (no API workers): see `serveApi`. */
let inServer: { answered: () => number[]; limit: () => number } | undefined;
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
  inServer = { answered: served.answeredInServer, limit: () => served.app.admission.limit };
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
/**
 * An idle Postgres backend reports its transactions up to 10 s late (PGSTAT_IDLE_INTERVAL in
 * Postgres 15), so a phase's count is read that long after it ended: read at once, the counts of
 * one phase went to the next (the 64-connection phase, after the raw phase at 16, showed 1.3
 * transactions per command where the settled count is about 0.8). CPU is read at once.
 */
const STATS_SETTLE_MS = 11_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Cpu = {
  cpu: NodeJS.CpuUsage;
  workers: Map<number, number>;
  backends: Map<number, number>;
};
type Cost = Cpu & { xacts: number };
const cpuNow = async (): Promise<Cpu> => ({
  cpu: process.cpuUsage(),
  workers: await processCpuMs(workers.map((w) => w.process.pid ?? 0)),
  backends: await backendCpuMs(),
});
/** At the start of a phase; the phase before has settled (see `costSince`). */
const costNow = async (): Promise<Cost> => ({ ...(await cpuNow()), xacts: await transactions() });
/**
 * CPU and transactions per unit since `start`: of the API (this process, or its workers) with the
 * load generator, or, for the raw phase (`raw`), of this process as the store's client. The CPU is
 * taken at once; `meanwhile` (work that uses no database) runs while the statistics settle.
 */
async function costSince(
  start: Cost,
  units: number,
  phase: 'api' | 'raw',
  meanwhile: () => Promise<void> = async () => undefined,
): Promise<{ text: string; cpuMs: number }> {
  const ended = Date.now();
  const cpu = process.cpuUsage(start.cpu);
  const end = await cpuNow();
  await meanwhile();
  await sleep(Math.max(0, ended + STATS_SETTLE_MS - Date.now()));
  const xacts = (await transactions()) - start.xacts;
  const since = (now: Map<number, number>, before: Map<number, number>) => {
    let ms = 0;
    for (const [pid, value] of now) ms += value - (before.get(pid) ?? 0);
    return ms;
  };
  const pgMs = since(end.backends, start.backends);
  const workersMs = since(end.workers, start.workers);
  const ownMs = (cpu.user + cpu.system) / 1000;
  const per = (x: number) => (units > 0 ? x / units : 0).toFixed(2);
  const node =
    phase === 'raw'
      ? `${per(ownMs + workersMs)} ms CPU in this process (the store's client)`
      : apiWorkers > 0
        ? `${per(workersMs)} ms CPU in the ${apiWorkers} API workers, ${per(ownMs)} ms in the load generator`
        : `${per(ownMs)} ms CPU in this process (API and load generator)`;
  const unit = phase === 'raw' ? 'raw read+append' : 'command';
  return {
    text: `per ${unit}: ${node}, ${per(pgMs)} ms in Postgres, ${per(xacts)} transactions`,
    cpuMs: units > 0 ? (ownMs + workersMs + pgMs) / units : 0,
  };
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

/**
 * The floor: what an HTTP request costs before the API does anything. A bare Fastify app in this
 * process (no plugins, no validation, no database), one POST route that answers a small JSON,
 * driven by the same load generator at the same concurrency with a command's size and headers.
 * A command costs at least this per request, plus the store's read+append (the raw phase).
 */
const floorApp = Fastify();
floorApp.post('/floor', async () => ({ stream: 'customer-floor', revision: 0, events: [], related: [] }));
const floorBase = await floorApp.listen({ port: 0, host: '127.0.0.1' });
async function floor(connections: number): Promise<{ rate: number; cpuMs: number; errors: number }> {
  const load = { kind: 'floor' as const, base: floorBase, key, connections, seconds, journeyPrefix: '' };
  const cpu = process.cpuUsage();
  const result = await (loadThread ? loadThread.drive(load) : drive(load));
  const used = process.cpuUsage(cpu);
  const cpuMs = result.commands > 0 ? (used.user + used.system) / 1000 / result.commands : 0;
  return { rate: result.commands / seconds, cpuMs, errors: result.errors };
}

console.log(`command mix over HTTP (autocannon, ${seconds} s each) vs raw store read+append, same run`);
const loadThread = generator === 'thread' ? await startLoadThread() : undefined;
// A first phase would otherwise pay for compiling the API's hot paths (several ms of CPU per
// command at one connection): warm up, unmeasured, at 16 connections.
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
if (warmupSeconds > 0) {
  const warmup = {
    base,
    key,
    connections: 16,
    seconds: warmupSeconds,
    journeyPrefix: `${process.pid}-warmup`,
  };
  await (loadThread ? loadThread.drive(warmup) : drive(warmup));
  console.log(`warm-up: ${warmupSeconds} s at 16 connections, not counted`);
  await sleep(STATS_SETTLE_MS);
}
let best = 0;
for (const [phase, connections] of concurrencies.entries()) {
  const start = await costNow();
  const load = { base, key, connections, seconds, journeyPrefix: `${process.pid}-${phase}` };
  const result = await profiled(`api-${connections}`, () =>
    loadThread ? loadThread.drive(load) : drive(load),
  );
  const commandRate = result.commands / seconds;
  best = Math.max(best, commandRate);
  const cost = await costSince(start, result.commands, 'api');
  const rawStart = await costNow();
  const raw = await rawAppends(connections);
  // The floor uses no database: it runs while the raw phase's statistics settle.
  let bare = { rate: 0, cpuMs: 0, errors: 0 };
  const rawCost = await costSince(rawStart, raw * seconds, 'raw', async () => {
    bare = await floor(connections);
  });
  const failed = result.failed.map(([status, n]) => `${n}×${status}`).join(' ');
  console.log(
    `${String(connections).padStart(2)} connections: ${commandRate.toFixed(0)} commands/s ` +
      `(+${(result.reads / seconds).toFixed(0)} reads/s), p50 ${result.p50} ms, ` +
      `p99 ${result.p99} ms; raw store ${raw.toFixed(0)} read+append/s; ` +
      `ratio ${(commandRate / raw).toFixed(2)}${failed ? `; failed ${failed}` : ''}${result.errors ? `; ${result.errors} errors` : ''}`,
  );
  console.log(
    `   p50/p99 by step: ${result.bySteps.map((s) => `${s.step} ${s.p50}/${s.p99}`).join(', ')} ms`,
  );
  console.log(`   ${cost.text} (${cost.cpuMs.toFixed(2)} ms in all)`);
  console.log(`   ${rawCost.text} (${rawCost.cpuMs.toFixed(2)} ms in all)`);
  const requestsPerCommand = result.commands > 0 ? (result.commands + result.reads) / result.commands : 0;
  const floorMs = bare.cpuMs * requestsPerCommand + rawCost.cpuMs;
  console.log(
    `   floor: bare HTTP route ${bare.rate.toFixed(0)} requests/s at ${bare.cpuMs.toFixed(2)} ms CPU per request` +
      `${bare.errors ? ` (${bare.errors} errors)` : ''}; ${requestsPerCommand.toFixed(2)} requests per command + ` +
      `one raw read+append = ${floorMs.toFixed(2)} ms per command, so ${cores} cores allow at most ` +
      `${floorMs > 0 ? ((cores * 1000) / floorMs).toFixed(0) : '∞'} commands/s before the API's own work`,
  );
}
/**
 * The spike: many more connections than the process can serve at once (1,000 by default,
 * BENCH_SPIKE_CONNECTIONS; 0 skips it). Goodput is what it still completes, against the best
 * rate of the phases above; p99 is of the answered requests (the shed ones get 503 at once).
 */
const spikeConnections = Number(process.env.BENCH_SPIKE_CONNECTIONS ?? 1000);
if (spikeConnections > 0) {
  await sleep(STATS_SETTLE_MS);
  const load = { base, key, connections: spikeConnections, seconds, journeyPrefix: `${process.pid}-spike` };
  const start = await costNow();
  inServer?.answered();
  const limits: number[] = inServer ? [inServer.limit()] : [];
  const sampler = inServer ? setInterval(() => limits.push(inServer?.limit() ?? 0), 1_000) : undefined;
  const spike = await profiled('api-spike', () => (loadThread ? loadThread.drive(load) : drive(load)));
  clearInterval(sampler);
  const rate = spike.commands / seconds;
  const cost = await costSince(start, spike.commands, 'api');
  const shed = spike.failed.find(([status]) => status === 503)?.[1] ?? 0;
  const failed = spike.failed.map(([status, n]) => `${n}×${status}`).join(' ');
  console.log(
    `spike, ${spikeConnections} connections: ${rate.toFixed(0)} commands/s ` +
      `(${best > 0 ? ((100 * rate) / best).toFixed(0) : '–'} % of the best ${best.toFixed(0)}/s above), ` +
      `answered p50 ${spike.answered.p50} ms, p99 ${spike.answered.p99} ms ` +
      `(on open connections ${spike.answeredOnOpenConnections.p50} / ${spike.answeredOnOpenConnections.p99} ms); ` +
      `${(shed / seconds).toFixed(0)} shed/s${failed ? `; failed ${failed}` : ''}${spike.errors ? `; ${spike.errors} errors` : ''}`,
  );
  const admitted = inServer ? percentiles(inServer.answered()) : undefined;
  if (admitted && inServer) {
    console.log(
      `   in the server (arrival to answer): admitted and answered p50 ${admitted.p50} ms, p99 ${admitted.p99} ms; ` +
        `admission limit each second ${limits.join(', ')}`,
    );
  }
  console.log(`   ${cost.text} (${cost.cpuMs.toFixed(2)} ms in all, the shed requests' share included)`);
}
/**
 * The hot stream: every connection (64 by default, BENCH_HOT_CONNECTIONS; 0 skips it) redeems
 * one point of the same customer without If-Match, so every command contends for one loyalty
 * stream and the shell re-reads and re-decides until its deadline. Every redemption fits, so each
 * should succeed; the balance afterwards says whether each success was counted exactly once.
 */
const hotConnections = Number(process.env.BENCH_HOT_CONNECTIONS ?? 64);
if (hotConnections > 0) {
  await sleep(STATS_SETTLE_MS);
  const customerId = `hot-${process.pid}`;
  const call = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body ? { 'content-type': 'application/json', 'idempotency-key': `${path}/${method}` } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (response.status >= 400) throw new Error(`hot stream setup: ${method} ${path} → ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  await call('POST', '/v1/customers', {
    customerId,
    name: 'Hot',
    email: 'hot@example.com',
    language: 'en',
    timezone: 'UTC',
  });
  const orderId = `${customerId}-o`;
  await call('POST', '/v1/orders', {
    orderId,
    customerId,
    currency: 'EUR',
    lines: [{ sku: 'h', name: 'h', category: 'c', qty: 1, unitPrice: 100_000_000, warrantyMonths: 0 }],
    occurredAt: '2026-01-01T00:00:00Z',
  });
  await call('POST', `/v1/orders/${orderId}/shipments`, {
    shipmentId: `${orderId}-s`,
    carrier: 'DHL',
    trackingNumber: 't',
    estimatedDeliveryAt: '2026-01-05T00:00:00Z',
    occurredAt: '2026-01-02T00:00:00Z',
  });
  await call('POST', `/v1/orders/${orderId}/delivery`, { occurredAt: '2026-01-04T00:00:00Z' });
  const before = Number((await call('GET', `/v1/loyalty/${customerId}`)).available);
  const load = {
    kind: 'hot' as const,
    hotCustomer: customerId,
    base,
    key,
    connections: hotConnections,
    seconds,
    journeyPrefix: `${process.pid}-hot`,
  };
  const hot = await (loadThread ? loadThread.drive(load) : drive(load));
  const after = Number((await call('GET', `/v1/loyalty/${customerId}`)).available);
  const failed = hot.failed.map(([status, n]) => `${n}×${status}`).join(' ');
  // The load stops with up to one request per connection still in flight: those are served
  // (and spent) but not counted as answered.
  const fell = before - after;
  const consistent = fell >= hot.commands && fell - hot.commands <= hotConnections;
  console.log(
    `hot stream, ${hotConnections} connections redeeming from one customer without If-Match: ` +
      `${(hot.commands / seconds).toFixed(0)} commands/s, p50 ${hot.p50} ms, p99 ${hot.p99} ms; ` +
      `${hot.commands} answered 200, balance fell by ${fell}` +
      `${consistent ? ` (${fell - hot.commands} more were in flight when the load stopped)` : ' (INCONSISTENT)'}` +
      `${failed ? `; failed ${failed}` : '; none failed'}${hot.errors ? `; ${hot.errors} errors` : ''}`,
  );
}
await floorApp.close();
await loadThread?.close();
await stopApi();
await store.close();
await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.end();
