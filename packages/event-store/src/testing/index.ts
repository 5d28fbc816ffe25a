// Test helpers for other packages: the in-memory store (fast unit tests).
export type { MemoryStoreOptions } from '../memory/memory-store';
export { createMemoryEventStore, MemoryEventStore } from '../memory/memory-store';
