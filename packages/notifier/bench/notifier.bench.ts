import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPostgresEventStore, type EventStore, type NewEvent } from '@aftersales/event-store';
import { connect, nanos, StorageType } from 'nats';
import pg from 'pg';
import pino from 'pino';
import { AsyncJetStreamPublisher } from '../src/bus/jetstream';
import { encodeEnvelope } from '../src/envelope';
import { startRelay } from '../src/relay/relay';
import { cpuMeter } from './cpu';

/**
 * `pnpm bench:notifier [--seconds 60] [--rate 1000] [--relay-events 50000]`
 * 1. Raw JetStream: a Node publisher with message ids, bounded in-flight (the ceiling).
 * 2. Relay: events preloaded into the Postgres store, relayed to a fresh stream: events/s.
 * 3. Latency: relay and notifier run as separate processes (as deployed); this process appends
 *    ShipmentDelayed events at `rate`/s and measures appended → decision recorded.
 * Needs PostgreSQL (`DATABASE_URL`, an admin URL; default local) and NATS (`NATS_URL`).
 * The latency run also reports the CPU each part spent per event (its process and its Postgres
 * backends, told apart by application_name), which varies far less than latency on a busy machine.
 * BENCH_VERBOSE=1: per-second progress of each stage and the latency split by stage.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1000' },
    'relay-events': { type: 'string', default: '50000' },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const relayEvents = Number(values['relay-events']);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const log = pino({ level: 'warn' });
const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
/** The application_name of this process's own connections (the appends, the bench's queries). */
const APPENDER_APP = 'notifier-bench-appender';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes a JetStream stream the bench made. */
async function deleteStream(name: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  await (await nc.jetstreamManager()).streams.delete(name).catch(() => false);
  await nc.drain();
}

/** The bench database's backends with their application_name, for the CPU meter. */
const backendsOf = async (pool: pg.Pool) =>
  (
    await pool.query<{ pid: number; application_name: string }>(
      'SELECT pid, application_name FROM pg_stat_activity WHERE datname = current_database()',
    )
  ).rows;

