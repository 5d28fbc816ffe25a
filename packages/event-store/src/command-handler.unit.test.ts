import { ConcurrencyError, IllegalStateError } from '@aftersales/domain';
import { describe, expect, it } from 'vitest';
import { type CommandDecider, handleCommand } from './command-handler';
import { MemoryEventStore } from './memory/memory-store';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from './port';
import { aggregateStream } from './stream-access';

type Added = { type: 'Added'; data: { amount: number } };
type Command = { type: 'Add'; amount: number; limit: number };
type Ctx = { factor: number };

// A tiny decider: adds up to a limit.
const counter: CommandDecider<Command, Added, number, Ctx> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.amount,
  decide: (command, total, context) => {
    const amount = command.amount * context.factor;
    if (total + amount > command.limit) throw new IllegalStateError('limit-exceeded', 'over the limit');
    return amount === 0 ? [] : [{ type: 'Added', data: { amount } }];
  },
};
const options = {
  context: { factor: 1 },
  metadata: { occurredAt: '2026-02-01T00:00:00.000Z', actor: 'shop' },
};
const add = (amount: number, limit = 100): Command => ({ type: 'Add', amount, limit });

/** Lets another writer slip in between the shell's read and its append, `times` times. */
function racingStore(inner: MemoryEventStore, streamId: string, times: number): EventStore {
  let left = times;
  return Object.assign(Object.create(inner) as EventStore, {
    appendToStream: async (
      stream: string,
      events: readonly NewEvent[],
      opts?: { expectedRevision?: ExpectedRevision },
    ): Promise<AppendResult> => {
      if (left-- > 0) await handleCommand(inner, streamId, counter, add(1), options);
      return inner.appendToStream(stream, events, opts);
    },
  });
}

