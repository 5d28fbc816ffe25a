import type { EventStore } from '../port';

/** The store with a count of the reads of each stream that reach it (tests of read-saving paths). */
export function countingReads(store: EventStore): { store: EventStore; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const counted: EventStore = {
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
