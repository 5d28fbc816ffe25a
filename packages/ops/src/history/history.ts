import type { EventStore } from '@aftersales/event-store';
import { badInput, notFound } from '../errors';
import { type EventView, viewOf } from '../events-json';

export type HistoryResult = Readonly<{ streamId: string; events: readonly EventView[] }>;

/** Stream ids the stores accept: printable, no whitespace or control characters. */
const STREAM_ID = /^[^\s\p{Cc}]{1,500}$/u;

/** The full history of one stream, oldest first, as stored (personal fields opened if readable). */
export async function streamHistory(store: EventStore, streamId: string): Promise<HistoryResult> {
  if (!STREAM_ID.test(streamId)) {
    throw badInput('bad-stream-id', `"${streamId}" is not a valid stream id`, { streamId });
  }
  const events = await store.readStream(streamId);
  if (events.length === 0)
    throw notFound('unknown-stream', `stream ${streamId} does not exist`, { streamId });
  return { streamId, events: events.map(viewOf) };
}
