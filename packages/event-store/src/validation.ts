import { InvalidEventError } from './errors';
import type { NewEvent, StreamAppend } from './port';

/** Any uuid version (v7 from the shell, v5 for deterministic follow-up ids). EventStoreDB needs a uuid. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** No control characters: stream ids and types are hashed with newline separators. */
const hasControlCharacter = (text: string) => {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

export const MAX_EVENTS_PER_APPEND = 100_000;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function validateStreamId(streamId: unknown): asserts streamId is string {
  if (
    typeof streamId !== 'string' ||
    streamId === '' ||
    streamId.length > 500 ||
    hasControlCharacter(streamId)
  ) {
    throw new InvalidEventError('stream id must be a non-empty string without control characters', {
      field: 'streamId',
    });
  }
  if (streamId.startsWith('$')) {
    throw new InvalidEventError('stream ids starting with $ are reserved for the store', {
      field: 'streamId',
    });
  }
}

/**
 * Rejects malformed events before anything is written, so an append is all or nothing.
 * Also rejects one id twice in the same append: the second could never be stored.
 */
export function validateEvents(streamId: string, events: readonly NewEvent[]): void {
  validateStreamId(streamId);
  if (!Array.isArray(events)) throw new InvalidEventError('events must be an array', { field: 'events' });
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidEventError(`at most ${MAX_EVENTS_PER_APPEND} events per append`, { field: 'events' });
  }
  const seen = new Set<string>();
  events.forEach((event: unknown, index) => {
    if (!isPlainObject(event)) throw new InvalidEventError('event must be an object', { index });
    const { type, data, metadata } = event;
    if (typeof type !== 'string' || type.trim() === '' || type.length > 200 || hasControlCharacter(type)) {
      throw new InvalidEventError('event type must be a non-empty string without control characters', {
        index,
        field: 'type',
      });
    }
    if (!isPlainObject(data)) {
      throw new InvalidEventError('event data must be an object', { index, field: 'data', type });
    }
    if (!isPlainObject(metadata)) {
      throw new InvalidEventError('event metadata must be an object', { index, field: 'metadata', type });
    }
    const { eventId } = metadata;
    if (typeof eventId !== 'string' || !UUID.test(eventId)) {
      throw new InvalidEventError('metadata.eventId must be a uuid', {
        index,
        field: 'metadata.eventId',
        type,
      });
    }
    const id = eventId.toLowerCase();
    if (seen.has(id)) {
      throw new InvalidEventError('an event id appears twice in one append', { index, eventId });
    }
    seen.add(id);
  });
}

/** A linked append (`EventStore.appendLinked`): every part valid, each stream named once. */
export function validateLinkedAppends(appends: readonly StreamAppend[]): void {
  const streamIds = appends.map((append) => append.streamId);
  if (new Set(streamIds).size !== streamIds.length) {
    throw new InvalidEventError(`a linked append names a stream twice: ${streamIds.join(', ')}`, {
      streamIds,
    });
  }
  for (const { streamId, events } of appends) validateEvents(streamId, events);
}
