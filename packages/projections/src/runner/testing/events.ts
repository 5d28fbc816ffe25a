import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@aftersales/event-store';

/** A counting event for stream `count-{key}`. */
export function countEvent(value: number, extra: Record<string, unknown> = {}): NewEvent {
  return {
    type: 'Counted',
    data: { value, ...extra },
    metadata: { eventId: randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
  };
}

/** Appends `count` counting events spread over `streams` streams; returns the value total. */
export async function appendCounts(
  store: EventStore,
  prefix: string,
  count: number,
  streams = 5,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < count; i++) {
    const value = (i % 7) + 1;
    total += value;
    await store.appendToStream(`count-${prefix}-${i % streams}`, [countEvent(value)]);
  }
  return total;
}
