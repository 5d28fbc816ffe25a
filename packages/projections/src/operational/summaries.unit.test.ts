import { describe, expect, it } from 'vitest';
import { timelineEntry } from './summaries';

const at = '2026-03-01T10:00:00.000Z';

describe('timeline summaries', () => {
  it('states money exactly by the ISO 4217 exponent: fils, yen and cents', () => {
    const refund = (amount: number, currency: string) =>
      timelineEntry({
        type: 'ReturnRefunded',
        data: {
          returnId: 'r-1',
          orderId: 'o-1',
          customerId: 'c-1',
          amount: { amount, currency },
          items: [{ lineNo: 1, qty: 1 }],
          refundedAt: at,
        },
      })?.summary;
    expect(refund(1_234_500, 'IQD')).toBe('Refunded 1234.500 IQD');
    expect(refund(50_000_000, 'IRR')).toBe('Refunded 500000.00 IRR');
    expect(refund(1_500, 'JPY')).toBe('Refunded 1500 JPY');
    expect(refund(5, 'EUR')).toBe('Refunded 0.05 EUR');
  });

  it('totals an order in its minor units before showing it', () => {
    // 2 × KWD 1.250 + 1 × KWD 0.005 = KWD 2.505
    const entry = timelineEntry({
      type: 'OrderPlaced',
      data: {
        orderId: 'o-1',
        customerId: 'c-1',
        currency: 'KWD',
        placedAt: at,
        lines: [
          { lineNo: 1, sku: 'A', name: 'A', category: 'home', qty: 2, unitPrice: 1_250, warrantyMonths: 0 },
          { lineNo: 2, sku: 'B', name: 'B', category: 'home', qty: 1, unitPrice: 5, warrantyMonths: 0 },
        ],
      },
    });
    expect(entry?.summary).toBe('Order placed: 3 items, 2.505 KWD');
  });

  it('says why an order earned no points', () => {
    const entry = timelineEntry({
      type: 'PointsEarned',
      data: {
        customerId: 'c-1',
        orderId: 'o-1',
        currency: 'KWD',
        tier: 'bronze',
        multiplier: 0,
        noPointsReason: 'currency-not-priced',
        lots: [],
        earnedAt: at,
      },
    });
    expect(entry?.summary).toBe('Earned no points on order o-1: the loyalty rules do not price KWD');
  });
});
