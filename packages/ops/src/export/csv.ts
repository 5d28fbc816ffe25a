import type { EventView } from '../events-json';

/**
 * One row per event; `data` and `metadata` are JSON inside a cell so every event type fits one
 * header. Quoting follows RFC 4180: cells with a comma, quote or line break are quoted, inner
 * quotes doubled. Cells that a spreadsheet would run as a formula are prefixed with `'`.
 */
export const CSV_COLUMNS = [
  'position',
  'streamId',
  'revision',
  'type',
  'eventId',
  'occurredAt',
  'recordedAt',
  'actor',
  'correlationId',
  'causationId',
  'data',
  'metadata',
] as const;

export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

const text = (value: unknown) =>
  typeof value === 'string' ? value : value === undefined ? '' : String(value);

export function csvRow(event: EventView): string {
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    eventId: text(metadata.eventId),
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: text(metadata.actor),
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata),
  };
  return `${CSV_COLUMNS.map((column) => csvCell(cells[column])).join(',')}\r\n`;
}

export const csvHeader = () => `${CSV_COLUMNS.join(',')}\r\n`;
