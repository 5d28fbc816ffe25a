import type { RecordedEvent, StoredEvent } from '@aftersales/event-store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope, encodeStoredEnvelope, toEnvelope } from './envelope';

/**
 * An event as stored (JSON texts) and as read through the port (parsed, `recordedAt` added to
 * the metadata) must give envelopes that read back the same.
 */
const jsonObject = fc.dictionary(fc.string(), fc.jsonValue());
const storedMetadata = fc.record({
  eventId: fc.uuid(),
  occurredAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  schemaVersion: fc.integer({ min: 1, max: 9 }),
  extra: jsonObject,
  // Not written by the command API, but a stored copy must lose to the store time as on the port.
  recordedAt: fc.option(fc.string(), { nil: undefined }),
});
/** The texts as different stores may write them: compact, spaced (as jsonb), indented. */
const layout = fc.constantFrom<(value: unknown) => string>(
  (value) => JSON.stringify(value),
  (value) => JSON.stringify(value).replaceAll(',"', ', "').replaceAll('":', '": '),
  (value) => JSON.stringify(value, null, 2),
);

describe('encodeStoredEnvelope', () => {
  it('reads back as the envelope of the same event read through the port', () => {
    fc.assert(
      fc.property(
        jsonObject,
        storedMetadata,
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.bigInt({ min: 0n, max: 2n ** 62n }),
        fc.bigInt({ min: 1n, max: 2n ** 62n }),
        fc.date({ noInvalidDate: true }),
        layout,
        (
          data,
          { extra, recordedAt: storedRecordedAt, ...metadata },
          streamId,
          type,
          revision,
          position,
          at,
          write,
        ) => {
          const storedMeta = {
            ...extra,
            ...metadata,
            ...(storedRecordedAt === undefined ? {} : { recordedAt: storedRecordedAt }),
          };
          const stored: StoredEvent = {
            position,
            streamId,
            revision: revision.toString(),
            type,
            eventId: metadata.eventId,
            data: write(data),
            metadata: write(storedMeta),
            recordedAt: at.toISOString(),
          };
          const recorded: RecordedEvent = {
            streamId,
            type,
            data: JSON.parse(stored.data),
            metadata: { ...JSON.parse(stored.metadata), recordedAt: at.toISOString() },
            revision,
            position,
            recordedAt: at,
          };
          const encoded = encodeStoredEnvelope(stored);
          expect(encoded.eventId).toBe(metadata.eventId);
          expect(encoded.type).toBe(type);
          expect(decodeEnvelope(encoded.bytes)).toEqual(decodeEnvelope(encodeEnvelope(toEnvelope(recorded))));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adds the store time to metadata without other fields', () => {
    const encoded = encodeStoredEnvelope({
      position: 7n,
      streamId: 'order-1',
      revision: '0',
      type: 'OrderPlaced',
      eventId: 'e-1',
      data: '{}',
      metadata: '{ }',
      recordedAt: '2026-11-23T09:40:00.123Z',
    });
    expect(decodeEnvelope(encoded.bytes)).toEqual({
      eventId: 'e-1',
      streamId: 'order-1',
      type: 'OrderPlaced',
      data: {},
      metadata: { recordedAt: '2026-11-23T09:40:00.123Z' },
      revision: '0',
      position: '7',
      recordedAt: '2026-11-23T09:40:00.123Z',
    });
  });
});
