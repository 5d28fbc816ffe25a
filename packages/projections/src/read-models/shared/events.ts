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

const digitsByCurrency = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3), from the runtime's ICU data. */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}