describe('handleCommand', () => {
  it('reads, decides and appends with metadata, starting a new stream', async () => {
    const store = new MemoryEventStore();
    const result = await handleCommand(store, 'counter-1', counter, add(5), {
      ...options,
      context: { factor: 2 },
      metadata: { ...options.metadata, correlationId: 'c-1' },
    });
    expect(result.state).toBe(10);
    expect(result.nextExpectedRevision).toBe(0n);
    const [stored] = await store.readStream('counter-1');
    expect(stored?.data).toEqual({ amount: 10 });
    expect(stored?.metadata).toMatchObject({
      occurredAt: '2026-02-01T00:00:00.000Z',
      correlationId: 'c-1',
      actor: 'shop',
      schemaVersion: 1,
    });
    expect(stored?.metadata.eventId).toMatch(/^[0-9a-f-]{14}7/);
    expect(stored?.metadata).not.toHaveProperty('causationId');
  });

  it('appends nothing when nothing is decided', async () => {
    const store = new MemoryEventStore();
    const result = await handleCommand(store, 'counter-1', counter, add(0), options);
    expect(result).toMatchObject({ newEvents: [], nextExpectedRevision: -1n, state: 0 });
    expect(await store.headPosition()).toBe(0n);
  });

  it('retries from the read after a conflict and decides on the fresh state', async () => {
    const inner = new MemoryEventStore();
    const store = racingStore(inner, 'counter-1', 2);
    const result = await handleCommand(store, 'counter-1', counter, add(3), options);
    expect(result.state).toBe(5);
    expect((await aggregateStream(inner, 'counter-1', counter.evolve, 0)).state).toBe(5);
  });

  it('keeps re-deciding through conflicts until its deadline, then gives up', async () => {
    const inner = new MemoryEventStore();
    // Twenty conflicts in a row: far more than a fixed count of retries would take.
    const result = await handleCommand(
      racingStore(inner, 'counter-1', 20),
      'counter-1',
      counter,
      add(3),
      options,
    );
    expect(result.state).toBe(23);
    const store = racingStore(new MemoryEventStore(), 'counter-2', 1_000_000);
    await expect(
      handleCommand(store, 'counter-2', counter, add(3), { ...options, retryForMs: 50 }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('never retries when the caller gave an If-Match revision', async () => {
    const inner = new MemoryEventStore();
    await handleCommand(inner, 'counter-1', counter, add(1), options);
    await expect(
      handleCommand(inner, 'counter-1', counter, add(1), { ...options, expectedRevision: 'no_stream' }),
    ).rejects.toMatchObject({ code: 'wrong-expected-revision' });
    const store = racingStore(inner, 'counter-1', 1);
    await expect(
      handleCommand(store, 'counter-1', counter, add(1), { ...options, expectedRevision: 0n }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    const ok = await handleCommand(inner, 'counter-1', counter, add(1), { ...options, expectedRevision: 1n });
    expect(ok.nextExpectedRevision).toBe(2n);
  });

  it('uses deterministic event ids so a repeated follow-up appends once', async () => {
    const store = new MemoryEventStore();
    const eventIds = (index: number) => `0190c2a0-0000-7000-8000-00000000000${index}`;
    const once = await handleCommand(store, 'counter-1', counter, add(2), { ...options, eventIds });
    expect(once.newEvents[0]?.metadata.eventId).toBe(eventIds(0));
    await expect(
      handleCommand(store, 'counter-1', counter, add(2), { ...options, eventIds }),
    ).resolves.toMatchObject({ nextExpectedRevision: 0n });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('decides on a read already under way, and reads afresh when the stream moved on since', async () => {
    const store = new MemoryEventStore();
    await handleCommand(store, 'counter-1', counter, add(1), options);
    // Read before another writer appends: the decision on it conflicts, and the retry reads anew.
    const early = aggregateStream(store, 'counter-1', counter.evolve, counter.initialState());
    await early;
    await handleCommand(store, 'counter-1', counter, add(2), options);
    const result = await handleCommand(store, 'counter-1', counter, add(4), { ...options, firstRead: early });
    expect(result).toMatchObject({ state: 7, nextExpectedRevision: 2n });
    expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([
      { amount: 1 },
      { amount: 2 },
      { amount: 4 },
    ]);
    // A read that failed fails the command as its own read would have.
    const failed = Promise.reject(new Error('store unreachable'));
    await expect(
      handleCommand(store, 'counter-1', counter, add(1), { ...options, firstRead: failed }),
    ).rejects.toThrow('store unreachable');
    expect(await store.readStream('counter-1')).toHaveLength(3);
  });

  it("tells each attempt's decision before its append goes out", async () => {
    const inner = new MemoryEventStore();
    const racing = racingStore(inner, 'counter-1', 1);
    const log: string[] = [];
    const store = Object.assign(Object.create(racing) as EventStore, {
      appendToStream: (
        stream: string,
        events: readonly NewEvent[],
        opts?: { expectedRevision?: ExpectedRevision },
      ) => {
        log.push(`append at ${String(opts?.expectedRevision)}`);
        return racing.appendToStream(stream, events, opts);
      },
    });
    const result = await handleCommand(store, 'counter-1', counter, add(3), {
      ...options,
      append: ({ events, expectedRevision, state, revision }) => {
        log.push(`decided ${events.map((e) => e.data.amount).join()} to ${state} at ${revision}`);
        return store.appendToStream('counter-1', events, { expectedRevision });
      },
    });
    // The first decision (on an empty stream) lost the race to another writer; the second landed.
    expect(log).toEqual(['decided 3 to 3 at 0', 'append at no_stream', 'decided 3 to 4 at 1', 'append at 0']);
    expect(result).toMatchObject({ state: 4, nextExpectedRevision: 1n });
  });

  it('passes business rule errors through untouched', async () => {
    const store = new MemoryEventStore();
    await expect(handleCommand(store, 'counter-1', counter, add(500), options)).rejects.toBeInstanceOf(
      IllegalStateError,
    );
  });
});

describe('handleCommand with the domain upcasting', () => {
  type Shipped = { type: 'OrderShipped'; data: { orderId: string; shipmentId?: string } };
  const shipments: CommandDecider<{ orderId: string }, Shipped, string[], void> = {
    initialState: () => [],
    evolve: (ids, event) => [...ids, event.data.shipmentId ?? 'missing'],
    decide: (command) => [{ type: 'OrderShipped', data: { orderId: command.orderId, shipmentId: 's-2' } }],
  };

  it('reads a v1 event in its current shape and stamps new events with the current version', async () => {
    const store = new MemoryEventStore();
    await store.appendToStream('order-1', [
      {
        type: 'OrderShipped',
        data: { orderId: '1' },
        metadata: { eventId: '0190c2a0-0000-7000-8000-000000000001', occurredAt: 'x', schemaVersion: 1 },
      },
    ]);
    const result = await handleCommand(
      store,
      'order-1',
      shipments,
      { orderId: '1' },
      { ...options, context: undefined },
    );
    expect(result.state[0]).toMatch(/^1-/);
    expect(result.newEvents[0]?.metadata.schemaVersion).toBeGreaterThan(1);
    const [stored] = await store.readStream('order-1');
    expect(stored?.data).toEqual({ orderId: '1' });
  });
});
