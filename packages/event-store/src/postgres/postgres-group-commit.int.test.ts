import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { collect, newEvent, positionsStrictlyIncrease, times, uniquePrefix } from '../contract/fixtures';
import { EventIdConflictError, WrongExpectedRevisionError } from '../errors';
import type { AppendResult, NewEvent } from '../port';
import { storedAndRecomputedHashes } from './hash-chain.fixture';
import { PostgresEventStore } from './postgres-store';

/**
 * Concurrent appends are committed together once every transaction slot is busy. With one slot,
 * everything that arrives while the first append runs shares the next transaction: these tests
 * force that and check each caller still gets exactly the answer a lone append would give.
 */
let database: TestDatabase;
let store: PostgresEventStore;
let client: pg.Client;
beforeAll(async () => {
  database = await createTestDatabase('es_group');
  store = await PostgresEventStore.connect({
    connectionString: database.url,
    maxConcurrentAppends: 1,
    pollIntervalMs: 100,
  });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await store?.close();
  await database?.drop();
});

/** Transactions that wrote the given streams' events (positions carry their transaction id). */
async function transactionsOf(prefix: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(DISTINCT position >> 20)::int AS n FROM event_store.events WHERE stream_id LIKE $1`,
    [`${prefix}%`],
  );
  return rows[0]?.n ?? 0;
}

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('PostgreSQL store: concurrent appends share transactions', { timeout: 60_000 }, () => {
  it('commits 40 concurrent appends in fewer transactions, each with its own revision, position and hash chain', async () => {
    const prefix = uniquePrefix();
    const results = await Promise.all(
      times(40, (index) =>
        store.appendToStream(
          `${prefix}-${index}`,
          times(1 + (index % 3), (n) => newEvent('Placed', { index, n })),
          {
            expectedRevision: 'no_stream',
          },
        ),
      ),
    );
    expect(await transactionsOf(prefix)).toBeLessThan(40);
    const all = await store.readAll({ filter: { streamPrefixes: [`${prefix}-`] } });
    expect(all).toHaveLength(times(40, (index) => 1 + (index % 3)).reduce((a, b) => a + b, 0));
    expect(positionsStrictlyIncrease(all)).toBe(true);
    for (const [index, result] of results.entries()) {
      const events = await store.readStream(`${prefix}-${index}`);
      expect(events).toHaveLength(1 + (index % 3));
      expect(result.nextExpectedRevision).toBe(BigInt(events.length - 1));
      expect(result.lastPosition).toBe(events.at(-1)?.position);
      expect(events.map((event) => event.data)).toEqual(times(events.length, (n) => ({ index, n })));
    }
    // Hash chains written by the shared transactions match the reference computation.
    const hashes = await storedAndRecomputedHashes(client, `${prefix}%`);
    expect(hashes).toHaveLength(all.length);
    for (const row of hashes) expect(row.stored).toBe(row.recomputed);
  });

  it('gives every caller in a shared transaction its own verdict: success, conflict, replay, reused id', async () => {
    const prefix = uniquePrefix();
    const existing = `${prefix}-existing`;
    const first = [newEvent('Opened')];
    const earlier = await store.appendToStream(existing, first, { expectedRevision: 'no_stream' });
    const reused = newEvent('Reused');
    await store.appendToStream(`${prefix}-owner`, [reused]);

    // A slow first append holds the only slot, so all of the following queue up and go together.
    const blocker = store.appendToStream(
      `${prefix}-blocker`,
      times(200, () => newEvent('Bulk')),
    );
    const attempts = {
      fresh: settle(
        store.appendToStream(`${prefix}-fresh`, [newEvent('A')], { expectedRevision: 'no_stream' }),
      ),
      exact: settle(store.appendToStream(existing, [newEvent('B')], { expectedRevision: 0n })),
      wrong: settle(store.appendToStream(`${prefix}-other`, [newEvent('C')], { expectedRevision: 5n })),
      replay: settle(store.appendToStream(existing, first, { expectedRevision: 'no_stream' })),
      reusedId: settle(
        store.appendToStream(`${prefix}-thief`, [{ ...newEvent('Thief'), metadata: reused.metadata }]),
      ),
      exists: settle(
        store.appendToStream(`${prefix}-nothing`, [newEvent('D')], { expectedRevision: 'stream_exists' }),
      ),
    };
    await blocker;
    const fresh = await attempts.fresh;
    expect(fresh.ok && fresh.value.nextExpectedRevision).toBe(0n);
    // `exact` and `replay` name the same stream: the replay answers the first append's result
    // whichever ran first, and the exact append finds revision 0 either way.
    const exact = await attempts.exact;
    expect(exact.ok && exact.value.nextExpectedRevision).toBe(1n);
    const replay = await attempts.replay;
    expect(replay).toEqual({ ok: true, value: earlier });
    const wrong = await attempts.wrong;
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(!wrong.ok && (wrong.error as WrongExpectedRevisionError).actual).toBe('no_stream');
    const reusedId = await attempts.reusedId;
    expect(!reusedId.ok && reusedId.error).toBeInstanceOf(EventIdConflictError);
    const exists = await attempts.exists;
    expect(!exists.ok && exists.error).toBeInstanceOf(WrongExpectedRevisionError);

    // Nothing of the rejected appends was stored; the accepted ones are whole.
    expect(await store.readStream(`${prefix}-other`)).toEqual([]);
    expect(await store.readStream(`${prefix}-thief`)).toEqual([]);
    expect(await store.readStream(`${prefix}-nothing`)).toEqual([]);
    expect((await store.readStream(existing)).map((event) => event.type)).toEqual(['Opened', 'B']);
    expect(await store.readStream(`${prefix}-fresh`)).toHaveLength(1);
  });

  it('keeps one stream in order when many appends to it and to others arrive at once', async () => {
    const prefix = uniquePrefix();
    const hot = `${prefix}-hot`;
    const appends: Promise<AppendResult>[] = [];
    for (let index = 0; index < 60; index++) {
      appends.push(store.appendToStream(hot, [newEvent('Hot', { index })]));
      appends.push(store.appendToStream(`${prefix}-cold-${index}`, [newEvent('Cold', { index })]));
    }
    const results = await Promise.all(appends);
    const hotEvents = await store.readStream(hot);
    expect(hotEvents).toHaveLength(60);
    expect(hotEvents.map((event) => event.revision)).toEqual(times(60, (index) => BigInt(index)));
    // Each hot append got the revision it actually holds.
    const hotResults = results.filter((_, index) => index % 2 === 0);
    expect(new Set(hotResults.map((result) => result.nextExpectedRevision)).size).toBe(60);
  });

  it('a live subscriber sees every event of the shared transactions once, in order', async () => {
    const prefix = uniquePrefix();
    const head = await store.headPosition();
    const writers = 8;
    const perWriter = 25;
    const live = collect(
      store,
      { after: head, filter: { streamPrefixes: [`${prefix}-`] } },
      writers * perWriter,
    );
    await Promise.all(
      times(writers, async (writer) => {
        for (let index = 0; index < perWriter; index++) {
          const event: NewEvent = newEvent('Tick', { writer, index });
          await store.appendToStream(`${prefix}-${writer}`, [event]);
        }
      }),
    );
    const seen = await live;
    expect(seen).toHaveLength(writers * perWriter);
    expect(new Set(seen.map((event) => event.metadata.eventId)).size).toBe(writers * perWriter);
    expect(positionsStrictlyIncrease(seen)).toBe(true);
    for (let writer = 0; writer < writers; writer++) {
      const mine = seen.filter((event) => event.streamId === `${prefix}-${writer}`);
      expect(mine.map((event) => (event.data as { index: number }).index)).toEqual(
        times(perWriter, (i) => i),
      );
    }
  });
});
