import { runEventStoreContract } from '../contract/event-store.contract';
import { MemoryEventStore } from './memory-store';

// The in-memory store must keep the same promises as the real adapters.
runEventStoreContract('memory', { makeStore: async () => new MemoryEventStore() });
