import {
  type EventStore,
  type RecordedEvent,
  readsStoredLog,
  type StoredEvent,
  type SubscribeOptions,
} from '@aftersales/event-store';
import { type HandledEvent, traceparentInJson } from '@aftersales/telemetry';
import { type EncodedEnvelope, encodeStoredEnvelope, toEnvelope } from '../envelope';
import type { Prefetch } from './prefetch';
import type { EventPublisher } from './publisher';

type Positioned = Readonly<{ position: bigint }>;

/** One subscription of the relay: fills the relay's buffer until it ends or fails. */
export type RelayFeed<T> = Readonly<{
  fill(buffer: Prefetch<T>, stopped: () => boolean): Promise<void>;
  close(): Promise<void>;
}>;

/** What the relay reads and how it publishes one item of it. */
export type RelaySource<T extends Positioned> = Readonly<{
  reads: 'stored' | 'events';
  subscribe(options: SubscribeOptions): RelayFeed<T>;
  publish(item: T): Promise<void>;
  /** What a trace needs of an item (read only when tracing is on). */
  traced(item: T): HandledEvent;
}>;

/** An event of the log as stored, already encoded for the bus. */
export type EncodedEvent = Readonly<{ position: bigint; message: EncodedEnvelope }>;

const encoded = (event: StoredEvent): EncodedEvent => ({
  position: event.position,
  message: encodeStoredEnvelope(event),
});

/**
 * The log as stored, by pages, published without parsing (see encodeStoredEnvelope), when the
 * store offers it (the PostgreSQL store) and the publisher takes encoded envelopes; otherwise
 * undefined, and the relay reads events through the port (`eventSource`). Pages are encoded as
 * they are read: what waits in the relay's buffer and for acks is then the bytes alone (outside
 * the JavaScript heap), not the texts of each event, which the garbage collector would copy.
 */
export function storedLogSource(
  store: EventStore,
  bus: EventPublisher,
): RelaySource<EncodedEvent> | undefined {
  const publishEncoded = bus.publishEncoded?.bind(bus);
  if (!readsStoredLog(store) || !publishEncoded) return undefined;
  return {
    reads: 'stored',
    subscribe(options) {
      const subscription = store.subscribeToAllAsStored(options);
      return {
        async fill(buffer, stopped) {
          for await (const page of subscription) {
            if (stopped()) break;
            await buffer.pushMany(page.map(encoded));
          }
        },
        close: () => subscription.close(),
      };
    },
    publish: (event) => publishEncoded(event.message),
    // The stored text is not parsed on this path; the trace context is found in it as text.
    traced: (event) => ({
      traceparent: traceparentInJson(Buffer.from(event.message.bytes).toString('utf8')),
      type: event.message.type,
      position: event.position,
    }),
  };
}

/** Any store, through the port: each event parsed into a RecordedEvent, then encoded. */
export function eventSource(store: EventStore, bus: EventPublisher): RelaySource<RecordedEvent> {
  return {
    reads: 'events',
    subscribe(options) {
      const subscription = store.subscribeToAll(options);
      return {
        async fill(buffer, stopped) {
          for await (const event of subscription) {
            if (stopped()) break;
            await buffer.push(event);
          }
        },
        close: () => subscription.close(),
      };
    },
    publish: (event) => bus.publish(toEnvelope(event)),
    traced: (event) => ({
      traceparent: event.metadata.traceparent,
      type: event.type,
      position: event.position,
      streamId: event.streamId,
    }),
  };
}
