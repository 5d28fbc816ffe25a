import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createPostgresEventStore, type NewEvent } from '@aftersales/event-store';
import pg from 'pg';
import pino from 'pino';
import { startWebhookDispatcher } from '../src/webhooks/dispatcher';
import { WebhookSubscriptions } from '../src/webhooks/subscriptions';

/**
 * `pnpm bench webhooks [--events 5000] [--rate 50] [--seconds 10] [--poll-ms 200]`:
 * 1. backlog: `events` deliveries already in the log, sent to a local receiver: deliveries per second;
 * 2. live: events appended at `rate` per second for `seconds`: latency from the append's answer to
 *    the receiver's arrival, p50 and p99. Prints figures; asserts nothing.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    'poll-ms': { type: 'string', default: '200' },
  },
});
const events = Number(values.events);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const pollMs = Number(values['poll-ms']);

const admin =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bench_webhooks_${Date.now().toString(36)}`;
const adminClient = new pg.Client({ connectionString: admin });
await adminClient.connect();
await adminClient.query(`CREATE DATABASE ${name}`);
const url = new URL(admin);
url.pathname = `/${name}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 6 });
// Dropping the scratch database at the end ends whatever connection is still closing.
pool.on('error', () => undefined);
const store = await createPostgresEventStore({ connectionString: url.toString(), pollIntervalMs: 50 });
const log = pino({ level: 'silent' });

const arrivals = new Map<string, number>();
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = String(req.headers['webhook-id']).split(':')[1] ?? '';
    arrivals.set(id, performance.now());
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;

const delivered = (orderId: string): NewEvent => ({
  type: 'OrderDelivered',
  data: { orderId, customerId: `c-${orderId}`, deliveredAt: '2026-03-01T10:00:00.000Z' },
  metadata: { eventId: randomUUID(), occurredAt: '2026-03-01T10:00:00.000Z', schemaVersion: 1 },
});

try {
  // 1. Backlog.
  for (let i = 0; i < events; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, events - i) }, (_, k) =>
        store.appendToStream(`order-b${i + k}`, [delivered(`b${i + k}`)]),
      ),
    );
  }
  // The receiver is local: private targets allowed, as WEBHOOK_ALLOW_PRIVATE_TARGETS=true does.
  const targets = { allowPrivate: true };
  const subscriptions = new WebhookSubscriptions(pool, store, undefined, { targets });
  await subscriptions.create(
    { id: 'bench', url: hookUrl, eventTypes: ['aftersales.order.delivered.v1'], fromPosition: '0' },
    'bench',
  );
  const started = performance.now();
  const dispatcher = await startWebhookDispatcher({ store, pool, log, pollMs, targets });
  while (arrivals.size < events) await new Promise((resolve) => setTimeout(resolve, 10));
  const backlogSeconds = (performance.now() - started) / 1000;

  // 2. Live.
  arrivals.clear();
  const appendedAt = new Map<string, number>();
  const total = rate * seconds;
  for (let i = 0; i < total; i++) {
    const due = started + backlogSeconds * 1000 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const event = delivered(`l${i}`);
    await store.appendToStream(`order-l${i}`, [event]);
    appendedAt.set(event.metadata.eventId, performance.now());
  }
  while (arrivals.size < total) await new Promise((resolve) => setTimeout(resolve, 10));
  const latencies = [...appendedAt].map(([id, at]) => (arrivals.get(id) ?? at) - at).sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  await dispatcher.stop();
  console.log(
    [
      `| backlog deliveries | deliveries/s | live rate | p50 append→delivery | p99 | poll |`,
      `| --- | --- | --- | --- | --- | --- |`,
      `| ${events} | ${Math.round(events / backlogSeconds)} | ${rate}/s for ${seconds} s | ${pct(50).toFixed(0)} ms | ${pct(99).toFixed(0)} ms | ${pollMs} ms |`,
    ].join('\n'),
  );
} finally {
  receiver.close();
  await store.close();
  await pool.end();
  await adminClient.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminClient.end();
}
