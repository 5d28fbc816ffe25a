import { randomUUID } from 'node:crypto';
import { newEventId } from '../event-id';
import type { EventStore, NewEvent, RecordedEvent, SubscribeOptions } from '../port';

/** A prefix no other test (or earlier run against a shared server) uses. */
export const uniquePrefix = () => `c${randomUUID().replaceAll('-', '').slice(0, 12)}`;

export const newEvent = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: newEventId(),
    occurredAt: '2026-03-01T10:00:00.000Z',
    correlationId: randomUUID(),
    actor: 'contract',
    schemaVersion: 1,
  },
});

export const times = <T>(count: number, make: (index: number) => T): T[] =>
  Array.from({ length: count }, (_, index) => make(index));

/** Collects `count` events from a subscription, or fails after `timeoutMs`. */
export async function collect(
  store: EventStore,
  options: SubscribeOptions,
  count: number,
  timeoutMs = 45_000,
): Promise<RecordedEvent[]> {
  const subscription = store.subscribeToAll(options);
  const seen: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`subscription saw ${seen.length} of ${count} events in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const reading = (async () => {
    for await (const event of subscription) {
      seen.push(event);
      if (seen.length >= count) break;
    }
    return seen;
  })();
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
}

export const positionsStrictlyIncrease = (events: readonly RecordedEvent[]) =>
  events.every((event, index) => index === 0 || event.position > (events[index - 1]?.position ?? -1n));

/**
 * Reads until `done` holds or `timeoutMs` passes, then returns the last result. Reads of "all"
 * are eventually complete: a store may hold back what a still-open transaction elsewhere (any
 * writer on the same server, in any database: xids are cluster-wide) could precede, so a
 * just-appended event can show up later — as long as the longest concurrent transaction lasts.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
