import type { RecordedEvent } from '@aftersales/event-store';
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
    typeof (parsed as { data?: unknown }).data !== 'object'
  ) {
    throw new PoisonMessageError('message is not an event envelope');
  }
  return parsed as EventEnvelope;
}

/** Where routing of an event to a processing lane comes from: one customer's events stay in order. */
export function laneKey(envelope: EventEnvelope): string {
  const customerId = envelope.data.customerId;
  return typeof customerId === 'string' ? customerId : envelope.streamId;
}
