import { randomUUID } from 'node:crypto';
import { canonicalJson, type EventStore, type NewEvent } from '@aftersales/event-store';
import { PostgresKeyStore, ShreddingEventStore } from '@aftersales/privacy';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { customerData, type Fixture, openFixture, silentLog } from '../../test/support';
import { decodeEnvelope } from '../envelope';
import { loadCheckpoint } from './checkpoint';
import { type RelayHandle, startRelay } from './relay';

/**
 * The relay reads the PostgreSQL log as stored (no parse and re-encode of each event): its
 * messages must mean what the messages of the port path mean, it must never skip an event that
 * commits out of order, and it must resume from its checkpoint.
 */
let fx: Fixture;
let keys: PostgresKeyStore;
let nc: NatsConnection;
const relays: RelayHandle[] = [];

beforeAll(async () => {
  fx = await openFixture('notifier_relay_stored');
  keys = new PostgresKeyStore(fx.pool);
  await keys.ensureSchema();
  nc = await connect({ servers: fx.natsUrl });
});

afterAll(async () => {
  for (const relay of relays) await relay.stop();
  await nc?.drain();
  await fx?.close();
});

/** The same store seen through the EventStore port only: the relay then takes today's path. */
const portOnly = (store: EventStore): EventStore => ({
  kind: store.kind,
  appendToStream: (streamId, events, options) => store.appendToStream(streamId, events, options),
  readStream: (streamId, options) => store.readStream(streamId, options),
  readAll: (options) => store.readAll(options),
  subscribeToAll: (options) => store.subscribeToAll(options),
  headPosition: () => store.headPosition(),
  close: () => store.close(),
});

const freshNames = () => fx.freshNames();

async function relayTo(names: { stream: string; subjectPrefix: string }, store: EventStore, name?: string) {
  const relay = await startRelay({ store, pool: fx.pool, log: silentLog, natsUrl: fx.natsUrl, names, name });
  relays.push(relay);
  return relay;
}

async function stopRelay(relay: RelayHandle) {
  relays.splice(relays.indexOf(relay), 1);
  await relay.stop();
}

/** Every message of a stream in stream order: subject, message id, raw text and decoded envelope. */
async function messagesOf(stream: string) {
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info(stream);
  const messages = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const stored = await jsm.streams.getMessage(stream, { seq });
    messages.push({
      subject: stored.subject,
      msgId: stored.header.get('Nats-Msg-Id'),
      raw: new TextDecoder().decode(stored.data),
      envelope: decodeEnvelope(stored.data),
    });
  }
  return messages;
}

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: randomUUID(),
    occurredAt: '2026-06-10T08:00:00.000Z',
    correlationId: randomUUID(),
    actor: 'relay-test',
    schemaVersion: 1,
  },
});

