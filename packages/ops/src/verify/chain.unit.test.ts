import { computeEventHash } from '@aftersales/event-store';
import { describe, expect, it } from 'vitest';
import { type ChainRow, verifyStream } from './chain';

/** A stream chained exactly as the store chains it at append. */
function chained(streamId: string, count: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let previousHash = '';
  for (let i = 0; i < count; i++) {
    const row = {
      streamId,
      revision: BigInt(i),
      eventId: `event-${i}`,
      type: 'OrderShipped',
      data: { orderId: 'o1', step: i },
      metadata: { eventId: `event-${i}`, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
    };
    const hash = computeEventHash({ previousHash, ...row });
    rows.push({ ...row, hash });
    previousHash = hash;
  }
  return rows;
}

describe('verifyStream', () => {
  it('accepts an intact chain', () => {
    expect(verifyStream(chained('order-o1', 5))).toEqual([]);
  });

  it('reports an altered event and only that one', () => {
    const rows = chained('order-o1', 5);
    rows[2] = { ...(rows[2] as ChainRow), data: { orderId: 'o1', step: 99 } };
    const issues = verifyStream(rows);
    expect(issues).toEqual([expect.objectContaining({ kind: 'altered', revision: '2' })]);
  });

  it('reports a missing event as a gap, also at the start', () => {
    const rows = chained('order-o1', 5);
    expect(verifyStream([...rows.slice(0, 2), ...rows.slice(3)])).toEqual([
      expect.objectContaining({ kind: 'missing', fromRevision: '2', toRevision: '2' }),
    ]);
    expect(verifyStream(rows.slice(1))).toEqual([
      expect.objectContaining({ kind: 'missing', fromRevision: '0', toRevision: '0' }),
    ]);
  });

  it('reports two swapped events as reordered, each with where it was written', () => {
    const rows = chained('order-o1', 5);
    const [one, two] = [rows[1] as ChainRow, rows[2] as ChainRow];
    const swapped = [
      rows[0] as ChainRow,
      { ...two, revision: 1n },
      { ...one, revision: 2n },
      ...rows.slice(3),
    ];
    expect(verifyStream(swapped)).toEqual([
      expect.objectContaining({ kind: 'reordered', revision: '1', writtenAtRevision: '2' }),
      expect.objectContaining({ kind: 'reordered', revision: '2', writtenAtRevision: '1' }),
    ]);
  });
});
