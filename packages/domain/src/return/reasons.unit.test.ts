import { describe, expect, it } from 'vitest';
import { upcastEvent } from '../upcasting';

describe('return reasons', () => {
  it('upcasts a v1 request: a free-text reason becomes `other` with its text, a code stays; each line gets the resolution', () => {
    const v1 = {
      type: 'ReturnRequested',
      data: {
        returnId: 'r-1',
        orderId: 'o-1',
        customerId: 'c-1',
        items: [
          { lineNo: 1, sku: 'A', category: 'shoes', qty: 1, reason: 'too small for me' },
          { lineNo: 2, sku: 'B', category: 'shoes', qty: 1, reason: 'damaged' },
        ],
        resolution: 'exchange',
        requestedAt: '2026-01-01T00:00:00.000Z',
      },
      metadata: { schemaVersion: 1 },
    };
    const current = upcastEvent(v1);
    expect(current.metadata.schemaVersion).toBe(2);
    expect((current.data as { items: unknown }).items).toEqual([
      {
        lineNo: 1,
        sku: 'A',
        category: 'shoes',
        qty: 1,
        reason: 'other',
        reasonText: 'too small for me',
        resolution: 'exchange',
      },
      { lineNo: 2, sku: 'B', category: 'shoes', qty: 1, reason: 'damaged', resolution: 'exchange' },
    ]);
  });
});
