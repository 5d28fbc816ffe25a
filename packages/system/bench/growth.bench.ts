/**
 * `pnpm bench growth [--sizes 100000,1000000,10000000] [--seconds 20] [--connections 16]
 * [--seed-workers 2]`:
 * the command API's workload (command-api/bench/load.ts journeys over HTTP) and projection catch-up against
 * a store that grows: seeded by SQL to each size in turn, in one PostgreSQL cluster of the
 * bench's own (initdb, the shared server's memory settings, `pg_stat_statements` and
 * `auto_explain` loaded), so nothing else on the machine is touched.
 *
 * Seeding (`seedJourneys`): per journey five events on three streams, as the API writes them
 * (customer-…: CustomerRegistered; order-…: OrderPlaced, OrderShipped, OrderDelivered;
 * loyalty-…: PointsEarned), data and metadata in canonical JSON and each stream's hash chain
 * computed in SQL as `append_events` computes it (a sample is checked against `computeEventHash`);
 * with them the idempotency records (four per journey), the notifier's processed events (five),
 * decisions and sent-ledger (one each) grown in proportion. The read models are not: the
 * projections' checkpoints are set 20,000 events (4,000 whole journeys) before the seeded head,
 * so at every size catch-up applies those and what the API phase appended, over a store of the
 * size.
 *
 * At each size: commands/s, p50/p99, Postgres statement time and CPU (all its processes) per command; the
 * projections' events/s and time per event; the statements whose mean time rose more than 20 %
 * since the previous size (`pg_stat_statements`); every sequential scan of a sampled plan
 * (`auto_explain`, nested statements included, 5 % of statements) of a table of 10,000 rows or
 * more, and of such tables (`pg_stat_user_tables`, over 1,000 rows read) — each is flagged. Nothing here asserts a time.
 */
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { computeEventHash, createPostgresEventStore, migrateEventStoreSchema } from '@aftersales/event-store';
import { ensureNotifierSchema } from '@aftersales/notifier';
import { ApiKeyRepository, SCOPES } from '@aftersales/ops';
import { allProjections, ensureBookkeeping, startProjections } from '@aftersales/projections';
import pg from 'pg';
import pino from 'pino';
import { startOwnPostgres } from '../../chaos/src/infra/postgres';
import { drive } from '../../command-api/bench/load';
import { serveApi } from '../../command-api/bench/serve';
import { migrateApiSchema } from '../../command-api/src/db/schema';
import { freePort } from '../../notifier/test/servers';

const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const sizes = flag('sizes', '100000,1000000,10000000').split(',').map(Number);
const seconds = Number(flag('seconds', '20'));
const connections = Number(flag('connections', '16'));
const seedWorkers = Math.max(1, Number(flag('seed-workers', '2')));
const EVENTS_PER_JOURNEY = 5;
/** Seeded events the projections catch up at every size (4,000 journeys). */
const CATCH_UP = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => process.stdout.write(`${line}\n`);

const dir = await mkdtemp(path.join(os.tmpdir(), 'aftersales-growth-'));
// The cluster may run as another OS user (see chaos's infra/postgres.ts): it must reach its directory.
await chmod(dir, 0o755);
const server = await startOwnPostgres(path.join(dir, 'pg'), await freePort(), [
  // The shared server's memory settings (`SHOW shared_buffers`, work_mem: the default 4MB).
  '-c shared_buffers=128MB',
  "-c shared_preload_libraries='pg_stat_statements,auto_explain'",
  '-c pg_stat_statements.track=all',
  '-c auto_explain.log_min_duration=0',
  '-c auto_explain.sample_rate=0.05',
  '-c auto_explain.log_nested_statements=on',
  '-c max_wal_size=4GB',
]);
const url = server.urlOf('aftersales');
const logFile = path.join(dir, 'pg', 'postgres.log');
const pool = new pg.Pool({ connectionString: url, max: 4 });
pool.on('error', () => undefined);

