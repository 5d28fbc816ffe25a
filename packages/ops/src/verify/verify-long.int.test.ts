import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { opsFixture } from '../../test/fixtures';
import { verifyLog } from './verify';

/**
 * Streams long enough that their revisions sort differently as text and as numbers (0, 1, 10,
 * 100, 101, …, 2), read in pages small enough that a page ends inside every stream.
 */
describe('verify over long streams', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  const lengths = [300, 11, 1, 57];
  const streamIds = lengths.map(() => uniqueId('verify-long-'));
  const pageSize = 23;

  beforeAll(async () => {
    fx = await opsFixture('ops_verify_long');
    for (const [index, streamId] of streamIds.entries()) {
      const length = lengths[index] ?? 0;
      for (let from = 0; from < length; from += 50) {
        const count = Math.min(50, length - from);
        const events = Array.from({ length: count }, (_, i) => ({
          type: 'AuditProbe',
          data: { step: from + i, streamId },
          metadata: { eventId: randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
        }));
        await fx.inner.appendToStream(streamId, events);
      }
    }
    await fx.pool.query('CREATE TABLE public.events_untouched AS SELECT * FROM event_store.events');
  }, 120_000);
  afterAll(() => fx?.close());

  it('finds an untouched log clean, in one page or many', async () => {
    for (const size of [pageSize, 5000]) {
      const report = await verifyLog(fx.pool, undefined, { pageSize: size });
      expect(report.issues).toEqual([]);
      expect(report).toMatchObject({ ok: true, events: 369, streams: 4 });
    }
  });

  it('finds any single alteration or deletion, at its stream and revision, and nothing else', async () => {
    // The clean run above anchored every head; a deleted tail is found through that anchor.
    const restore = async () => {
      await fx.pool.query('DELETE FROM event_store.events');
      await fx.pool.query('INSERT INTO event_store.events SELECT * FROM public.events_untouched');
    };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: lengths.length - 1 }).chain((stream) =>
          fc.record({
            stream: fc.constant(stream),
            revision: fc.integer({ min: 0, max: (lengths[stream] ?? 1) - 1 }),
            change: fc.constantFrom('alter', 'delete'),
          }),
        ),
        async ({ stream, revision, change }) => {
          const streamId = streamIds[stream] ?? '';
          try {
            if (change === 'alter') {
              await fx.pool.query(
                `UPDATE event_store.events SET data = jsonb_set(data, '{step}', '-1')
                  WHERE stream_id = $1 AND revision = $2`,
                [streamId, revision],
              );
            } else {
              await fx.pool.query('DELETE FROM event_store.events WHERE stream_id = $1 AND revision = $2', [
                streamId,
                revision,
              ]);
            }
            const report = await verifyLog(fx.pool, undefined, { pageSize });
            expect(report.ok).toBe(false);
            expect(report.issues).toEqual([
              change === 'alter'
                ? expect.objectContaining({ kind: 'altered', streamId, revision: String(revision) })
                : expect.objectContaining({
                    kind: 'missing',
                    streamId,
                    fromRevision: String(revision),
                    toRevision: String(revision),
                  }),
            ]);
          } finally {
            await restore();
          }
        },
      ),
      { numRuns: 25 },
    );
    const after = await verifyLog(fx.pool, undefined, { pageSize });
    expect(after.issues).toEqual([]);
  }, 120_000);
});
