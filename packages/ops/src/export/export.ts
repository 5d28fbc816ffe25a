import type { EventStore } from '@aftersales/event-store';
import { badInput } from '../errors';
import { isKnownEventType, KNOWN_EVENT_TYPES } from '../event-types';
import { type EventView, viewOf } from '../events-json';
import { csvHeader, csvRow } from './csv';

export type ExportFormat = 'jsonl' | 'csv';
export type TimeAxis = 'business' | 'recorded';

export type ExportQuery = Readonly<{
  /** Inclusive. */
  from: string;
  /** Exclusive. */
  to: string;
  types?: readonly string[];
  /** Which clock selects events: store time (default, "what we knew") or business time. */
  by: TimeAxis;
}>;

export type Progress = (done: bigint, total: bigint) => void;

const PAGE = 1000;

export function parseFormat(value: string): ExportFormat {
  if (value === 'jsonl' || value === 'csv') return value;
  throw badInput('bad-format', `--format must be jsonl or csv, not "${value}"`, { format: value });
}

export function checkTypes(types: readonly string[]): void {
  const unknown = types.filter((type) => !isKnownEventType(type));
  if (unknown.length > 0) {
    throw badInput('unknown-event-type', `unknown event type(s): ${unknown.join(', ')}`, {
      unknown,
      known: KNOWN_EVENT_TYPES,
    });
  }
}

export const instantOf = (event: EventView, by: TimeAxis) =>
  by === 'business' ? event.occurredAt : event.recordedAt;

/** The events of the slice in log order, read page by page so memory stays flat. */
export async function* auditSlice(
  store: EventStore,
  query: ExportQuery,
  onProgress?: Progress,
): AsyncGenerator<EventView> {
  if (query.types) checkTypes(query.types);
  const from = Date.parse(query.from);
  const to = Date.parse(query.to);
  const total = await store.headPosition();
  const filter = query.types && query.types.length > 0 ? { eventTypes: query.types } : undefined;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({
      ...(after === undefined ? {} : { after }),
      maxCount: PAGE,
      ...(filter ? { filter } : {}),
    });
    for (const event of page) {
      const view = viewOf(event);
      const at = Date.parse(instantOf(view, query.by));
      if (at >= from && at < to) yield view;
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) break;
    after = last.position;
    onProgress?.(after, total);
  }
  onProgress?.(total, total);
}

/** Serialises a slice; returns how many events were written. */
export async function writeSlice(
  events: AsyncIterable<EventView>,
  format: ExportFormat,
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(csvHeader());
  for await (const event of events) {
    await write(format === 'csv' ? csvRow(event) : `${JSON.stringify(event)}\n`);
    count++;
  }
  return count;
}