describe('relay reading the log as stored', { timeout: 120_000 }, () => {
  it('publishes what the port path publishes, personal data still sealed', async () => {
    const customerId = uniqueId('c');
    const personal = customerData(customerId, { name: `Zahra Ahmadi ${customerId}` });
    const shredding = new ShreddingEventStore(fx.store, keys);
    await shredding.appendToStream(`customer-${customerId}`, [event('CustomerRegistered', personal)]);
    const withCapitals = event('OrderNoted', { note: 'id in capitals' });
    await fx.store.appendToStream(`order-${uniqueId('o')}`, [
      event('OrderPlaced', {
        orderId: uniqueId('o'),
        customerId,
        lines: [{ sku: 'کتاب-۱', quantity: 2, price: { amount: 1_250_000, currency: 'IRR' }, tags: [] }],
        note: 'سفارش «ویژه» — "quoted" \\ back\nslash 🎁',
        nested: { a: { b: { c: [1, 2.5, -3e-7, null, true] } } },
        10: 'numeric key',
      }),
      event('FeedbackSubmitted', { customerId, comment: 'ممتاز 👍 تم', score: 5, nps: 10 }),
      {
        ...withCapitals,
        metadata: { ...withCapitals.metadata, eventId: withCapitals.metadata.eventId.toUpperCase() },
      },
    ]);
    const head = await fx.store.headPosition();

    const storedNames = freshNames();
    const portNames = freshNames();
    const fast = await relayTo(storedNames, fx.store);
    const slow = await relayTo(portNames, portOnly(fx.store));
    expect(fast.reads).toBe('stored');
    expect(slow.reads).toBe('events');
    await Promise.all([fast.waitFor(head), slow.waitFor(head)]);

    const published = await messagesOf(storedNames.stream);
    const expected = await messagesOf(portNames.stream);
    expect(published.length).toBe(4);
    expect(published.length).toBe(expected.length);
    published.forEach((message, index) => {
      const reference = expected[index];
      expect(message.subject.slice(storedNames.subjectPrefix.length)).toBe(
        reference?.subject.slice(portNames.subjectPrefix.length),
      );
      expect(message.msgId).toBe(reference?.msgId);
      expect(message.envelope).toEqual(reference?.envelope);
      expect(message.msgId).toBe(message.envelope.eventId);
    });
    const registered = published[0];
    expect(registered?.envelope.type).toBe('CustomerRegistered');
    expect(registered?.raw).toContain(customerId);
    expect(registered?.raw).not.toContain(personal.email);
    expect(registered?.raw).not.toContain(personal.name);
    expect(published[3]?.msgId).toBe(withCapitals.metadata.eventId.toUpperCase());
  });

  it('never skips events that several writers commit out of order while it runs', async () => {
    const names = freshNames();
    const from = await fx.store.headPosition();
    const relay = await relayTo(names, fx.store);
    const writers = 6;
    const appendsPerWriter = 40;
    const appended: string[] = [];
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        const client = new pg.Client({ connectionString: fx.db.url });
        await client.connect();
        try {
          for (let index = 0; index < appendsPerWriter; index++) {
            const streamId = `order-${writer}-${index % 5}-${names.subjectPrefix}`;
            const events = [
              event('Written', { writer, index }),
              event('Written', { writer, index, second: true }),
            ];
            if (index % 4 === 1) {
              // Takes its positions now and commits later, after others have committed.
              await client.query('BEGIN');
              await client.query(
                'SELECT * FROM event_store.append_events($1, -2, $2::uuid[], $3::text[], $4::text[], $5::text[])',
                [
                  streamId,
                  events.map((e) => e.metadata.eventId),
                  events.map((e) => e.type),
                  events.map((e) => canonicalJson(e.data)),
                  events.map((e) => canonicalJson(e.metadata)),
                ],
              );
              await client.query('SELECT pg_sleep($1)', [Math.random() * 0.05]);
              await client.query('COMMIT');
            } else {
              await fx.store.appendToStream(streamId, events);
            }
            appended.push(...events.map((e) => e.metadata.eventId));
          }
        } finally {
          await client.end();
        }
      }),
    );
    const head = await fx.store.headPosition();
    await relay.waitFor(head, 90_000);

    const published = (await messagesOf(names.stream)).filter((m) => BigInt(m.envelope.position) > from);
    expect(published.length).toBe(writers * appendsPerWriter * 2);
    expect(new Set(published.map((m) => m.msgId))).toEqual(new Set(appended));
    const positions = published.map((m) => BigInt(m.envelope.position));
    expect(positions.every((position, index) => index === 0 || position > (positions[index - 1] ?? 0n))).toBe(
      true,
    );
  });

  it('resumes after its checkpoint', async () => {
    const name = `relay-resume-${uniqueId()}`;
    const append = async (count: number) => {
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        const next = event('Counted', { index });
        await fx.store.appendToStream(`order-resume-${name}`, [next]);
        ids.push(next.metadata.eventId);
      }
      return ids;
    };
    await append(20);
    const first = await relayTo(freshNames(), fx.store, name);
    const firstHead = await fx.store.headPosition();
    await first.waitFor(firstHead);
    await stopRelay(first);
    expect(await loadCheckpoint(fx.pool, name)).toBe(firstHead);

    const later = await append(15);
    // A stream of its own: only what the second run publishes lands there.
    const names = freshNames();
    const second = await relayTo(names, fx.store, name);
    expect(second.watermark()).toBe(firstHead);
    await second.waitFor(await fx.store.headPosition());
    const published = await messagesOf(names.stream);
    expect(published.map((m) => m.msgId)).toEqual(later);
  });
});
