import type { AllStreamResolvedEvent, Filter, Position } from '@eventstore/db-client';
import { eventTypeFilter, excludeSystemEvents, jsonEvent, streamNameFilter } from '@eventstore/db-client';
import { matchesFilter } from '../memory/memory-store';
import type { AllFilter, ChainedEvent, NewEvent, RecordedEvent, StoredMetadata } from '../port';
import { toPortPosition } from './esdb-positions';

export type EsdbRecorded = NonNullable<AllStreamResolvedEvent['event']>;
type JsonData = Parameters<typeof jsonEvent>[0]['data'];

/**
 * The key of the stored metadata that holds the event's link of the hash chain (ESDB has no
 * column for it). Written at append, taken out of the metadata on every read.
 */
export const HASH_KEY = '$hash';

/**
 * Our event → ESDB event data; our event id becomes the ESDB event id (idempotency by id). The
 * chain link goes into the stored metadata; the hash itself covers the metadata as appended.
 */
export const toEventData = (event: NewEvent, hash: string) =>
  jsonEvent({
    id: event.metadata.eventId,
    type: event.type,
    data: event.data as JsonData,
    metadata: { ...event.metadata, [HASH_KEY]: hash },
  });

export const isSystemEvent = (event: { streamId: string; type: string }) =>
  event.streamId.startsWith('$') || event.type.startsWith('$');

/**
 * ESDB recorded event → ours. Store time is ESDB's `created`; the position is the prepare
 * position, unique per event (see `esdb-positions.ts`).
 */
export function toRecordedEvent(
  event: Omit<EsdbRecorded, 'position'> & { position?: Position },
): RecordedEvent {
  const { [HASH_KEY]: _hash, ...stored } = (event.isJson ? event.metadata : {}) as Record<string, unknown>;
  return {
    streamId: event.streamId,
    type: event.type,
    data: event.data,
    metadata: { ...stored, recordedAt: event.created.toISOString() } as unknown as StoredMetadata,
    revision: event.revision,
    position: event.position ? toPortPosition(event.position) : -1n,
    recordedAt: event.created,
  };
}

/** The link of the hash chain stored with an ESDB event ('' for events written without one). */
export function chainLinkOf(event: Pick<EsdbRecorded, 'isJson' | 'metadata'>): string {
  const hash = event.isJson ? (event.metadata as Record<string, unknown> | undefined)?.[HASH_KEY] : undefined;
  return typeof hash === 'string' ? hash : '';
}

export const toChainedEvent = (
  event: Omit<EsdbRecorded, 'position'> & { position?: Position },
): ChainedEvent => ({
  ...toRecordedEvent(event),
  hash: chainLinkOf(event),
});

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The server applies one filter (stream prefix, else event type, else "no system events");
 * `matches` re-checks everything on our side, since the server cannot combine both kinds.
 */
export function serverFilter(filter?: AllFilter): Filter {
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  if (filter?.eventTypes?.length) {
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

export const matches = (event: { streamId: string; type: string }, filter?: AllFilter) =>
  !isSystemEvent(event) && matchesFilter(event, filter);