/** At most `limit` operations in flight; `run` waits for a free slot (O(1), unlike racing a set). */
function limiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    async run(task: () => Promise<unknown>): Promise<void> {
      while (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      void task().finally(release);
    },
    async idle(): Promise<void> {
      while (active > 0) await new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
}

let databases = 0;
async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_notifier_${runId}_${++databases}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

const delayedEvent = (customerId: string): NewEvent => {
  const at = new Date().toISOString();
  const orderId = randomUUID();
  return {
    type: 'ShipmentDelayed',
    data: {
      orderId,
      customerId,
      shipmentId: 's1',
      previousEstimatedDeliveryAt: new Date(Date.now() + 86_400_000).toISOString(),
      newEstimatedDeliveryAt: new Date(Date.now() + 4 * 86_400_000).toISOString(),
      reason: 'weather',
      delayedAt: at,
    },
    metadata: { eventId: randomUUID(), occurredAt: at, schemaVersion: 1 },
  };
};

/**
 * 1. Raw JetStream publishing with message ids, the same window of 1,024, publishes in
 * synchronous runs. `own`: the relay's publisher without a store behind it (its ceiling).
 * `stock`: nats.js's own `js.publish` with `msgID`, the publisher most Node services would write.
 */
async function rawJetStream(
  count: number,
  client: 'own' | 'stock',
): Promise<{ perSecond: number; messageBytes: number; cpuPerEventUs: Record<string, unknown> }> {
  const nc = await connect({ servers: natsUrl, noAsyncTraces: true });
  const jsm = await nc.jetstreamManager();
  const stream = `BENCH_RAW_${client}_${runId}`.toUpperCase();
  await jsm.streams.add({
    name: stream,
    subjects: [`benchraw${client}${runId}.>`],
    storage: StorageType.File,
    duplicate_window: nanos(120_000),
  });
  // The messages the relay publishes for the same events (stored metadata and store time
  // included), each with its own id, encoded before the clock starts: the ceiling is the bus with
  // messages of the relay's size, not our encoding.
  const recordedAt = new Date().toISOString();
  const messages = Array.from({ length: count }, (_, index) => {
    const event = delayedEvent(randomUUID());
    const eventId = String(event.metadata.eventId);
    const data = encodeEnvelope({
      eventId,
      streamId: `order-bench-${index - (index % 500)}`,
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: { ...event.metadata, recordedAt },
      revision: String(index % 500),
      position: String(index + 1),
      recordedAt,
    });
    return { data, msgId: eventId };
  });
  const maxInFlight = 1_024;
  let inFlight = 0;
  let sent = 0;
  let failures = 0;
  let acked = 0;
  let wake: (() => void) | undefined;
  const settle = (ok: boolean) => {
    inFlight--;
    if (ok) acked++;
    else failures++;
    wake?.();
  };
  const subject = `benchraw${client}${runId}.events.ShipmentDelayed`;
  type Message = (typeof messages)[number];
  const own =
    client === 'own'
      ? new AsyncJetStreamPublisher(nc, stream, (message: Message) => ({ subject, ...message }))
      : undefined;
  const js = nc.jetstream();
  const publish = (message: Message): Promise<unknown> =>
    own
      ? own.publish(message)
      : js.publish(subject, message.data, { msgID: message.msgId, expect: { streamName: stream } });
  const meter = await cpuMeter({ publisher: { pid: process.pid } }, async () => []);
  const cpuStart = await meter.start();
  const started = performance.now();
  while (sent < count || inFlight > 0) {
    const run = Math.min(count - sent, maxInFlight - inFlight);
    for (let i = 0; i < run; i++) {
      inFlight++;
      publish(messages[sent++] as Message).then(
        () => settle(true),
        () => settle(false),
      );
    }
    // Wait for an ack, then let the rest of that socket read's acks arrive before the next run.
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const perSecond = acked / ((performance.now() - started) / 1000);
  const { cpuPerEventUs } = await meter.report(cpuStart, count);
  own?.close();
  if (failures > 0) log.warn({ failures, client }, 'raw JetStream: publishes failed');
  await jsm.streams.delete(stream);
  await nc.drain();
  const messageBytes = Math.round(messages.reduce((sum, message) => sum + message.data.length, 0) / count);
  return { perSecond, messageBytes, cpuPerEventUs };
}

/** 2. Relay throughput from a preloaded store. */
async function relayThroughput(
  store: EventStore,
  pool: pg.Pool,
  count: number,
): Promise<{ perSecond: number; reads: 'stored' | 'events'; cpuPerEventUs: Record<string, unknown> }> {
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, () => delayedEvent(randomUUID()));
    await store.appendToStream(`order-bench-${i}`, batch);
  }
  const head = await store.headPosition();
  log.warn({ head: head.toString() }, 'relay phase: store preloaded');
  // CPU is counted from before the relay starts (its setup is a few connections and one stream).
  const meter = await cpuMeter({ relay: { pid: process.pid, applicationName: APPENDER_APP } }, () =>
    backendsOf(pool),
  );
  const cpuStart = await meter.start();
  const setupStarted = performance.now();
  const relay = await startRelay({
    store,
    pool,
    log,
    natsUrl,
    names: { stream: `BENCH_RELAY_${runId}`.toUpperCase(), subjectPrefix: `benchrelay${runId}` },
    name: `bench-relay-${runId}`,
  });
  // Timed from here, like the raw run (which is timed after its connection and stream exist):
  // startRelay has connected, created the stream and loaded the checkpoint, and just begun reading.
  const started = performance.now();
  if (process.env.BENCH_VERBOSE) console.error({ relaySetupMs: Math.round(started - setupStarted) });
  await relay.waitFor(head, 600_000);
  const perSecond = count / ((performance.now() - started) / 1000);
  const { cpuPerEventUs } = await meter.report(cpuStart, count);
  await relay.stop();
  await deleteStream(`BENCH_RELAY_${runId}`.toUpperCase());
  return { perSecond, reads: relay.reads, cpuPerEventUs };
}

