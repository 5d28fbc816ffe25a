/**
 * `pnpm exec tsx packages/ops/bench/ops.bench.ts [streams] [eventsPerStream]`: verify throughput
 * and the cost of sealing personal fields, against a scratch database on the local Postgres
 * (`PG_ADMIN_URL`, default postgres://postgres@127.0.0.1:5432/postgres). Prints JSON.
 */
import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, type EventStore, type NewEvent } from '@aftersales/event-store';
import { InMemoryKeyStore, PostgresKeyStore, ShreddingEventStore } from '@aftersales/privacy';
import pg from 'pg';
import { verifyLog } from '../src/index';

const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const streamCount = Number(process.argv[2] ?? 1000);
const perStream = Number(process.argv[3] ?? 10);

const registered = (customerId: string): NewEvent => ({
  type: 'CustomerRegistered',
  data: {
    customerId,
    name: `Customer ${customerId}`,
    email: `${customerId}@example.com`,
    phone: '+491701234567',
    language: 'en',
    timezone: 'Europe/Berlin',
    consents: {
      email: { transactional: true, marketing: false },
      sms: { transactional: false, marketing: false },
    },
    registeredAt: new Date().toISOString(),
  },
  metadata: { eventId: randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
});

async function timeAppends(store: EventStore, prefix: string, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++)
    await store.appendToStream(`customer-${prefix}${i}`, [registered(`${prefix}${i}`)]);
  return (performance.now() - started) / count;
}

const name = `ops_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const store = await createPostgresEventStore({ connectionString: url.toString() });
const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
// DROP DATABASE ... WITH (FORCE) at the end ends connections still closing; not a failure.
pool.on('error', () => {});
try {
  for (let s = 0; s < streamCount; s++) {
    const events = Array.from({ length: perStream }, (_, i) => ({
      type: 'OrderShipped',
      data: { orderId: `o${s}`, step: i, carrier: 'DHL' },
      metadata: { eventId: randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
    }));
    await store.appendToStream(`order-o${s}`, events);
  }
  const started = performance.now();
  const report = await verifyLog(pool);
  const verifySeconds = (performance.now() - started) / 1000;

  const appends = 500;
  await timeAppends(store, 'warmup-', 200);
  const plainMs = await timeAppends(store, 'plain-', appends);
  const sealedMemoryKeysMs = await timeAppends(
    new ShreddingEventStore(store, new InMemoryKeyStore()),
    'mem-',
    appends,
  );
  const sealedPgKeysMs = await timeAppends(
    new ShreddingEventStore(store, new PostgresKeyStore(pool)),
    'pg-',
    appends,
  );
  process.stdout.write(
    `${JSON.stringify(
      {
        verify: {
          events: report.events,
          streams: report.streams,
          ok: report.ok,
          seconds: verifySeconds,
          eventsPerSecond: Math.round(report.events / verifySeconds),
        },
        appendCustomerRegisteredMs: {
          plain: plainMs,
          sealedInMemoryKeys: sealedMemoryKeysMs,
          sealedPostgresKeys: sealedPgKeysMs,
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await store.close();
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
