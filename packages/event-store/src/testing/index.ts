// Test helpers for other packages: the contract every EventStore passes (a decorating store can
// run it too) and the in-memory store for fast unit tests.
export type { ContractHarness } from '../contract/event-store.contract';
export { runEventStoreContract } from '../contract/event-store.contract';
export type { MemoryStoreOptions } from '../memory/memory-store';
export { createMemoryEventStore, MemoryEventStore } from '../memory/memory-store';
export { countingReads } from './counting-store';