/** 3. Appended → decision recorded, with relay and notifier in their own process. */
async function latency(store: EventStore, pool: pg.Pool, dbUrl: string) {
  const stream = `BENCH_LAT_${runId}`.toUpperCase();
  const customers = Array.from({ length: 500 }, () => randomUUID());
  const zone = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles'].find((z) => {
    const h = Number(
      new Intl.DateTimeFormat('en-US', { timeZone: z, hour: 'numeric', hourCycle: 'h23' }).format(new Date()),
    );
    return h >= 9 && h < 19;
  });
  for (const customerId of customers) {
    const at = new Date().toISOString();
    await store.appendToStream(`customer-${customerId}`, [
      {
        type: 'CustomerRegistered',
        data: {
          customerId,
          name: 'Bench',
          email: `${customerId}@example.test`,
          language: 'en',
          timezone: zone ?? 'UTC',
          consents: {
            email: { transactional: true, marketing: false },
            sms: { transactional: false, marketing: false },
          },
          registeredAt: at,
        },
        metadata: { eventId: randomUUID(), occurredAt: at, schemaVersion: 1 },
      },
    ]);
  }
  // Relay and notifier in their own processes, as deployed.
  const spawnRole = async (role: 'relay' | 'notifier'): Promise<ChildProcess> => {
    const child = spawn(
      process.execPath,
      [
        // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each role, to see where its time goes.
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
        '--import',
        'tsx',
        fileURLToPath(new URL('../src/main.ts', import.meta.url)),
        role,
      ],
      {
        env: {
          ...process.env,
          DATABASE_URL: dbUrl,
          NATS_URL: natsUrl,
          NOTIFIER_STREAM: stream,
          NOTIFIER_SUBJECT_PREFIX: `benchlat${runId}`,
          LOG_LEVEL: 'warn',
          // Names its Postgres connections, so their CPU is counted as this role's.
          PGAPPNAME: `notifier-bench-${role}`,
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`${role} process exited with ${code}`)));
    });
    return child;
  };
  const relayProcess = await spawnRole('relay');
  const notifierProcess = await spawnRole('notifier');
  const children = [relayProcess, notifierProcess];
  const meter = await cpuMeter(
    {
      appender: { pid: process.pid, applicationName: APPENDER_APP },
      relay: { pid: relayProcess.pid, applicationName: 'notifier-bench-relay' },
      notifier: { pid: notifierProcess.pid, applicationName: 'notifier-bench-notifier' },
    },
    () => backendsOf(pool),
  );
  // Let the registrations go through the pipeline first: they are not part of the measurement.
  await waitForCount(
    pool,
    'SELECT count(*)::int AS n FROM notifier.processed_events',
    customers.length,
    60_000,
  );

  const appendedAt = new Map<string, number>();
  const total = Math.round(rate * seconds);
  // Where the pipeline stands each second: appended → processed by the consumer → decided.
  // Only with BENCH_VERBOSE: the counts scan growing tables, which costs the measured run.
  const sampler = setInterval(() => {
    if (!process.env.BENCH_VERBOSE) return;
    void pool
      .query<{ relayed: number; processed: number; decided: number }>(
        `SELECT (SELECT count(*)::int FROM event_store.events WHERE type = 'ShipmentDelayed'
                   AND position <= (SELECT max(position) FROM notifier.relay_checkpoints)) AS relayed,
                (SELECT count(*)::int FROM notifier.processed_events WHERE event_type = 'ShipmentDelayed') AS processed,
                (SELECT count(*)::int FROM notifier.decisions WHERE rule = 'shipment-delayed') AS decided`,
      )
      .then(({ rows }) => console.error({ appended: appendedAt.size, ...rows[0] }))
      .catch(() => undefined);
  }, 1_000);
  const cpuStart = await meter.start();
  const started = performance.now();
  const appends = limiter(64);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const event = delayedEvent(customers[i % customers.length] as string);
    await appends.run(() =>
      store.appendToStream(`order-${(event.data as { orderId: string }).orderId}`, [event]).then(() => {
        appendedAt.set(event.metadata.eventId, Date.now());
      }),
    );
  }
  await appends.idle();
  const achieved = total / ((performance.now() - started) / 1000);
  await waitForDecisionCount(pool, total, 120_000);
  clearInterval(sampler);
  const cost = await meter.report(cpuStart, total);
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  // The stream holds every event of the run (hundreds of MB for a long one): it goes with it.
  await deleteStream(stream);
  const { rows } = await pool.query<{ trigger_event_id: string; at: Date }>(
    `SELECT trigger_event_id, at FROM notifier.decisions WHERE rule = 'shipment-delayed' AND decision = 'sent'`,
  );
  const latencies = rows
    .map((r) => r.at.getTime() - (appendedAt.get(r.trigger_event_id) ?? Number.NaN))
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
  const pct = (p: number) => percentile(latencies, p);
  if (process.env.BENCH_VERBOSE) {
    // Where the time goes: appended → the consumer's transaction began (store subscription,
    // relay, JetStream, lane queue), then → decision recorded (the consumer's transaction, the
    // wait for the dispatcher and its batch).
    const { rows: stages } = await pool.query<{ event_id: string; processed_at: Date; at: Date }>(
      `SELECT p.event_id, p.processed_at, d.at FROM notifier.processed_events p
         JOIN notifier.decisions d ON d.trigger_event_id = p.event_id AND d.rule = 'shipment-delayed'`,
    );
    const toConsumer: number[] = [];
    const toDecision: number[] = [];
    for (const r of stages) {
      const appended = appendedAt.get(r.event_id);
      if (appended === undefined) continue;
      toConsumer.push(r.processed_at.getTime() - appended);
      toDecision.push(r.at.getTime() - r.processed_at.getTime());
    }
    toConsumer.sort((a, b) => a - b);
    toDecision.sort((a, b) => a - b);
    console.error({
      appendedToConsumerMs: { p50: percentile(toConsumer, 50), p99: percentile(toConsumer, 99) },
      consumerToDecisionMs: { p50: percentile(toDecision, 50), p99: percentile(toDecision, 99) },
    });
  }
  const sent = rows.length;
  return {
    achieved,
    total,
    decided: sent,
    p50: pct(50),
    p99: pct(99),
    max: latencies.at(-1) ?? Number.NaN,
    ...cost,
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const waitForDecisionCount = (pool: pg.Pool, count: number, timeoutMs: number) =>
  waitForCount(
    pool,
    `SELECT count(*)::int AS n FROM notifier.decisions WHERE rule = 'shipment-delayed' AND decision = 'sent'`,
    count,
    timeoutMs,
  );

async function waitForCount(pool: pg.Pool, sql: string, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(sql).catch(() => ({ rows: [{ n: 0 }] }));
    if ((rows[0]?.n ?? 0) >= count) return;
    if (Date.now() > deadline) return;
    await sleep(200);
  }
}

