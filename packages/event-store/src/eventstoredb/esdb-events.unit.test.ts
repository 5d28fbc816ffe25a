import { describe, expect, it } from 'vitest';
import { computeEventHash } from '../hash';
import { chainLinkOf, HASH_KEY, toChainedEvent, toEventData, toRecordedEvent } from './esdb-events';

const metadata = {
  eventId: '6f1d3c1e-8a55-4a43-9d6e-2b1f3c4d5e6f',
  occurredAt: '2026-12-01T10:00:00.000Z',
  schemaVersion: 1,
};
const event = { type: 'Placed', data: { total: 12 }, metadata };

describe('the hash chain in EventStoreDB metadata', () => {
  const hash = computeEventHash({ previousHash: '', streamId: 'order-1', revision: 0n, ...event });

  it('writes the link into the stored metadata, next to the event as appended', () => {
    const data = toEventData(event, hash);
    expect(data.metadata).toEqual({ ...metadata, [HASH_KEY]: hash });
    expect(data.id).toBe(metadata.eventId);
  });

  it('takes it out of every read, and gives it to the chained read only', () => {
    const stored = {
      streamId: 'order-1',
      id: metadata.eventId,
      isJson: true as const,
      revision: 0n,
      type: 'Placed',
      created: new Date('2026-12-01T10:00:01.000Z'),
      data: event.data,
      metadata: { ...metadata, [HASH_KEY]: hash },
    };
    const plain = toRecordedEvent(stored);
    expect(plain.metadata).toEqual({ ...metadata, recordedAt: '2026-12-01T10:00:01.000Z' });
    expect(chainLinkOf(stored)).toBe(hash);
    expect(toChainedEvent(stored)).toEqual({ ...plain, hash });
    // An event written before the chain (or by another client) has no link.
    expect(chainLinkOf({ isJson: true, metadata: { ...metadata } })).toBe('');
  });
});
