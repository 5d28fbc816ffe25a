import { AckPolicy, connect, DeliverPolicy, type NatsConnection, nanos } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, nth, openFixture, orderHistory, silentLog } from '../../test/support';
import type { IntegrationEvent } from '../catalog';
import { startIntegrationPublisher } from './publisher';

let fx: Fixture;
let nc: NatsConnection;

beforeAll(async () => {
  fx = await openFixture('integrations_nats');
  nc = await connect({ servers: fx.natsUrl });
});
afterAll(async () => {
  await nc?.drain();
  await fx?.close();
});

const start = () =>
  startIntegrationPublisher({
    store: fx.store,
    pool: fx.pool,
    log: silentLog,
    natsUrl: fx.natsUrl,
    stream: fx.stream,
    subjectPrefix: fx.subjectPrefix,
    maxAgeMs: 3 * 24 * 3_600_000,
    maxBytes: 64 * 1024 * 1024,
  });

describe('integration events on NATS', () => {
  it('a plain nats.js consumer with a durable of its own reads them in log order, once each', async () => {
    // 1. Some history before the publisher ever ran, published after it starts.
    const first = [...(await orderHistory(fx.store, 1)), ...(await orderHistory(fx.store, 2))];
    let publisher = await start();
    await publisher.waitFor(nth(first, -1).position);
    // 2. A restart resumes from the checkpoint: nothing twice on the stream.
    await publisher.stop();
    publisher = await start();
    const more = await orderHistory(fx.store, 3);
    await publisher.waitFor(nth(more, -1).position);
    await publisher.stop();
    const expected = [...first, ...more];

    // The stream has limits, as documented.
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(fx.stream);
    expect(info.config.max_age).toBe(nanos(3 * 24 * 3_600_000));
    expect(info.config.max_bytes).toBe(64 * 1024 * 1024);
    expect(info.config.subjects).toContain(`${fx.subjectPrefix}.return.approved.v1`);

    // A consumer of another service: its own durable on the documented subjects (all of them).
    await jsm.consumers.add(fx.stream, {
      durable_name: 'warehouse',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${fx.subjectPrefix}.>`,
    });
    const consumer = await nc.jetstream().consumers.get(fx.stream, 'warehouse');
    const received: { subject: string; event: IntegrationEvent }[] = [];
    const messages = await consumer.fetch({ max_messages: expected.length + 5, expires: 2_000 });
    for await (const m of messages) {
      received.push({ subject: m.subject, event: m.json<IntegrationEvent>() });
      m.ack();
    }
    expect(received.map((r) => r.event.id)).toEqual(expected.map((e) => e.eventId));
    const positions = received.map((r) => BigInt(r.event.sequence));
    expect(positions).toEqual(expected.map((e) => e.position));
    expect(received.slice(0, 5).map((r) => r.subject)).toEqual(
      ['order.placed', 'order.shipped', 'order.delivered', 'return.requested', 'return.approved'].map(
        (s) => `${fx.subjectPrefix}.${s}.v1`,
      ),
    );
    expect(received[4]?.event).toMatchObject({
      specversion: '1.0',
      type: 'aftersales.return.approved.v1',
      subject: expect.stringMatching(/^return-r-o-1-/),
      time: '2026-03-01T10:00:00.000Z',
    });
    // Acknowledged: the durable is at the end, a further read finds nothing.
    await consumer.next({ expires: 1_000 }).then((m) => expect(m).toBeNull());
    const state = await consumer.info();
    expect(state.num_pending).toBe(0);
  });
});
