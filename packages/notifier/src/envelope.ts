import type { RecordedEvent, StoredEvent } from '@aftersales/event-store';
import { PoisonMessageError } from './errors';

/**
 * What the relay puts on the bus: a stored event with its position, bigints as decimal strings
 * so it survives JSON. The event id is also the JetStream `Nats-Msg-Id`.
 */
export type EventEnvelope = Readonly<{
  eventId: string;
  streamId: string;
  type: string;
  data: Readonly<Record<string, unknown>>;
  metadata: Readonly<Record<string, unknown>>;
  revision: string;
  position: string;
  recordedAt: string;
}>;

export function toEnvelope(event: RecordedEvent): EventEnvelope {
  return {
    eventId: event.metadata.eventId,
    streamId: event.streamId,
    type: event.type,
    data: (event.data ?? {}) as Record<string, unknown>,
    metadata: event.metadata,
    revision: event.revision.toString(),
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeEnvelope(envelope: EventEnvelope): Uint8Array {
  return encoder.encode(JSON.stringify(envelope));
}

/** An envelope ready for the bus: the bytes, and what the bus needs besides (subject, message id). */
export type EncodedEnvelope = Readonly<{ eventId: string; type: string; bytes: Uint8Array }>;

/**
 * The envelope of an event as stored, written without parsing data and metadata: the stored JSON
 * texts are spliced in as they are. It reads back (decodeEnvelope) as the envelope of the same
 * event read through the port, `encodeEnvelope(toEnvelope(event))`: the same fields and values;
 * only the order of keys inside data and metadata and the spacing may differ.
 */
export function encodeStoredEnvelope(event: StoredEvent): EncodedEnvelope {
  // Revision (decimal text) and store time (ISO 8601) never need escaping; names and ids might.
  const json = `{"eventId":${JSON.stringify(event.eventId)},"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)},"data":${event.data},"metadata":${withRecordedAt(event.metadata, event.recordedAt)},"revision":"${event.revision}","position":"${event.position}","recordedAt":"${event.recordedAt}"}`;
  // Small buffers come from Node's shared pool: cheaper than an ArrayBuffer per message.
  return { eventId: event.eventId, type: event.type, bytes: Buffer.from(json, 'utf8') };
}

const isBlank = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/**
 * Stored metadata plus the store time as `recordedAt`, as a RecordedEvent's metadata has it. A
 * `recordedAt` already in the stored text (never written by the command API, but possible) is
 * replaced, as reading through the port does: that rare case is parsed.
 */
function withRecordedAt(metadata: string, recordedAt: string): string {
  const end = metadata.lastIndexOf('}');
  if (end < 0 || metadata.includes('"recordedAt"')) {
    return JSON.stringify({ ...JSON.parse(metadata), recordedAt });
  }
  let last = end - 1;
  while (last > 0 && isBlank(metadata.charCodeAt(last))) last--;
  const separator = metadata.charCodeAt(last) === 0x7b ? '' : ',';
  return `${metadata.slice(0, end)}${separator}"recordedAt":"${recordedAt}"}`;
}

export function decodeEnvelope(bytes: Uint8Array): EventEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch (err) {
    throw new PoisonMessageError('message is not JSON', { cause: err });
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as { eventId?: unknown }).eventId !== 'string' ||
    typeof (parsed as { type?: unknown }).type !== 'string' ||
    typeof (parsed as { data?: unknown }).data !== 'object' ||
    typeof (parsed as { streamId?: unknown }).streamId !== 'string' ||
    !isDecimal((parsed as { revision?: unknown }).revision) ||
    !isDecimal((parsed as { position?: unknown }).position)
  ) {
    throw new PoisonMessageError('message is not an event envelope');
  }
  return parsed as EventEnvelope;
}

const isDecimal = (value: unknown) => typeof value === 'string' && /^[0-9]{1,20}$/.test(value);

/** Where routing of an event to a processing lane comes from: one customer's events stay in order. */
export function laneKey(envelope: EventEnvelope): string {
  const customerId = envelope.data.customerId;
  return typeof customerId === 'string' ? customerId : envelope.streamId;
}
