import { describe, expect, it } from 'vitest';
import { EventIdConflictError, InvalidEventError, WrongExpectedRevisionError } from '../errors';
import type { NewEvent, RecordedEvent } from '../port';
import { MemoryEventStore } from './memory-store';

let counter = 0;
const id = () => `00000000-0000-7000-8000-${(++counter).toString(16).padStart(12, '0')}`;
const event = (type: string, data: object = { n: counter }): NewEvent => ({
  type,
  data,
  metadata: { eventId: id(), occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
});

describe('MemoryEventStore', () => {
  it('appends with every expected-revision mode and rejects conflicts', async () => {
    const store = new MemoryEventStore();
    await expect(
      store.appendToStream('order-1', [event('A')], { expectedRevision: 'stream_exists' }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    const first = await store.appendToStream('order-1', [event('A')], { expectedRevision: 'no_stream' });
    expect(first.nextExpectedRevision).toBe(0n);
    await expect(
      store.appendToStream('order-1', [event('B')], { expectedRevision: 'no_stream' }),
    ).rejects.toMatchObject({ code: 'wrong-expected-revision', actual: 0n });
    await expect(
      store.appendToStream('order-1', [event('B')], { expectedRevision: 5n }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    const second = await store.appendToStream('order-1', [event('B'), event('C')], { expectedRevision: 0n });
    expect(second.nextExpectedRevision).toBe(2n);
    const third = await store.appendToStream('order-1', [event('D')], { expectedRevision: 'stream_exists' });
    const fourth = await store.appendToStream('order-1', [event('E')]);
    expect([third.nextExpectedRevision, fourth.nextExpectedRevision]).toEqual([3n, 4n]);
  });

  it('answers a retried append with the first result and rejects a reused id', async () => {
    const store = new MemoryEventStore();
    const batch = [event('A'), event('B')];
    const first = await store.appendToStream('s-1', batch, { expectedRevision: 'no_stream' });
    const again = await store.appendToStream('s-1', batch, { expectedRevision: 'no_stream' });
    expect(again).toEqual(first);
    expect(await store.readStream('s-1')).toHaveLength(2);
    const [a] = batch;
    if (!a) throw new Error('unreachable');
    await expect(store.appendToStream('s-1', [{ ...a, data: { other: true } }])).rejects.toBeInstanceOf(
      EventIdConflictError,
    );
    await expect(store.appendToStream('s-2', [a])).rejects.toBeInstanceOf(EventIdConflictError);
  });

  it('rejects malformed events and appends nothing', async () => {
    const store = new MemoryEventStore();
    const good = event('A');
    const bad: unknown[] = [
      { ...good, type: '' },
      { ...good, data: 'text' },
      { ...good, data: null },
      { ...good, metadata: { occurredAt: 'x', schemaVersion: 1 } },
    ];
    for (const malformed of bad) {
      await expect(store.appendToStream('s-1', [event('B'), malformed as NewEvent])).rejects.toBeInstanceOf(
        InvalidEventError,
      );
    }
    expect(await store.readAll()).toEqual([]);
  });

  it('reads streams both ways and all events with filters', async () => {
    const store = new MemoryEventStore();
    await store.appendToStream('order-1', [event('Placed'), event('Shipped'), event('Delivered')]);
    await store.appendToStream('return-1', [event('Requested')]);
    const types = (events: RecordedEvent[]) => events.map((e) => e.type);
    expect(types(await store.readStream('order-1', { direction: 'backwards', maxCount: 2 }))).toEqual([
      'Delivered',
      'Shipped',
    ]);
    expect(types(await store.readStream('order-1', { fromRevision: 1n }))).toEqual(['Shipped', 'Delivered']);
    expect(types(await store.readAll({ filter: { streamPrefixes: ['return-'] } }))).toEqual(['Requested']);
    expect(
      types(await store.readAll({ after: 1n, filter: { eventTypes: ['Delivered', 'Placed'] } })),
    ).toEqual(['Delivered']);
    expect(await store.headPosition()).toBe(4n);
  });

  it('subscribes: catches up, then sees live appends in order', async () => {
    const store = new MemoryEventStore();
    await store.appendToStream('order-1', [event('A'), event('B')]);
    const subscription = store.subscribeToAll({ after: 1n });
    const seen: bigint[] = [];
    const done = (async () => {
      for await (const recorded of subscription) {
        seen.push(recorded.position);
        if (seen.length === 3) break;
      }
    })();
    await store.appendToStream('order-2', [event('C'), event('D')]);
    await done;
    await subscription.close();
    expect(seen).toEqual([2n, 3n, 4n]);
  });
});
