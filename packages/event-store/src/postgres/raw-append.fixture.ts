import { canonicalJson } from '../canonical-json';
import type { NewEvent } from '../port';

/**
 * For tests that hold an append's transaction open on a client of their own: the store's SQL
 * append (expected revision "any") and its parameters.
 */
export const RAW_APPEND_SQL =
  'SELECT * FROM event_store.append_events($1, -2, $2::uuid[], $3::text[], $4::text[], $5::text[])';

export const rawAppendValues = (streamId: string, events: readonly NewEvent[]) => [
  streamId,
  events.map((event) => event.metadata.eventId),
  events.map((event) => event.type),
  events.map((event) => canonicalJson(event.data)),
  events.map((event) => canonicalJson(event.metadata)),
];
