import { IllegalStateError, ValidationError } from '@aftersales/domain';
import { createMemoryEventStore, type EventStore, WrongExpectedRevisionError } from '@aftersales/event-store';
import { describe, expect, it } from 'vitest';
import { runPlan, step } from './plan';

/** A stream that may be opened once; opening needs a name. */
type Opened = { type: 'Opened'; data: { name: string } };
const opener = {
  initialState: () => ({ open: false }),
  evolve: (_state: { open: boolean }, _event: Opened) => ({ open: true }),
  decide: (command: { name: string }, state: { open: boolean }): Opened[] => {
    if (command.name === '') throw new ValidationError('name-required', 'a name is required');
    if (state.open) throw new IllegalStateError('already-open', 'the stream is open already');
    return [{ type: 'Opened', data: { name: command.name } }];
  },
};

/** Counts the reads of each stream that reach the store. */
function counting(store: EventStore) {
  const reads = new Map<string, number>();
  const counted: EventStore = {
    ...store,
    kind: store.kind,
    appendToStream: (id, events, options) => store.appendToStream(id, events, options),
    readStream: (id, options) => {
      reads.set(id, (reads.get(id) ?? 0) + 1);
      return store.readStream(id, options);
    },
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
  return { store: counted, reads };
}

const options = (expectedRevision?: bigint | 'no_stream') => ({
  context: { now: '2026-01-01T00:00:00.000Z', rules: {} as never },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z' },
  ...(expectedRevision === undefined ? {} : { expectedRevision }),
});
const create = (streamId: string, name: string) => ({
  target: step(streamId, opener, { name }),
  createsTarget: true,
});

describe('a command that creates its stream', () => {
  it('appends without reading the stream first when it is new', async () => {
    const { store, reads } = counting(createMemoryEventStore());
    const outcome = await runPlan(store, create('s-1', 'a'), options());
    expect(outcome.target.revision).toBe(0n);
    expect(reads.get('s-1') ?? 0).toBe(0);
    expect(await store.readStream('s-1')).toHaveLength(1);
  });

  it('answers a repeat exactly as without the assumption, appending nothing', async () => {
    const { store, reads } = counting(createMemoryEventStore());
    await runPlan(store, create('s-2', 'a'), options());
    await expect(runPlan(store, create('s-2', 'b'), options())).rejects.toMatchObject({
      code: 'already-open',
    });
    // Under If-Match "-1" the conflict is the answer, as before.
    await expect(runPlan(store, create('s-2', 'b'), options('no_stream'))).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(reads.get('s-2')).toBeGreaterThan(0);
    expect(await store.readStream('s-2')).toHaveLength(1);
  });

  it('decides a refusal on what the stream really holds', async () => {
    const { store } = counting(createMemoryEventStore());
    await expect(runPlan(store, create('s-3', ''), options())).rejects.toMatchObject({
      code: 'name-required',
    });
    expect(await store.readStream('s-3')).toHaveLength(0);
  });
});