/** Journeys `from` .. `to - 1`, in one statement per chunk. */
const SEED_EVENTS = `
WITH j AS (
  SELECT g, 'g' || g AS id,
         to_char((timestamptz '2026-01-01' + g * interval '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
    FROM generate_series($1::bigint, $2::bigint - 1) g
), d AS (
  SELECT g, id, at,
    format('{"consents":{"email":{"marketing":false,"transactional":true},"sms":{"marketing":false,"transactional":false}},"customerId":"%s","email":"c%s@example.com","language":"en","name":"Customer %s","registeredAt":"%s","timezone":"UTC"}', id, g, g, at) AS d0,
    format('{"currency":"EUR","customerId":"%s","lines":[{"category":"kitchen","lineNo":1,"name":"Kettle","qty":2,"sku":"KET-200","unitPrice":4999,"warrantyMonths":24}],"orderId":"%s","placedAt":"%s"}', id, id, at) AS d1,
    format('{"carrier":"DHL","customerId":"%s","estimatedDeliveryAt":"2026-01-05T00:00:00Z","orderId":"%s","shipmentId":"%s-s","shippedAt":"%s","trackingNumber":"T%s"}', id, id, id, at, g) AS d2,
    format('{"customerId":"%s","deliveredAt":"%s","orderId":"%s"}', id, at, id) AS d3,
    format('{"currency":"EUR","customerId":"%s","earnedAt":"%s","lots":[{"availableAt":"2026-02-03T00:00:00.000Z","expiresAt":"2027-01-04T00:00:00.000Z","lineNo":1,"lotId":"order:%s:1","points":99,"qty":2,"spend":9998}],"multiplier":1,"orderId":"%s","tier":"bronze","unitsPerPoint":1}', id, at, id, id) AS d4,
    md5('seed:' || g || ':0')::uuid AS e0, md5('seed:' || g || ':1')::uuid AS e1, md5('seed:' || g || ':2')::uuid AS e2,
    md5('seed:' || g || ':3')::uuid AS e3, md5('seed:' || g || ':4')::uuid AS e4
  FROM j
), m AS (
  SELECT d.*,
    format('{"actor":"seed","eventId":"%s","occurredAt":"%s","schemaVersion":1}', e0, at) AS m0,
    format('{"actor":"seed","eventId":"%s","occurredAt":"%s","schemaVersion":1}', e1, at) AS m1,
    format('{"actor":"seed","eventId":"%s","occurredAt":"%s","schemaVersion":2}', e2, at) AS m2,
    format('{"actor":"seed","eventId":"%s","occurredAt":"%s","schemaVersion":1}', e3, at) AS m3,
    format('{"actor":"seed","eventId":"%s","occurredAt":"%s","schemaVersion":1}', e4, at) AS m4
  FROM d
), h1 AS (
  -- The order stream's chain: each hash over the one before (as append_events computes it).
  SELECT m.*, sha256(convert_to(E'\\norder-' || id || E'\\n0\\nOrderPlaced\\n' || d1 || E'\\n' || m1, 'UTF8')) AS x1 FROM m
), h2 AS (
  SELECT h1.*, sha256(convert_to(encode(x1, 'hex') || E'\\norder-' || id || E'\\n1\\nOrderShipped\\n' || d2 || E'\\n' || m2, 'UTF8')) AS x2 FROM h1
), h3 AS (
  SELECT h2.*, sha256(convert_to(encode(x2, 'hex') || E'\\norder-' || id || E'\\n2\\nOrderDelivered\\n' || d3 || E'\\n' || m3, 'UTF8')) AS x3 FROM h2
)
INSERT INTO event_store.events (position, stream_id, revision, event_id, type, data, metadata, hash, recorded_at)
SELECT ($3::bigint + ((g - $4::bigint) * 5 + v.k) / 500000) * 1048576 + ((g - $4::bigint) * 5 + v.k) % 500000, v.stream_id, v.revision, v.event_id,
       v.type, v.data::jsonb, v.meta::jsonb, v.hash, at::timestamptz
  FROM h3 CROSS JOIN LATERAL (VALUES
    (0, 'customer-' || id, 0, e0, 'CustomerRegistered', d0, m0,
       sha256(convert_to(E'\\ncustomer-' || id || E'\\n0\\nCustomerRegistered\\n' || d0 || E'\\n' || m0, 'UTF8'))),
    (1, 'order-' || id, 0, e1, 'OrderPlaced', d1, m1, x1),
    (2, 'order-' || id, 1, e2, 'OrderShipped', d2, m2, x2),
    (3, 'order-' || id, 2, e3, 'OrderDelivered', d3, m3, x3),
    (4, 'loyalty-' || id, 0, e4, 'PointsEarned', d4, m4,
       sha256(convert_to(E'\\nloyalty-' || id || E'\\n0\\nPointsEarned\\n' || d4 || E'\\n' || m4, 'UTF8')))
  ) AS v(k, stream_id, revision, event_id, type, data, meta, hash)
 ORDER BY 1`;

