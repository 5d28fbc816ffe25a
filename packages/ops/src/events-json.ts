import type { RecordedEvent } from '@aftersales/event-store';

/** A recorded event as operators and files see it: bigints as decimal strings, times as ISO. */
export type EventView = Readonly<{
  position: string;
  streamId: string;
  revision: string;
  type: string;
  recordedAt: string;
  occurredAt: string;
  data: unknown;
  metadata: unknown;
}>;

export function viewOf(event: RecordedEvent): EventView {
  return {
    position: event.position.toString(),
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    occurredAt: event.metadata.occurredAt,
    data: event.data,
    metadata: event.metadata,
  };
}
