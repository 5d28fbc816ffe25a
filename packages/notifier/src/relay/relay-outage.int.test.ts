import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { type Fixture, openFixture, silentLog, waitFor } from '../../test/support';
import { decodeEnvelope, type EncodedEnvelope, type EventEnvelope } from '../envelope';
import type { EventPublisher } from './publisher';
import { startRelay } from './relay';

/**
 * A bus that stops accepting for a while (NATS down, publishes timing out), then accepts again:
 * what it stored must still be in log order. Publishing each failed event again on its own timer
 * let later events overtake earlier ones.
 */
let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture('notifier_relay_outage');
});
afterAll(async () => {
  await fx?.close();
});

/**
 * Stores in order of publishing (one connection: the server sees messages in the order sent);
 * while `down`, a publish is not stored and fails a little later. Acks come back with a little
 * latency, so publishes overlap as on a network.
 */
function flakyBus() {
  const stored: string[] = [];
  const seen = new Set<string>();
  const bus = {
    down: false,
    stored,
    async accept(eventId: string, position: string) {
      const accepted = !bus.down;
      if (accepted && !seen.has(eventId)) {
        seen.add(eventId);
        stored.push(`${position}:${eventId}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3 + (accepted ? 0 : 10)));
      if (!accepted) throw new Error('JetStream publish: no ack in time');
    },
  };
  const publisher: EventPublisher = {
    publish: (envelope: EventEnvelope) => bus.accept(envelope.eventId, envelope.position),
    publishEncoded: (message: EncodedEnvelope) => {
      const envelope = decodeEnvelope(message.bytes);
      return bus.accept(envelope.eventId, envelope.position);
    },
  };
  return { bus, publisher };
}

describe('the relay after a publish outage', () => {
  it('stores what it republishes in log order, nothing skipped or doubled', async () => {
    const { bus, publisher } = flakyBus();
    const relay = await startRelay({
      store: fx.store,
      pool: fx.pool,
      log: silentLog,
      publisher,
      name: uniqueId('relay'),
      maxInFlight: 64,
    });
    const streams = Array.from({ length: 8 }, () => `order-${uniqueId('o')}`);
    const write = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const stream = streams[i % streams.length] as string;
        await fx.store.appendToStream(stream, [
          {
            type: 'Noted',
            data: { i },
            metadata: { eventId: randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
          },
        ]);
      }
    };
    try {
      await write(100);
      bus.down = true;
      const during = write(300);
      await new Promise((resolve) => setTimeout(resolve, 700));
      bus.down = false;
      await during;
      await write(100);
      const head = await fx.store.headPosition();
      await relay.waitFor(head, 60_000);
      await waitFor(async () => (relay.status().publishFailing ? undefined : true));

      const all = await fx.store.readAll();
      const positions = bus.stored.map((entry) => BigInt(entry.split(':')[0] as string));
      // Every event once...
      expect(new Set(bus.stored.map((entry) => entry.split(':')[1])).size).toBe(bus.stored.length);
      expect(bus.stored.length).toBe(all.length);
      // ...and in the order of the log.
      const sorted = [...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(positions).toEqual(sorted);
    } finally {
      await relay.stop();
    }
  });

  it('repairs a lone failed publish while those after it were acknowledged, and goes on', async () => {
    const { bus, publisher } = flakyBus();
    let calls = 0;
    const once: typeof publisher = {
      publish: (envelope) => publisher.publish(envelope),
      publishEncoded: (message) => {
        calls++;
        // The tenth publish times out; every other one, before and after it, is stored.
        if (calls === 10)
          return new Promise((_, reject) => setTimeout(() => reject(new Error('no ack in time')), 30));
        return publisher.publishEncoded?.(message) ?? Promise.resolve();
      },
    };
    const relay = await startRelay({
      store: fx.store,
      pool: fx.pool,
      log: silentLog,
      publisher: once,
      name: uniqueId('relay'),
      maxInFlight: 64,
    });
    try {
      for (let i = 0; i < 50; i++) {
        await fx.store.appendToStream(`order-${uniqueId('o')}`, [
          {
            type: 'Noted',
            data: { i },
            metadata: { eventId: randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
          },
        ]);
      }
      await relay.waitFor(await fx.store.headPosition(), 20_000);
      expect(relay.status().publishFailing).toBe(false);
      expect(new Set(bus.stored.map((entry) => entry.split(':')[1])).size).toBe(bus.stored.length);
    } finally {
      await relay.stop();
    }
  });
});
