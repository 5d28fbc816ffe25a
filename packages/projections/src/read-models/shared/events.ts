import type { DomainEvent, DomainEventType } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';

/**
 * The store hands out `data: unknown`; the event types are the domain's contract (old schema
 * versions are upcast by the store adapter before they reach a projection), so the narrowing
 * is a cast on the discriminant, not a parse.
 */
export function asDomainEvent(event: RecordedEvent): DomainEvent {
  return { type: event.type, data: event.data } as DomainEvent;
}

/** Keeps only the events a projection subscribes to, narrowed to their union. */
export function domainEventsOf<T extends DomainEventType>(
  events: readonly RecordedEvent[],
  types: ReadonlySet<string>,
): Extract<DomainEvent, { type: T }>[] {
  const out: Extract<DomainEvent, { type: T }>[] = [];
  for (const event of events) {
    if (types.has(event.type)) out.push(asDomainEvent(event) as Extract<DomainEvent, { type: T }>);
  }
  return out;
}
