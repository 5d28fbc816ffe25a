import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { deleteStreams, silentLog } from '../../test/support';
import type { FeedMessage } from '../consumer/feed';
import { ensureStream, JetStreamFeed } from './jetstream';

/**
 * The durable consumer's redelivery, against the real server: a delayed nak comes back after
 * the delay it asked for on every delivery (not stretched by a server-side BackOff step), and the
 * server never stops redelivering a message on its own (an outage's waits count for nothing;
 * the consumer decides when a message is dead).
 */
const natsUrl = inject('natsUrl');
const made: string[] = [];
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await deleteStreams(natsUrl, made);
});

describe('JetStream feed redelivery', () => {
  it('redelivers a nak after the asked delay on every delivery, past any max_deliver', async () => {
    const id = uniqueId().replace(/[^a-z0-9]/gi, '');
    const names = { stream: `REDELIVER_${id}`.toUpperCase(), subjectPrefix: `redeliver${id}` };
    made.push(names.stream);
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, names);
    // Steps that a server-side BackOff would add to later delays: 2 s, then 60 s.
    const feed = new JetStreamFeed({
      ...names,
      nc,
      durable: `redeliver-${id}`,
      log: silentLog,
      backoffMs: [2_000, 60_000],
      maxDeliver: 3,
    });
    const deliveries: { at: number; count: number }[] = [];
    const naks = 7;
    const done = new Promise<void>((resolve) => {
      void feed.start((message: FeedMessage) => {
        deliveries.push({ at: Date.now(), count: message.deliveries });
        if (deliveries.length <= naks) message.nak(200);
        else {
          message.ack();
          resolve();
        }
      });
    });
    await nc.jetstream().publish(`${names.subjectPrefix}.events.OrderPlaced`, new Uint8Array([1]));
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`only ${deliveries.length} deliveries`)), 30_000),
    );
    try {
      await Promise.race([done, timeout]);
    } finally {
      await feed.stop();
    }

    // Delivered once and redelivered after each of the seven naks, more than max_deliver times.
    expect(deliveries.map((d) => d.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const gaps = deliveries.slice(1).map((d, i) => d.at - (deliveries[i] as { at: number }).at);
    // Each gap is the nak's 200 ms plus scheduling, far below the 2 s ack wait, let alone the
    // 60 s step (with a BackOff the third delivery waited 200 ms + 58 s).
    for (const gap of gaps) expect(gap).toBeLessThan(2_000);
    const { config } = await jsm.consumers.info(names.stream, `redeliver-${id}`);
    expect(config.max_deliver).toBe(-1);
    expect(config.backoff ?? []).toEqual([]);
  }, 45_000);
});
