import type { EventStore } from '@aftersales/event-store';
import { notFound } from '../errors';
import { type EventView, viewOf } from '../events-json';
import { requireStreamId } from '../validate';

export type HistoryResult = Readonly<{ streamId: string; events: readonly EventView[] }>;

/** The full history of one stream, oldest first, as stored (personal fields opened if readable). */
export async function streamHistory(store: EventStore, streamId: string): Promise<HistoryResult> {
  requireStreamId(streamId);
  const events = await store.readStream(streamId);
  if (events.length === 0)
    throw notFound('unknown-stream', `stream ${streamId} does not exist`, { streamId });
  return { streamId, events: events.map(viewOf) };
}