/** A database with the store and a pool, for one phase; `close` drops it. */
async function phaseDatabase() {
  const db = await createDatabase();
  const own = new URL(db.url);
  own.searchParams.set('application_name', APPENDER_APP);
  const pool = new pg.Pool({ connectionString: own.toString(), max: 4 });
  pool.on('error', () => undefined);
  const store = await createPostgresEventStore({ connectionString: own.toString() });
  return {
    url: db.url,
    pool,
    store,
    async close() {
      await store.close();
      await pool.end();
      // BENCH_KEEP_DB=1 leaves the databases behind, to EXPLAIN the notifier's statements on them.
      if (!process.env.BENCH_KEEP_DB) await db.drop();
    },
  };
}

async function main() {
  const stock = await rawJetStream(relayEvents, 'stock');
  const raw = await rawJetStream(relayEvents, 'own');
  const relayDb = await phaseDatabase();
  const relayed = await relayThroughput(relayDb.store, relayDb.pool, relayEvents).finally(() =>
    relayDb.close(),
  );
  const latencyDb = await phaseDatabase();
  try {
    const lat = await latency(latencyDb.store, latencyDb.pool, latencyDb.url);
    const report = {
      relay: {
        events: relayEvents,
        // `stored`: the log as stored, without parsing each event (see src/relay/sources.ts).
        relayReads: relayed.reads,
        relayPerSecond: Math.round(relayed.perSecond),
        rawJetStreamPerSecond: Math.round(raw.perSecond),
        rawMessageBytes: raw.messageBytes,
        relayShareOfRaw: `${Math.round((relayed.perSecond / raw.perSecond) * 100)} %`,
        // The same messages through nats.js's js.publish (msgID, same window): the issue's
        // "Node publisher with message ids".
        rawStockClientPerSecond: Math.round(stock.perSecond),
        relayShareOfStockClient: `${Math.round((relayed.perSecond / stock.perSecond) * 100)} %`,
        // Where each run's CPU went, per event: the relay reads Postgres as well as publishing.
        rawCpuPerEventUs: raw.cpuPerEventUs,
        relayCpuPerEventUs: relayed.cpuPerEventUs,
      },
      latency: {
        seconds,
        targetRate: rate,
        achievedRate: Math.round(lat.achieved),
        events: lat.total,
        decisions: lat.decided,
        p50Ms: lat.p50,
        p99Ms: lat.p99,
        maxMs: lat.max,
        // This process appends; the relay and the notifier run in their own (see `latency`).
        cpuPerEventUs: lat.cpuPerEventUs,
        machine: lat.machine,
      },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await latencyDb.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
