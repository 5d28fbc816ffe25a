import { ConcurrencyError, IllegalStateError } from '@aftersales/domain';
import { describe, expect, it } from 'vitest';
import { type CommandDecider, handleCommand } from './command-handler';
import { MemoryEventStore } from './memory/memory-store';
import type { EventStore } from './port';
import { StreamStateCache } from './stream-state-cache';
import { upcastToCurrent } from './upcasting';

type Added = { type: 'Added'; data: { amount: number } };
type Command = { type: 'Add'; amount: number; limit: number };

// Adds up to a limit; amounts may be negative, so an old state may refuse what the current allows.
const counter: CommandDecider<Command, Added, number, void> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.amount,
  decide: (command, total) => {
    if (total + command.amount > command.limit)
      throw new IllegalStateError('limit-exceeded', 'over the limit');
    return command.amount === 0 ? [] : [{ type: 'Added', data: { amount: command.amount } }];
  },
};
const add = (amount: number, limit = 100): Command => ({ type: 'Add', amount, limit });

/** The store with its stream reads counted. */
function counting(inner: MemoryEventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  const store = Object.assign(Object.create(inner) as EventStore, {
    readStream: (...args: Parameters<EventStore['readStream']>) => {
      reads += 1;
      return inner.readStream(...args);
    },
  });
  return { store, reads: () => reads };
}

describe('handleCommand with a stream state cache', () => {
  const setup = () => {
    const inner = new MemoryEventStore();
    const cache = new StreamStateCache();
    const options = { context: undefined, metadata: { occurredAt: '2026-02-01T00:00:00.000Z' }, cache };
    return { inner, cache, options, ...counting(inner) };
  };

  it('decides on the state its last append left and appends without reading', async () => {
    const { store, reads, options } = setup();
    await handleCommand(store, 'counter-1', counter, add(5), options);
    const second = await handleCommand(store, 'counter-1', counter, add(7), options);
    expect(second).toMatchObject({ state: 12, nextExpectedRevision: 1n });
    expect(reads()).toBe(1);
  });

  it('reads afresh after a write it did not see, without counting that as a retry', async () => {
    const { inner, store, reads, options } = setup();
    await handleCommand(store, 'counter-1', counter, add(5), options);
    // Another process appends: the cache is now one revision behind.
    await handleCommand(inner, 'counter-1', counter, add(10), { ...options, cache: undefined });
    const result = await handleCommand(store, 'counter-1', counter, add(1), { ...options, retryForMs: 0 });
    expect(result).toMatchObject({ state: 16, nextExpectedRevision: 2n });
    expect(reads()).toBe(2);
    expect((await inner.readStream('counter-1')).map((e) => e.data)).toEqual([
      { amount: 5 },
      { amount: 10 },
      { amount: 1 },
    ]);
  });

  it('decides a refusal again on the current state before answering it', async () => {
    const { inner, store, options } = setup();
    await handleCommand(store, 'counter-1', counter, add(95), options);
    await handleCommand(inner, 'counter-1', counter, add(-50), { ...options, cache: undefined });
    // On the cached 95 this is over the limit; on the real 45 it is not.
    const result = await handleCommand(store, 'counter-1', counter, add(10), options);
    expect(result.state).toBe(55);
    await expect(handleCommand(store, 'counter-1', counter, add(50), options)).rejects.toBeInstanceOf(
      IllegalStateError,
    );
  });

  it('answers If-Match from the stream, not from an old entry', async () => {
    const { inner, store, options } = setup();
    await handleCommand(store, 'counter-1', counter, add(1), options);
    await handleCommand(inner, 'counter-1', counter, add(1), { ...options, cache: undefined });
    // The caller saw revision 1 (the cache only 0): right, so it succeeds.
    const ok = await handleCommand(store, 'counter-1', counter, add(1), { ...options, expectedRevision: 1n });
    expect(ok.nextExpectedRevision).toBe(2n);
    // The cache and the caller agree on 2, but the stream moved on: a conflict, not a retry.
    await handleCommand(inner, 'counter-1', counter, add(1), { ...options, cache: undefined });
    await expect(
      handleCommand(store, 'counter-1', counter, add(1), { ...options, expectedRevision: 2n }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await inner.readStream('counter-1')).toHaveLength(4);
  });

  it('keeps the states of different folds of one stream apart', async () => {
    const { store, reads, options } = setup();
    const doubled = { ...counter, evolve: (total: number, event: Added) => total + 2 * event.data.amount };
    await handleCommand(store, 'counter-1', counter, add(5), options);
    const other = await handleCommand(store, 'counter-1', doubled, add(1), options);
    expect(other.state).toBe(12);
    expect(reads()).toBe(2);
  });
});

describe('StreamStateCache', () => {
  it('forgets the least recently used stream beyond its size, and entries past their age', () => {
    let now = 0;
    const cache = new StreamStateCache({ maxStreams: 2, maxAgeMs: 1_000, now: () => now });
    const put = (id: string, revision: bigint) =>
      cache.set(id, id, revision, counter.evolve, upcastToCurrent);
    put('a', 0n);
    put('b', 0n);
    cache.get('a', counter.evolve, upcastToCurrent);
    put('c', 0n);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    now = 1_000;
    expect(cache.get('a', counter.evolve, upcastToCurrent)).toBeUndefined();
  });

  it('never replaces a state with an older one', () => {
    const cache = new StreamStateCache();
    cache.set('a', 'new', 3n, counter.evolve, upcastToCurrent);
    cache.set('a', 'old', 2n, counter.evolve, upcastToCurrent);
    expect(cache.get('a', counter.evolve, upcastToCurrent)).toEqual({ state: 'new', revision: 3n });
  });
});