const SEED_SIDE_TABLES = [
  `INSERT INTO idempotency_records (key_name, idempotency_key, request_hash, status_code, response_headers, response_body, created_at)
   SELECT 'seed', 'seed-' || g || '-' || k, md5(g || ':' || k), 201, '{}', '{"events":[]}', now()
     FROM generate_series($1::bigint, $2::bigint - 1) g CROSS JOIN generate_series(0, 3) k`,
  `INSERT INTO notifier.processed_events (event_id, event_type, position, processed_at)
   SELECT md5('seed:' || g || ':' || k)::uuid::text, 'Seeded', g * 5 + k, now()
     FROM generate_series($1::bigint, $2::bigint - 1) g CROSS JOIN generate_series(0, 4) k`,
  `INSERT INTO notifier.sent_ledger (rule, subject_key, customer_id, class, channel, sent_at)
   SELECT 'shipment-delayed', 'g' || g || ':seed', 'g' || g, 'transactional', 'email', now() - interval '1 day'
     FROM generate_series($1::bigint, $2::bigint - 1) g`,
  `INSERT INTO notifier.decisions (decision, reason, rule, customer_id, subject_key, channel, at, trigger_event_id)
   SELECT 'sent', 'sent', 'shipment-delayed', 'g' || g, 'g' || g || ':seed', 'email', now() - interval '1 day',
          md5('seed:' || g || ':2')::uuid::text
     FROM generate_series($1::bigint, $2::bigint - 1) g`,
];

/**
 * Positions are a transaction id shifted left by 20 bits plus an index (see the store's
 * schema.ts): the seeded events take ids after the log's head and below the current one (ids
 * of transactions that have ended), 500,000 events to an id, so they come after everything in
 * the log and every reader sees them.
 */
async function seedJourneys(from: number, to: number): Promise<void> {
  const chunk = 50_000;
  const { rows } = await pool.query<{ base: string; current: string }>(
    `SELECT (coalesce(max(position), 0) >> 20) + 1 AS base, pg_current_xact_id()::text AS current
       FROM event_store.events`,
  );
  const base = BigInt(rows[0]?.base ?? 1);
  const needed = BigInt(Math.ceil(((to - from) * EVENTS_PER_JOURNEY) / 500_000));
  if (base + needed >= BigInt(rows[0]?.current ?? 0))
    throw new Error('not enough ended transaction ids above the head to number the seeded events');
  // Each chunk's positions follow from its journey numbers alone, so chunks may go in any order:
  // `--seed-workers` connections take them in turn (the seeding is CPU-bound in Postgres).
  const chunks: [number, number][] = [];
  for (let start = from; start < to; start += chunk) chunks.push([start, Math.min(to, start + chunk)]);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(seedWorkers, chunks.length) }, async () => {
      const client = await pool.connect();
      try {
        // A crash during seeding ends the bench anyway: no need to wait for each commit's flush.
        await client.query('SET synchronous_commit = off');
        for (let c = chunks[next++]; c !== undefined; c = chunks[next++]) {
          const [start, end] = c;
          await client.query(SEED_EVENTS, [start, end, base.toString(), from]);
          for (const sql of SEED_SIDE_TABLES) await client.query(sql, [start, end]);
        }
      } finally {
        client.release();
      }
    }),
  );
}

/** A sample of seeded streams recomputed with the store's own hash function. */
async function checkChains(journeys: number): Promise<void> {
  const picks = [0, Math.floor(journeys / 2), journeys - 1].flatMap((g) => [`order-g${g}`, `customer-g${g}`]);
  const { rows } = await pool.query<{
    stream_id: string;
    revision: string;
    type: string;
    data: unknown;
    metadata: unknown;
    hash: Buffer;
  }>(
    'SELECT stream_id, revision::text, type, data, metadata, hash FROM event_store.events WHERE stream_id = ANY($1) ORDER BY stream_id, revision',
    [picks],
  );
  let previous = new Map<string, string>();
  for (const row of rows) {
    const expected = computeEventHash({
      previousHash: previous.get(row.stream_id) ?? '',
      streamId: row.stream_id,
      revision: BigInt(row.revision),
      type: row.type,
      data: row.data,
      metadata: row.metadata,
    });
    if (expected !== row.hash.toString('hex'))
      throw new Error(`seeded hash chain broken at ${row.stream_id}@${row.revision}`);
    previous = previous.set(row.stream_id, expected);
  }
}

