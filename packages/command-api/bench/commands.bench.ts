/**
 * A short throughput run of the API over HTTP against a real Postgres store: a mix of commands
 * (register, place, ship, deliver with its loyalty follow-up, read) at several concurrencies.
 * `DATABASE_URL=postgres://… pnpm exec tsx packages/command-api/bench/commands.bench.ts [seconds]`
 * Creates its own database next to the given one and drops it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { createPostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { buildApp } from '../src/app';
import { migrateApiSchema } from '../src/db/schema';
import { ApiKeyRepository, SCOPES } from '../src/security/api-keys';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const seconds = Number(process.argv[2] ?? 5);
const name = `bench_api_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;

const store = await createPostgresEventStore({ connectionString: url.toString(), maxConnections: 30 });
const pool = new pg.Pool({ connectionString: url.toString(), max: 80 });
// Dropping the database at the end ends idle connections; that is expected here.
pool.on('error', () => undefined);
await migrateApiSchema(pool);
const key = await new ApiKeyRepository(pool).create('bench', SCOPES);
const app = await buildApp({
  store,
  pool,
  logger: false,
  config: { rateLimitPerMinute: 10_000_000, maxInFlight: 10_000 },
});
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

let seq = 0;
/** One customer's journey: 5 commands (the delivery also appends to the loyalty ledger) and a read; returns the command count. */
async function journey(latencies: number[]): Promise<number> {
  const n = `${process.pid}-${seq++}`;
  const call = async (method: string, path: string, body?: object) => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}`);
  };
  await call('POST', '/v1/customers', {
    customerId: `c${n}`,
    name: 'N',
    email: 'n@example.com',
    language: 'en',
    timezone: 'UTC',
  });
  await call('POST', '/v1/orders', {
    orderId: `o${n}`,
    customerId: `c${n}`,
    currency: 'EUR',
    lines: [{ sku: 's', name: 'n', category: 'c', qty: 2, unitPrice: 1999, warrantyMonths: 12 }],
    occurredAt: '2026-01-01T00:00:00Z',
  });
  await call('POST', `/v1/orders/o${n}/shipments`, {
    shipmentId: `s${n}`,
    carrier: 'DHL',
    trackingNumber: 't',
    estimatedDeliveryAt: '2026-01-05T00:00:00Z',
    occurredAt: '2026-01-02T00:00:00Z',
  });
  await call('POST', `/v1/orders/o${n}/delivery`, { occurredAt: '2026-01-04T00:00:00Z' });
  await call('PUT', `/v1/customers/c${n}/consents`, {
    consents: {
      email: { transactional: true, marketing: true },
      sms: { transactional: false, marketing: false },
    },
  });
  await call('GET', `/v1/orders/o${n}`);
  return 5;
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

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
for (const connections of [1, 16, 64]) {
  const latencies: number[] = [];
  let commands = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const done = await journey(latencies);
        commands += done;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const commandRate = commands / seconds;
  const raw = await rawAppends(connections);
  console.log(
    `${connections} connections: ${commandRate.toFixed(0)} commands/s (+1 read per 5), ` +
      `p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms; ` +
      `raw store ${raw.toFixed(0)} read+append/s; ratio ${(commandRate / raw).toFixed(2)}`,
  );
}
await app.close();
await store.close();
await pool.end();
await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.end();
