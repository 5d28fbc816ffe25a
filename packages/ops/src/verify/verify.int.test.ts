import { computeEventHash } from '@aftersales/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { caller, opsFixture, placeOrder, registerCustomer } from '../../test/fixtures';
import type { IntegrityIssue } from './chain';

/**
 * Tampers with rows of `event_store.events` directly in SQL, the way an attacker or a careless
 * script would, and expects verify to name each kind of damage at the right place.
 */
describe('verify on the Postgres store', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  const ids = {
    altered: uniqueId('c-'),
    missing: uniqueId('c-'),
    swapped: uniqueId('c-'),
    intact: uniqueId('c-'),
  };
  const streamOf = (id: string) => `customer-${id}`;

  /** A stream of four events: registered, two profile changes, forgotten. */
  async function fourEvents(customerId: string) {
    await registerCustomer(fx.store, customerId, { name: 'Sam Lee', email: `${customerId}@example.com` });
    for (const n of [1, 2]) {
      await fx.store.appendToStream(streamOf(customerId), [
        {
          type: 'CustomerConsentsSet',
          data: {
            customerId,
            consents: {
              email: { transactional: n === 1, marketing: false },
              sms: { transactional: false, marketing: false },
            },
            setAt: new Date().toISOString(),
          },
          metadata: { eventId: crypto.randomUUID(), occurredAt: new Date().toISOString(), schemaVersion: 1 },
        },
      ]);
    }
    await placeOrder(fx.store, uniqueId('o-'), customerId);
  }

  beforeAll(async () => {
    fx = await opsFixture('ops_verify');
    for (const id of Object.values(ids)) await fourEvents(id);
  });
  afterAll(() => fx?.close());

  it('finds every chain intact before tampering', async () => {
    const report = await fx.ops.verify(caller);
    expect(report).toMatchObject({ ok: true, issues: [] });
    expect(report.events).toBeGreaterThanOrEqual(16);
  });

  it('reports an altered event, a missing event and two swapped events, and nothing else', async () => {
    await fx.pool.query(
      `UPDATE event_store.events SET data = jsonb_set(data, '{consents,email,transactional}', 'false')
        WHERE stream_id = $1 AND revision = 1`,
      [streamOf(ids.altered)],
    );
    await fx.pool.query('DELETE FROM event_store.events WHERE stream_id = $1 AND revision = 1', [
      streamOf(ids.missing),
    ]);
    // Swap revisions 1 and 2 (through a free revision: the pair is unique).
    const swap = streamOf(ids.swapped);
    await fx.pool.query('UPDATE event_store.events SET revision = -1 WHERE stream_id = $1 AND revision = 1', [
      swap,
    ]);
    await fx.pool.query('UPDATE event_store.events SET revision = 1 WHERE stream_id = $1 AND revision = 2', [
      swap,
    ]);
    await fx.pool.query('UPDATE event_store.events SET revision = 2 WHERE stream_id = $1 AND revision = -1', [
      swap,
    ]);

    const report = await fx.ops.verify(caller);
    expect(report.ok).toBe(false);
    const byStream = (id: string) => report.issues.filter((issue) => issue.streamId === streamOf(id));
    expect(byStream(ids.altered)).toEqual([expect.objectContaining({ kind: 'altered', revision: '1' })]);
    expect(byStream(ids.missing)).toEqual([
      expect.objectContaining({ kind: 'missing', fromRevision: '1', toRevision: '1' }),
    ]);
    expect(byStream(ids.swapped)).toEqual<IntegrityIssue[]>([
      expect.objectContaining({ kind: 'reordered', revision: '1', writtenAtRevision: '2' }),
      expect.objectContaining({ kind: 'reordered', revision: '2', writtenAtRevision: '1' }),
    ]);
    expect(byStream(ids.intact)).toEqual([]);
    expect(report.issues).toHaveLength(4);
  });

  it('catches, through the anchors of the previous run, a deleted tail, a deleted stream and a rewritten chain', async () => {
    const tail = uniqueId('c-');
    const gone = uniqueId('c-');
    const rewritten = uniqueId('c-');
    for (const id of [tail, gone, rewritten]) await fourEvents(id);
    const anchoredRun = await fx.ops.verify(caller);
    expect(anchoredRun.anchored).toBeGreaterThanOrEqual(3);

    await fx.pool.query('DELETE FROM event_store.events WHERE stream_id = $1 AND revision = 2', [
      streamOf(tail),
    ]);
    await fx.pool.query('DELETE FROM event_store.events WHERE stream_id = $1', [streamOf(gone)]);
    // A careful forger: change the last event and recompute its hash, so the chain checks out.
    const { rows } = await fx.pool.query<{ data: unknown; metadata: unknown; prev: string }>(
      `SELECT e.data, e.metadata, encode(p.hash, 'hex') AS prev FROM event_store.events e
         JOIN event_store.events p ON p.stream_id = e.stream_id AND p.revision = e.revision - 1
        WHERE e.stream_id = $1 AND e.revision = 2`,
      [streamOf(rewritten)],
    );
    const row = rows[0] as { data: Record<string, unknown>; metadata: unknown; prev: string };
    const forged = { ...row.data, setAt: '2020-01-01T00:00:00.000Z' };
    const hash = computeEventHash({
      previousHash: row.prev,
      streamId: streamOf(rewritten),
      revision: 2n,
      type: 'CustomerConsentsSet',
      data: forged,
      metadata: row.metadata,
    });
    await fx.pool.query(
      `UPDATE event_store.events SET data = $2::jsonb, hash = decode($3, 'hex') WHERE stream_id = $1 AND revision = 2`,
      [streamOf(rewritten), JSON.stringify(forged), hash],
    );

    const report = await fx.ops.verify(caller);
    const of = (id: string) => report.issues.filter((issue) => issue.streamId === streamOf(id));
    expect(of(tail)).toEqual([
      expect.objectContaining({ kind: 'missing', fromRevision: '2', toRevision: '2' }),
    ]);
    expect(of(gone)).toEqual([
      expect.objectContaining({ kind: 'missing', fromRevision: '0', toRevision: '2' }),
    ]);
    expect(of(rewritten)).toEqual([expect.objectContaining({ kind: 'altered', revision: '2' })]);
  });

  it('reports a changed envelope of a personal field as altered', async () => {
    const customerId = uniqueId('c-');
    await registerCustomer(fx.store, customerId, { name: 'Noor Saleh', email: `${customerId}@example.com` });
    await fx.pool.query(
      `UPDATE event_store.events SET data = jsonb_set(data, '{name}', to_jsonb('enc:v1:AAAA'::text))
        WHERE stream_id = $1 AND revision = 0`,
      [streamOf(customerId)],
    );
    const report = await fx.ops.verify(caller);
    expect(report.issues.filter((issue) => issue.streamId === streamOf(customerId))).toEqual([
      expect.objectContaining({ kind: 'altered', revision: '0' }),
    ]);
  });
});