type Statement = { queryid: string; query: string; calls: number; total: number; mean: number };
async function statements(): Promise<Map<string, Statement>> {
  const { rows } = await pool.query<{
    queryid: string;
    query: string;
    calls: string;
    total: number;
    mean: number;
  }>(
    `SELECT queryid::text, query, calls, total_exec_time AS total, mean_exec_time AS mean
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return new Map(rows.map((r) => [r.queryid, { ...r, calls: Number(r.calls) }]));
}

async function tableScans(): Promise<Map<string, { seq: number; tuples: number; rows: number }>> {
  const { rows } = await pool.query<{ name: string; seq: string; tuples: string; rows: string }>(
    `SELECT schemaname || '.' || relname AS name, seq_scan AS seq, seq_tup_read AS tuples, n_live_tup AS rows
       FROM pg_stat_user_tables`,
  );
  return new Map(
    rows.map((r) => [r.name, { seq: Number(r.seq), tuples: Number(r.tuples), rows: Number(r.rows) }]),
  );
}

/** User and system CPU of a process in ms (`children`: also what its reaped children used). */
async function processCpuMs(pid: number, children = false): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (!fields) return 0;
  const ticks = [11, 12, ...(children ? [13, 14] : [])].reduce((n, i) => n + Number(fields[i]), 0);
  return ticks * 10;
}

/**
 * The CPU the bench's PostgreSQL has used so far: the postmaster with what its ended children
 * used, and every child still running. (Summing the live backends alone went negative when a
 * pool closed a connection between two readings.)
 */
async function postgresCpuMs(): Promise<number> {
  const postmaster = Number(
    (await readFile(path.join(dir, 'pg', 'data', 'postmaster.pid'), 'utf8')).split('\n')[0],
  );
  let ms = await processCpuMs(postmaster, true);
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    const ppid = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) ms += await processCpuMs(Number(entry));
  }
  return ms;
}

/** Sequential scans in the plans auto_explain logged since `offset` of the server log. */
async function loggedSeqScans(offset: number): Promise<{ offset: number; scans: Map<string, string> }> {
  const text = (await readFile(logFile, 'utf8')).slice(offset);
  const scans = new Map<string, string>();
  let query = '';
  for (const line of text.split('\n')) {
    const q = /Query Text: (.*)$/.exec(line);
    if (q) query = (q[1] ?? '').slice(0, 120);
    const s = /Seq Scan on (\S+)/.exec(line);
    if (s?.[1] && !s[1].startsWith('pg_')) scans.set(s[1], query);
  }
  return { offset: offset + text.length, scans };
}

async function head(): Promise<bigint> {
  const { rows } = await pool.query<{ p: string | null }>(
    'SELECT max(position)::text AS p FROM event_store.events',
  );
  return BigInt(rows[0]?.p ?? 0);
}

// Schema: the store's, the API's, the notifier's, and the projections' (one short start).
{
  const client = await pool.connect();
  await migrateEventStoreSchema(client).finally(() => client.release());
}
await migrateApiSchema(pool);
await ensureNotifierSchema(pool);
await ensureBookkeeping(pool);
await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
const key = await new ApiKeyRepository(pool).create('growth', SCOPES);
const log = pino({ level: 'warn' });
{
  const store = await createPostgresEventStore({ connectionString: url });
  const setupPool = new pg.Pool({ connectionString: url, max: 12 });
  const projections = startProjections({ store, pool: setupPool, log, projections: allProjections });
  for (let i = 0; i < 100; i++) {
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM projections.projection_status',
    );
    if (rows[0]?.n === allProjections.length) break;
    await sleep(200);
  }
  await projections.stop();
  await setupPool.end();
  await store.close();
}

type Row = {
  events: number;
  seedS: number;
  commandsPerS: number;
  p50: number;
  p99: number;
  stmtMsPerCommand: number;
  cpuMsPerCommand: number;
  projectedPerS: number;
  msPerProjected: number;
  projectedStmtMs: number;
  dearer: string[];
  seqScans: string[];
};
const rows: Row[] = [];
let journeys = 0;
let logOffset = 0;
let previous: Map<string, Statement> | undefined;
let previousProjection: Map<string, Statement> | undefined;
let phase = 0;
try {
  for (const size of sizes) {
    const target = Math.ceil(size / EVENTS_PER_JOURNEY);
    const seedStarted = Date.now();
    await seedJourneys(journeys, target);
    journeys = target;
    await checkChains(journeys);
    const seeded = await head();
    // The projections start CATCH_UP events before the seeded head (whole journeys: each
    // journey's five events are consecutive), so every size projects the same seeded events,
    // then what the API phase appends.
    const { rows: from } = await pool.query<{ p: string }>(
      'SELECT position::text AS p FROM event_store.events WHERE position <= $1 ORDER BY position DESC OFFSET $2 LIMIT 1',
      [seeded.toString(), CATCH_UP],
    );
    await pool.query('UPDATE projections.projection_status SET position = $1, head_position = $1', [
      from[0]?.p ?? '0',
    ]);
    // Counted before the vacuum: the bench's own scan must reach the table counters (flushed at
    // most once a second) before the API phase's "before" reading, not in its window.
    const { rows: count } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events');
    const events = Number(count[0]?.n ?? 0);
    await pool.query('VACUUM ANALYZE');
    // The seeding's writes reach the disk now, not in a checkpoint while the API phase is measured.
    await pool.query('CHECKPOINT');
    const seedS = (Date.now() - seedStarted) / 1000;
    say(`\n== ${events.toLocaleString('en')} events (seeded in ${seedS.toFixed(0)} s) ==`);

    // The API phase.
    await pool.query('SELECT pg_stat_statements_reset()');
    logOffset = (await loggedSeqScans(logOffset)).offset;
    const tablesBefore = await tableScans();
    const served = await serveApi(url, 0);
    // Warm the pools and caches, then measure.
    await drive({ base: served.base, key, connections, seconds: 2, journeyPrefix: `w${phase}` });
    await pool.query('SELECT pg_stat_statements_reset()');
    const cpuBefore = await postgresCpuMs();
    const result = await drive({
      base: served.base,
      key,
      connections,
      seconds,
      journeyPrefix: `m${phase++}`,
    });
    const cpuMs = (await postgresCpuMs()) - cpuBefore;
    const apiStatements = await statements();
    await served.close();
    const apiMs = [...apiStatements.values()].reduce((n, s) => n + s.total, 0);
    const top = [...apiStatements.values()].sort((a, b) => b.total - a.total).slice(0, 5);
    for (const t of top) {
      say(
        `  top ${(t.total / result.commands).toFixed(3)} ms/command, ${t.mean.toFixed(3)} ms x ${t.calls}: ${t.query.replace(/\s+/g, ' ').slice(0, 110)}`,
      );
    }
    say(
      `api: ${(result.commands / seconds).toFixed(0)} commands/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
        `${(apiMs / result.commands).toFixed(2)} ms statements and ${(cpuMs / result.commands).toFixed(2)} ms Postgres CPU per command` +
        (result.failed.length ? `, failed ${JSON.stringify(result.failed)}` : ''),
    );

    // Projection catch-up: everything the API phase appended, over the grown store.
    await pool.query('SELECT pg_stat_statements_reset()');
    const target2 = await head();
    const { rows: fresh } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM event_store.events WHERE position > $1',
      [from[0]?.p ?? '0'],
    );
    const newEvents = fresh[0]?.n ?? 0;
    const store = await createPostgresEventStore({ connectionString: url });
    const projectionPool = new pg.Pool({ connectionString: url, max: 12 });
    const started = Date.now();
    const { rows: clock } = await pool.query<{ now: Date }>('SELECT now()');
    const projections = startProjections({
      store,
      pool: projectionPool,
      log,
      projections: allProjections,
      lagIntervalMs: 200,
    });
    for (;;) {
      // Caught up: every projection measured no lag since it started (a checkpoint stays at the
      // last event its filter takes, so it is not compared with the head).
      const { rows: behind } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM projections.projection_status
          WHERE heartbeat_at IS NULL OR heartbeat_at <= $1 OR lag_events <> 0 OR head_position < $2`,
        [clock[0]?.now, target2.toString()],
      );
      if (behind[0]?.n === 0) break;
      if (Date.now() - started > 30 * 60_000) throw new Error('projections did not catch up in 30 min');
      await sleep(100);
    }
    const catchUpS = (Date.now() - started) / 1000;
    await projections.stop();
    await projectionPool.end();
    await store.close();
    const projectionStatements = await statements();
    const projMs = [...projectionStatements.values()].reduce((n, s) => n + s.total, 0);
    const topProjection = [...projectionStatements.values()].sort((a, b) => b.total - a.total).slice(0, 5);
    for (const t of topProjection) {
      say(
        `  top ${(t.total / newEvents).toFixed(3)} ms/event, ${t.mean.toFixed(3)} ms x ${t.calls}: ${t.query.replace(/\s+/g, ' ').slice(0, 110)}`,
      );
    }
    say(
      `projections: ${newEvents} events in ${catchUpS.toFixed(1)} s = ${(newEvents / catchUpS).toFixed(0)} events/s, ` +
        `${(projMs / newEvents).toFixed(2)} ms statements per event`,
    );

    // What got dearer since the previous size (API phase), and every sequential scan.
    const dearer: string[] = [];
    if (previous) {
      for (const [id, now] of apiStatements) {
        const before = previous.get(id);
        if (!before || now.calls < 100 || before.calls < 100) continue;
        if (now.mean > before.mean * 1.2 && now.mean - before.mean > 0.02) {
          dearer.push(
            `${(now.mean / before.mean).toFixed(2)}x ${before.mean.toFixed(3)} -> ${now.mean.toFixed(3)} ms: ${now.query.replace(/\s+/g, ' ').slice(0, 140)}`,
          );
        }
      }
    }
    if (previousProjection) {
      for (const [id, now] of projectionStatements) {
        const before = previousProjection.get(id);
        if (!before || now.calls < 20 || before.calls < 20) continue;
        if (now.mean > before.mean * 1.2 && now.mean - before.mean > 0.02) {
          dearer.push(
            `(projections) ${(now.mean / before.mean).toFixed(2)}x ${before.mean.toFixed(3)} -> ${now.mean.toFixed(3)} ms: ${now.query.replace(/\s+/g, ' ').slice(0, 140)}`,
          );
        }
      }
    }
    previous = apiStatements;
    previousProjection = projectionStatements;
    const tablesAfter = await tableScans();
    const seqScans: string[] = [];
    for (const [name, after] of tablesAfter) {
      const before = tablesBefore.get(name) ?? { seq: 0, tuples: 0, rows: 0 };
      const scans = after.seq - before.seq;
      const tuples = after.tuples - before.tuples;
      if (scans > 0 && tuples > 1_000 && after.rows >= 10_000)
        seqScans.push(`${name}: ${scans} seq scans read ${tuples} rows (table ${after.rows} rows)`);
    }
    const logged = await loggedSeqScans(logOffset);
    logOffset = logged.offset;
    for (const [table, query] of logged.scans) {
      // A small table is read whole by any sensible plan; only a grown one is a finding.
      const rowsOf = [...tablesAfter].find(([name]) => name.endsWith(`.${table}`))?.[1].rows ?? 0;
      if (rowsOf >= 10_000) seqScans.push(`plan: Seq Scan on ${table} (${rowsOf} rows) in "${query}"`);
    }
    for (const line of dearer) say(`  DEARER ${line}`);
    for (const line of seqScans) say(`  SEQ SCAN ${line}`);
    if (dearer.length === 0 && seqScans.length === 0)
      say('  no statement dearer by 20 %, no sequential scan');
    rows.push({
      events,
      seedS,
      commandsPerS: result.commands / seconds,
      p50: result.p50,
      p99: result.p99,
      stmtMsPerCommand: apiMs / result.commands,
      cpuMsPerCommand: cpuMs / result.commands,
      projectedPerS: newEvents / catchUpS,
      msPerProjected: (catchUpS * 1000) / newEvents,
      projectedStmtMs: projMs / newEvents,
      dearer,
      seqScans,
    });
  }
} finally {
  await pool.end();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}

say(
  `\n| events | seeded in | commands/s | p50 ms | p99 ms | stmt ms/command | PG CPU ms/command | projected events/s | stmt ms/projected event | dearer (>20 %) | seq scans |`,
);
say('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  say(
    `| ${r.events.toLocaleString('en')} | ${r.seedS.toFixed(0)} s | ${r.commandsPerS.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.stmtMsPerCommand.toFixed(2)} | ${r.cpuMsPerCommand.toFixed(2)} | ${r.projectedPerS.toFixed(0)} | ${r.projectedStmtMs.toFixed(2)} | ${r.dearer.length} | ${r.seqScans.length} |`,
  );
}
