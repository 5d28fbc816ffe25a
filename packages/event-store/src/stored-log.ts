import type { EventStore, SubscribeOptions } from './port';
import type { PageSubscription } from './subscription/catch-up';

/**
 * An event as the log stores it, for readers that forward events rather than look into them
 * (the notifier's relay): data and metadata stay JSON text, so nothing is parsed to be written
 * out again. It carries what a RecordedEvent carries, in these forms.
 */
export type StoredEvent = Readonly<{
  /** Global position in the store. */
  position: bigint;
  streamId: string;
  /** 0-based revision within the stream, as decimal text. */
  revision: string;
  type: string;
  /** `metadata.eventId`, read out for the caller. */
  eventId: string;
  /** The data as JSON text, as stored. */
  data: string;
  /**
   * The metadata as JSON text, as stored. A RecordedEvent's metadata also has `recordedAt`
   * (store time): it is not in here, and stands in `recordedAt` below.
   */
  metadata: string;
  /** Store time as `RecordedEvent.recordedAt.toISOString()` writes it. */
  recordedAt: string;
}>;

export type StoredPageSubscription = PageSubscription<StoredEvent>;

/**
 * An optional capability of a store, beside the EventStore port: the same catch-up
 * subscription to all as `subscribeToAll` (same order, same guarantees, same options), handed
 * out a page at a time, each event as stored. The PostgreSQL store has it; callers check with
 * `readsStoredLog` and fall back to `subscribeToAll` for other stores.
 */
export interface StoredLogReader {
  subscribeToAllAsStored(options?: SubscribeOptions): StoredPageSubscription;
}

export function readsStoredLog(store: EventStore): store is EventStore & StoredLogReader {
  return typeof (store as Partial<StoredLogReader>).subscribeToAllAsStored === 'function';
}
