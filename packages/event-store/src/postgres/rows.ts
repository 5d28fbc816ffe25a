import type { RecordedEvent, StoredMetadata } from '../port';
import type { StoredEvent } from '../stored-log';

/** Every column arrives as text (see `asText`): we parse only what we need, once. */
export type EventRow = [
  position: string,
  streamId: string,
  revision: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

export const EVENT_COLUMNS = 'position, stream_id, revision, type, data, metadata, recorded_at';

/** A type parser that leaves every value as the server's text. */
export const asText = { getTypeParser: () => (value: string) => value };

/** `2026-11-23 09:40:00.123456+00` (server text) → Date; JS wants `+00:00`. */
export function parseTimestamptz(text: string): Date {
  const sign = text[text.length - 3];
  const withMinutes = sign === '+' || sign === '-' ? `${text}:00` : text;
  return new Date(withMinutes.replace(' ', 'T'));
}

/**
 * Rows → events. One append shares one `recorded_at` (transaction time), so consecutive rows
 * mostly repeat it: parsing it once per run of equal values keeps read-all cheap.
 */
export function toRecordedEvents(rows: readonly EventRow[]): RecordedEvent[] {
  const events: RecordedEvent[] = new Array(rows.length);
  let lastText = '';
  let recordedAt = new Date(0);
  let recordedAtIso = '';
  for (let index = 0; index < rows.length; index++) {
    const [position, streamId, revision, type, data, metadata, recordedAtText] = rows[index] as EventRow;
    if (recordedAtText !== lastText) {
      lastText = recordedAtText;
      recordedAt = parseTimestamptz(recordedAtText);
      recordedAtIso = recordedAt.toISOString();
    }
    const stored = JSON.parse(metadata) as Record<string, unknown>;
    // Store time travels with the metadata too, as the domain's EventMetadata has it.
    stored.recordedAt = recordedAtIso;
    events[index] = {
      streamId,
      type,
      data: JSON.parse(data),
      metadata: stored as StoredMetadata,
      revision: BigInt(revision),
      position: BigInt(position),
      recordedAt,
    };
  }
  return events;
}

/** A row of a read as stored: the event columns, then `metadata->>'eventId'`. */
export type StoredEventRow = [...EventRow, eventId: string];

/** Rows → events as stored: nothing parsed but the store time, once per run of equal values. */
export function toStoredEvents(rows: readonly StoredEventRow[]): StoredEvent[] {
  const events: StoredEvent[] = new Array(rows.length);
  let lastText = '';
  let recordedAtIso = '';
  for (let index = 0; index < rows.length; index++) {
    const [position, streamId, revision, type, data, metadata, recordedAtText, eventId] = rows[
      index
    ] as StoredEventRow;
    if (recordedAtText !== lastText) {
      lastText = recordedAtText;
      recordedAtIso = parseTimestamptz(recordedAtText).toISOString();
    }
    events[index] = {
      position: BigInt(position),
      streamId,
      revision,
      type,
      eventId,
      data,
      metadata,
      recordedAt: recordedAtIso,
    };
  }
  return events;
}
