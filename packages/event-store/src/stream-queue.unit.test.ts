import { IllegalStateError } from '@aftersales/domain';
import { describe, expect, it } from 'vitest';
import { type CommandDecider, handleCommand } from './command-handler';
import { MemoryEventStore } from './memory/memory-store';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from './port';
import { StreamQueue } from './stream-queue';
import { StreamStateCache } from './stream-state-cache';

type Added = { type: 'Added'; data: { amount: number } };
type Command = { amount: number; limit: number };

/** Adds up to a limit; a refusal past it. */
const counter: CommandDecider<Command, Added, number, Record<string, never>> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.amount,
  decide: (command, total) => {
    if (total + command.amount > command.limit)
      throw new IllegalStateError('limit-exceeded', 'over the limit');
    return command.amount === 0 ? [] : [{ type: 'Added', data: { amount: command.amount } }];
  },
};

/** Counts appends; the first `racing` of them find another writer's event slipped in first. */
function countingStore(inner: MemoryEventStore, racing = 0) {
  const appends: number[] = [];
  let left = racing;
  const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
    appendToStream: async (
      stream: string,
      events: readonly NewEvent[],
      opts?: { expectedRevision?: ExpectedRevision },
    ): Promise<AppendResult> => {
      appends.push(events.length);
      if (left-- > 0)
        await inner.appendToStream(stream, [
          {
            type: 'Added',
            data: { amount: 1 },
            metadata: {
              eventId: crypto.randomUUID(),
              occurredAt: '2026-02-01T00:00:00.000Z',
              schemaVersion: 1,
            },
          },
        ]);
      return inner.appendToStream(stream, events, opts);
    },
  });
  return { store, appends };
}

const run = (
  store: EventStore,
  queue: StreamQueue,
  cache: StreamStateCache,
  command: Command,
  actor: string,
) =>
  handleCommand(store, 'hot-1', counter, command, {
    context: {},
    metadata: { occurredAt: '2026-02-01T00:00:00.000Z', actor },
    queue,
    cache,
  });

describe('commands waiting for one stream', () => {
  it('are decided together, in order, and stored in few appends with their own metadata', async () => {
    const inner = new MemoryEventStore();
    const { store, appends } = countingStore(inner);
    const queue = new StreamQueue();
    const cache = new StreamStateCache();
    const settled = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => run(store, queue, cache, { amount: 1, limit: 40 }, `c${i}`)),
    );
    const stored = await inner.readStream('hot-1');
    // 40 fit; the 10 after them are refused, each on the state the ones before it left.
    expect(stored).toHaveLength(40);
    expect(settled.map((r) => r.status)).toEqual([
      ...Array.from({ length: 40 }, () => 'fulfilled'),
      ...Array.from({ length: 10 }, () => 'rejected'),
    ]);
    expect(stored.map((e) => e.metadata.actor)).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`));
    expect(appends.length).toBeLessThan(10);
    // Each answer: the stream's revision right after its own events.
    const answers = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(answers.map((a) => a.nextExpectedRevision)).toEqual(
      Array.from({ length: 40 }, (_, i) => BigInt(i)),
    );
  });

  it('answer a refusal to its own command only', async () => {
    const inner = new MemoryEventStore();
    const { store } = countingStore(inner);
    const queue = new StreamQueue();
    const cache = new StreamStateCache();
    const results = await Promise.allSettled([
      run(store, queue, cache, { amount: 5, limit: 10 }, 'a'),
      run(store, queue, cache, { amount: 3, limit: 10 }, 'b'),
      run(store, queue, cache, { amount: 4, limit: 10 }, 'c'),
      run(store, queue, cache, { amount: 2, limit: 10 }, 'd'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'limit-exceeded' });
    expect((await inner.readStream('hot-1')).map((e) => e.data)).toEqual([
      { amount: 5 },
      { amount: 3 },
      { amount: 2 },
    ]);
  });

  it('are decided again on a fresh read when a writer elsewhere moved the stream on', async () => {
    const inner = new MemoryEventStore();
    const { store } = countingStore(inner, 2);
    const queue = new StreamQueue();
    const cache = new StreamStateCache();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => run(store, queue, cache, { amount: 1, limit: 100 }, `c${i}`)),
    );
    expect(answers.every((a) => a.newEvents.length === 1)).toBe(true);
    // 20 of ours and the 2 that slipped in, each exactly once.
    const stored = await inner.readStream('hot-1');
    expect(stored).toHaveLength(22);
    expect(new Set(stored.map((e) => e.metadata.eventId)).size).toBe(22);
  });
});
