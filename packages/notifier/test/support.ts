import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@aftersales/domain';
import { createPostgresEventStore, type EventStore } from '@aftersales/event-store';
import { connect } from 'nats';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../test/support';
import type { Channel, OutboundMessage } from '../src/channels/types';

export const silentLog = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

export type Fixture = Readonly<{
  db: TestDatabase;
  pool: pg.Pool;
  store: EventStore;
  natsUrl: string;
  names: { stream: string; subjectPrefix: string };
  /** More unique JetStream names, for tests that relay to several streams; `close` deletes them too. */
  freshNames(): { stream: string; subjectPrefix: string };
  close(): Promise<void>;
}>;

const uniqueNames = () => {
  const id = uniqueId().replace(/[^a-z0-9]/gi, '');
  return { stream: `T_${id}`.toUpperCase(), subjectPrefix: `t${id}` };
};

/** Deletes JetStream streams a test made, so runs do not pile them up in the server's storage. */
export async function deleteStreams(natsUrl: string, streams: readonly string[]): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    for (const stream of streams) {
      // A test may never have made the stream it was given a name for.
      await jsm.streams.delete(stream).catch(() => false);
    }
  } finally {
    await nc.close();
  }
}

/**
 * A fresh database with the Postgres event store, and unique JetStream names; `close` drops the
 * database and deletes the streams of every name handed out.
 */
export async function openFixture(prefix: string): Promise<Fixture> {
  const db = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  // Dropping the database at the end ends idle connections; that is expected here.
  pool.on('error', () => undefined);
  const store = await createPostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
  const natsUrl = inject('natsUrl');
  const names = uniqueNames();
  const streams = [names.stream];
  return {
    db,
    pool,
    store,
    natsUrl,
    names,
    freshNames() {
      const more = uniqueNames();
      streams.push(more.stream);
      return more;
    },
    async close() {
      await store.close();
      await pool.end();
      await db.drop();
      await deleteStreams(natsUrl, streams);
    },
  };
}

type Data<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>['data'];

/** Appends one domain event with fresh metadata; returns its event id. */
export async function append<T extends DomainEvent['type']>(
  store: EventStore,
  streamId: string,
  type: T,
  data: Data<T>,
  occurredAt: string,
): Promise<string> {
  const eventId = randomUUID();
  await store.appendToStream(streamId, [{ type, data, metadata: { eventId, occurredAt, schemaVersion: 1 } }]);
  return eventId;
}

/** Waits until the notifier has committed these events. */
export async function waitProcessed(
  pool: pg.Pool,
  eventIds: readonly string[],
  timeoutMs = 45_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notifier.processed_events WHERE event_id = ANY($1)',
      [eventIds],
    );
    if ((rows[0]?.n ?? 0) >= eventIds.length) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0]?.n} of ${eventIds.length} events processed`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type DecisionRow = Readonly<{
  decision: string;
  reason: string;
  rule: string;
  subject_key: string;
  channel: string | null;
  deferred_until: Date | null;
}>;

export async function decisionsOf(pool: pg.Pool, customerId: string): Promise<DecisionRow[]> {
  const { rows } = await pool.query<DecisionRow>(
    `SELECT decision, reason, rule, subject_key, channel, deferred_until FROM notifier.decisions
      WHERE customer_id = $1 ORDER BY id`,
    [customerId],
  );
  return rows;
}

/** A channel that keeps what it was given: for rule tests; SMTP and webhooks have their own tests. */
export function recordingChannel(name: string): Channel & { sent: OutboundMessage[]; failing: boolean } {
  const channel = {
    name,
    sent: [] as OutboundMessage[],
    failing: false,
    async send(message: OutboundMessage) {
      if (channel.failing) throw new Error(`${name} is down`);
      channel.sent.push(message);
    },
  };
  return channel;
}

export const allConsents = {
  email: { transactional: true, marketing: true },
  sms: { transactional: true, marketing: true },
};

export function customerData(
  customerId: string,
  overrides: Partial<Data<'CustomerRegistered'>> = {},
): Data<'CustomerRegistered'> {
  return {
    customerId,
    name: 'Test Customer',
    email: `${customerId}@example.test`,
    phone: '+989120000000',
    language: 'fa',
    timezone: 'Asia/Tehran',
    consents: allConsents,
    registeredAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/**
 * The envelope of an `OrderPlaced` without lines, as the relay would publish it: applying it
 * fails every time, by its own fault (never an outage), so it ends in the dead letters.
 */
export function brokenOrderPlaced(recordedAt: string) {
  return {
    eventId: uniqueId('bad'),
    streamId: 'order-x',
    type: 'OrderPlaced',
    data: { orderId: 'x', customerId: 'y' },
    metadata: {},
    revision: '0',
    position: '999999999',
    recordedAt,
  };
}
