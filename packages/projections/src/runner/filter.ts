import type { AllFilter, RecordedEvent } from '@aftersales/event-store';

/** In-memory twin of the store's server-side filter (both conditions must hold when given). */
export function matchesFilter(filter: AllFilter | undefined, event: RecordedEvent): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamId.startsWith(p))) return false;
  return true;
}
