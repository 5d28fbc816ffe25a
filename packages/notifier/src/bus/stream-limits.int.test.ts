import { connect, type NatsConnection, nanos } from 'nats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { deleteStreams, waitFor } from '../../test/support';
import { ensureStream, relayStreamLimits } from './jetstream';

/** The relay stream's limits: an age and a size, and a full stream refuses rather than drops. */
const natsUrl = inject('natsUrl');
const made: string[] = [];
let nc: NatsConnection;
const names = (limits: { maxAgeMs?: number; maxBytes?: number } = {}) => {
  const id = uniqueId().replace(/[^a-z0-9]/gi, '');
  const stream = `LIMITS_${id}`.toUpperCase();
  made.push(stream);
  return { stream, subjectPrefix: `limits${id}`, ...limits };
};

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await deleteStreams(natsUrl, made);
});

describe('relay stream limits', () => {
  it('has a maximum age and size by default, and discards new messages when full', async () => {
    const jsm = await nc.jetstreamManager();
    const n = names();
    await ensureStream(jsm, n);
    const { config } = await jsm.streams.info(n.stream);
    expect(config.max_age).toBe(nanos(relayStreamLimits.maxAgeMs));
    expect(config.max_bytes).toBe(relayStreamLimits.maxBytes);
    expect(config.discard).toBe('new');
    expect(config.duplicate_window).toBe(nanos(2 * 60_000));
  });

  it("passes on the server's refusal of a stream it has no room for, not a 'stream not found'", async () => {
    const jsm = await nc.jetstreamManager();
    const n = names({ maxBytes: 2 ** 50 });
    const refused = await ensureStream(jsm, n).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as Error).message)).not.toMatch(/stream not found/i);
    expect(String((refused as Error).message)).toMatch(/insufficient|resources|storage/i);
  });

  it('brings an existing stream in line with changed limits', async () => {
    const jsm = await nc.jetstreamManager();
    const n = names();
    await ensureStream(jsm, n);
    await ensureStream(jsm, { ...n, maxAgeMs: 3 * 24 * 3_600_000, maxBytes: 64 * 1024 ** 2 });
    const { config } = await jsm.streams.info(n.stream);
    expect(config.max_age).toBe(nanos(3 * 24 * 3_600_000));
    expect(config.max_bytes).toBe(64 * 1024 ** 2);
  });

  it('removes messages past their age; a full stream refuses a publish and keeps what it holds', async () => {
    const jsm = await nc.jetstreamManager();
    const js = nc.jetstream();
    const aging = names({ maxAgeMs: 1_000 });
    await ensureStream(jsm, aging);
    await js.publish(`${aging.subjectPrefix}.events.OrderPlaced`, new Uint8Array(10));
    expect((await jsm.streams.info(aging.stream)).state.messages).toBe(1);
    await waitFor(
      async () => ((await jsm.streams.info(aging.stream)).state.messages === 0 ? true : undefined),
      20_000,
      'the message to age out',
    );

    const small = names({ maxBytes: 1024 ** 2 });
    await ensureStream(jsm, small);
    const big = new Uint8Array(600 * 1024);
    await js.publish(`${small.subjectPrefix}.events.OrderPlaced`, big);
    await expect(js.publish(`${small.subjectPrefix}.events.OrderPlaced`, big)).rejects.toThrow();
    expect((await jsm.streams.info(small.stream)).state.messages).toBe(1);
  });
});
