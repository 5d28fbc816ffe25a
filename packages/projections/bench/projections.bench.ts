// `pnpm bench:projections [--events N] [--naive-sample N] [--keep]`: seeds N simulated events
// into a fresh Postgres store, rebuilds every registered projection (one read of the log feeds
// all of them), and compares with a naive one-transaction-per-event projector on a sample.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { allProjections } from '../src/registry';
import { formatProgress } from '../src/runner/progress-bar';
import { rebuildProjections } from '../src/runner/rebuild';
import { runNaive } from './naive';

const SEEDER = fileURLToPath(new URL('./seed.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'naive-sample': { type: 'string', default: '20000' },
    'batch-size': { type: 'string', default: '5000' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const SAMPLE = Math.min(N, Number(values['naive-sample']));
const BATCH = Number(values['batch-size']);
const adminUrl =
  process.env.PG_ADMIN_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const out = (line: string) => process.stdout.write(`${line}\n`);

const dbName = `bench_projections_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const store = await createPostgresEventStore({ connectionString: url.toString() });
const pool = new pg.Pool({ connectionString: url.toString(), max: allProjections.length * 2 + 2 });
pool.on('error', () => {});
const log = pino({ level: 'warn' }, pino.destination(2));
// Time spent in each projection's apply (they run side by side, so the slowest bounds the rate).
const applySeconds = new Map<string, number>();
const projections = allProjections.map((p) => ({
  ...p,
  apply: async (...args: Parameters<typeof p.apply>) => {
    const t0 = performance.now();
    await p.apply(...args);
    applySeconds.set(p.name, (applySeconds.get(p.name) ?? 0) + (performance.now() - t0) / 1000);
  },
}));

try {
  out(`projections: ${allProjections.map((p) => p.name).join(', ')}`);
  // 1. Seed.
  const seedStarted = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SEEDER, url.toString(), String(N)], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`seeding failed (exit ${code})`)),
    );
  });
  out(
    `seeded ${N.toLocaleString('en')} events in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );

  // 2. Rebuild everything, sampling RSS; note it at 25/50/75/100 % of the history.
  global.gc?.();
  const rssAt: string[] = [];
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  let nextMark = 0.25;
  let lastLine = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const [result] = await rebuildProjections({
    store,
    pool,
    projections,
    log,
    batchSize: BATCH,
    totalEvents: N,
    onProgress: (progress) => {
      const share = progress.events / N;
      while (share >= nextMark - 1e-9 && nextMark <= 1) {
        const memory = process.memoryUsage();
        rssAt.push(`${Math.round(nextMark * 100)}%: ${mb(memory.rss)} (JS heap ${mb(memory.heapUsed)})`);
        nextMark += 0.25;
      }
      if (performance.now() - lastLine > 2000) {
        lastLine = performance.now();
        process.stderr.write(`rebuild ${formatProgress(progress)}\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const rate = (result?.events ?? 0) / seconds;
  out(
    `rebuild of ${allProjections.length} projections: ${(result?.events ?? 0).toLocaleString('en')} events in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} events/s (all projections together)`,
  );
  out(
    `rebuild process CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of ${seconds.toFixed(1)} s wall (the rest is Postgres)`,
  );
  out(`apply time per projection: ${[...applySeconds].map(([n, t]) => `${n} ${t.toFixed(1)} s`).join(', ')}`);
  out(
    `RSS during rebuild at ${rssAt.join(', ')}; peak ${mb(peak)} (process max RSS ${mb(process.resourceUsage().maxRSS * 1024)})`,
  );

  // 3. The naive projector on a sample, extrapolated per event.
  const sample = await store.readAll({ maxCount: SAMPLE });
  const naiveClient = await pool.connect();
  let naiveSeconds: number;
  try {
    naiveSeconds = await runNaive(naiveClient, allProjections, sample);
  } finally {
    naiveClient.release();
  }
  const naiveRate = sample.length / naiveSeconds;
  out(
    `naive one-transaction-per-event projector: ${sample.length.toLocaleString('en')} events (sample) in ${naiveSeconds.toFixed(1)} s = ${Math.round(naiveRate).toLocaleString('en')} events/s; extrapolated to ${N.toLocaleString('en')} events: ${(N / naiveRate).toFixed(0)} s`,
  );
  out(`speed-up over naive: ${(rate / naiveRate).toFixed(1)}x`);
} finally {
  await pool.end();
  await store.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  else out(`kept database ${dbName}`);
  await admin.end();
}
