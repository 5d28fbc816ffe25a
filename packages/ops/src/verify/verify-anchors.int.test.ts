import {
  type ChainedEvent,
  createMemoryEventStore,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
} from '@aftersales/event-store';
import { connectNats, readRelayedHeadsAt, startRelay } from '@aftersales/notifier';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { opsFixture } from '../../test/fixtures';
import type { ExternalAnchors } from './external';
import { verifyLog } from './verify';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const noted = (n: number): NewEvent => ({
  type: 'Noted',
  data: { n },
  metadata: { eventId: crypto.randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
});

/**
 * A store whose reads of the chained log can be made to lose a stream's tail or change an
 * event, as if someone had done it to the store's files: verify sees only what the store gives.
 */
function tamperable(inner: EventStore) {
  const cut = new Map<string, bigint>();
  const altered = new Set<string>();
  const read = inner.readAllChained?.bind(inner);
  if (!read) throw new Error('no chain');
  const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
    kind: 'eventstoredb' as const,
    readAllChained: async (options?: ReadAllOptions): Promise<ChainedEvent[]> =>
      (await read(options))
        .filter((event) => event.revision < (cut.get(event.streamId) ?? Number.MAX_SAFE_INTEGER))
        .map((event) =>
          altered.has(`${event.streamId}@${event.revision}`) ? { ...event, data: { n: 'changed' } } : event,
        ),
  });
  return { store, cut, altered };
}

describe('verify on a store without a hash column (through readAllChained)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const memory = createMemoryEventStore();
  const { store, cut, altered } = tamperable(memory);
  const [a, b, c] = ['order-a', 'order-b', 'order-c'];

  beforeAll(async () => {
    database = await createTestDatabase('verify_any');
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    await memory.appendToStream(a, [noted(0), noted(1), noted(2)]);
    await memory.appendToStream(b, [noted(0), noted(1)]);
    await memory.appendToStream(c, [noted(0)]);
    await memory.appendToStream(a, [noted(3)]);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('finds every chain intact and anchors the heads', async () => {
    const report = await verifyLog(pool, undefined, { store, pageSize: 2 });
    expect(report).toMatchObject({ ok: true, streams: 3, events: 7, anchored: 3, issues: [] });
  });

  it('names an altered event, and a tail deleted since the last run', async () => {
    altered.add(`${b}@1`);
    cut.set(a, 2n);
    const report = await verifyLog(pool, undefined, { store, pageSize: 2 });
    expect(report.ok).toBe(false);
    expect(report.issues).toEqual([
      expect.objectContaining({ kind: 'altered', streamId: b, revision: '1' }),
      expect.objectContaining({ kind: 'missing', streamId: a, fromRevision: '2', toRevision: '3' }),
    ]);
  });
});

describe('verify against the relay stream on NATS (anchors outside the verified database)', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  const names = { stream: `VERIFY_${uniqueId()}`.toUpperCase(), subjectPrefix: `verify.${uniqueId()}` };
  const nats: ExternalAnchors = {
    source: `NATS stream ${names.stream}`,
    read: () => readRelayedHeadsAt(NATS_URL, names),
  };
  const [kept, cutShort, removed] = [uniqueId('order-'), uniqueId('order-'), uniqueId('order-')];

  beforeAll(async () => {
    fx = await opsFixture('ops_verify_nats');
    const relay = await startRelay({
      store: fx.inner,
      pool: fx.pool,
      log: pino({ level: 'silent' }),
      natsUrl: NATS_URL,
      names,
      name: uniqueId('relay'),
    });
    try {
      await fx.inner.appendToStream(kept, [noted(0), noted(1)]);
      await fx.inner.appendToStream(removed, [noted(0)]);
      const last = await fx.inner.appendToStream(cutShort, [noted(0), noted(1), noted(2)]);
      await relay.waitFor(last.lastPosition, 30_000);
    } finally {
      await relay.stop();
    }
  });
  afterAll(async () => {
    const nc = await connectNats(NATS_URL, 'verify-test-cleanup');
    await (await nc.jetstreamManager()).streams.delete(names.stream).catch(() => undefined);
    await nc.close();
    await fx?.close();
  });

  it('reads each stream head the relay published', async () => {
    const heads = await nats.read();
    expect(heads.get(kept)?.revision).toBe(1n);
    expect(heads.get(cutShort)?.revision).toBe(2n);
    expect(heads.get(removed)?.revision).toBe(0n);
  });

  it('catches a deleted tail and a deleted stream on the very first verify run', async () => {
    await fx.pool.query('DELETE FROM event_store.events WHERE stream_id = $1 AND revision >= 1', [cutShort]);
    await fx.pool.query('DELETE FROM event_store.events WHERE stream_id = $1', [removed]);
    // The chain alone cannot see it: what is left of each stream is intact and nothing was anchored.
    expect(
      await fx.pool.query('SELECT 1 FROM ops.verify_anchors').catch(() => ({ rowCount: 0 })),
    ).toMatchObject({
      rowCount: 0,
    });
    const report = await verifyLog(fx.pool, undefined, { external: [nats] });
    expect(report.ok).toBe(false);
    expect(report.external).toEqual([{ source: nats.source, streams: 3 }]);
    const mine = report.issues.filter((issue) => [kept, cutShort, removed].includes(issue.streamId));
    expect(mine).toHaveLength(2);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'missing', streamId: cutShort, fromRevision: '1', toRevision: '2' }),
        expect.objectContaining({ kind: 'missing', streamId: removed, fromRevision: '0', toRevision: '0' }),
      ]),
    );
    for (const issue of mine) expect(issue.detail).toContain(nats.source);
    // Without the witness outside the database, the same first run would have found nothing.
    expect((await verifyLog(fx.pool)).issues.filter((issue) => issue.streamId === cutShort)).toEqual([]);
  });
});
