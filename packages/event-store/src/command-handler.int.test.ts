import { ConcurrencyError } from '@aftersales/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { type CommandDecider, handleCommand } from './command-handler';
import { uniquePrefix } from './contract/fixtures';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from './port';
import { PostgresEventStore } from './postgres/postgres-store';
import { aggregateStream } from './stream-access';

type Reserved = { type: 'Reserved'; data: { quantity: number } };
type Reserve = { quantity: number };
// Reservations against a stock of 10: compatible commands both fit, an oversized one does not.
const stock: CommandDecider<Reserve, Reserved, number, void> = {
  initialState: () => 0,
  evolve: (reserved, event) => reserved + event.data.quantity,
  decide: (command, reserved) => {
    if (reserved + command.quantity > 10) throw new ConcurrencyError('out-of-stock', 'not enough left');
    return [{ type: 'Reserved', data: { quantity: command.quantity } }];
  },
};
const options = { context: undefined, metadata: { occurredAt: '2026-04-01T09:00:00.000Z', actor: 'int' } };

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('es_shell');
  store = await PostgresEventStore.connect({ connectionString: database.url });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

/** The real store, with a competing command slipped in before each of the first `times` appends. */
function contended(streamId: string, times: number): EventStore {
  let left = times;
  return {
    kind: store.kind,
    readStream: (id, opts) => store.readStream(id, opts),
    readAll: (opts) => store.readAll(opts),
    subscribeToAll: (opts) => store.subscribeToAll(opts),
    headPosition: () => store.headPosition(),
    close: async () => {},
    appendToStream: async (
      id: string,
      events: readonly NewEvent[],
      opts?: { expectedRevision?: ExpectedRevision },
    ) => {
      if (left-- > 0) await handleCommand(store, streamId, stock, { quantity: 1 }, options);
      return store.appendToStream(id, events, opts) as Promise<AppendResult>;
    },
  };
}

describe('handleCommand against PostgreSQL', () => {
  it('runs two concurrent compatible commands on one stream: both succeed through the retry', async () => {
    const stream = `${uniquePrefix()}-stock`;
    await handleCommand(store, stream, stock, { quantity: 1 }, options);
    const results = await Promise.all([
      handleCommand(store, stream, stock, { quantity: 2 }, options),
      handleCommand(store, stream, stock, { quantity: 3 }, options),
    ]);
    expect(results.map((result) => result.nextExpectedRevision).sort()).toEqual([1n, 2n]);
    const { state, revision } = await aggregateStream(store, stream, stock.evolve, 0);
    expect({ state, revision }).toEqual({ state: 6, revision: 2n });
  });

  it('with If-Match revisions, the loser of two concurrent commands gets a ConcurrencyError', async () => {
    const stream = `${uniquePrefix()}-stock`;
    const first = await handleCommand(store, stream, stock, { quantity: 1 }, options);
    const outcomes = await Promise.allSettled([
      handleCommand(
        store,
        stream,
        stock,
        { quantity: 2 },
        { ...options, expectedRevision: first.nextExpectedRevision },
      ),
      handleCommand(
        store,
        stream,
        stock,
        { quantity: 3 },
        { ...options, expectedRevision: first.nextExpectedRevision },
      ),
    ]);
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(ConcurrencyError);
    expect(rejected[0]?.reason).toMatchObject({ code: 'wrong-expected-revision' });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('retries until its deadline, deciding on fresh state each time', async () => {
    const stream = `${uniquePrefix()}-stock`;
    const ok = await handleCommand(contended(stream, 4), stream, stock, { quantity: 5 }, options);
    expect(ok.state).toBe(9);
    const stream2 = `${uniquePrefix()}-stock`;
    await expect(
      handleCommand(
        contended(stream2, 1_000),
        stream2,
        stock,
        { quantity: 5 },
        { ...options, retryForMs: 0 },
      ),
    ).rejects.toMatchObject({ code: 'wrong-expected-revision' });
    // Given up at the first conflict: one event of the contender, none of its own.
    expect((await store.readStream(stream2)).map((event) => event.data)).toEqual([{ quantity: 1 }]);
  });
});
