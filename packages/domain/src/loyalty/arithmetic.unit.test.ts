import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorUnitDigits } from '../shared/currency';
import { cumulativeReversal, decimalFraction, linePoints, meetsThreshold, toScaledSpend } from './arithmetic';

describe('minor units', () => {
  it('scales spend to 1/10,000 whole units exactly', () => {
    expect(toScaledSpend(99_999, 'EUR')).toBe(9_999_900); // 999.99
    expect(toScaledSpend(1_000, 'JPY')).toBe(10_000_000); // ¥1,000
    expect(toScaledSpend(1_000_500, 'KWD')).toBe(10_005_000); // KWD 1,000.500
  });
});

describe('decimalFraction', () => {
  it('reads a multiplier as the decimal people wrote', () => {
    expect(decimalFraction(1.25)).toEqual({ numerator: 125n, denominator: 100n });
    expect(decimalFraction(1.1)).toEqual({ numerator: 11n, denominator: 10n });
    expect(decimalFraction(2)).toEqual({ numerator: 2n, denominator: 1n });
    expect(decimalFraction(1e21)).toEqual({ numerator: 10n ** 21n, denominator: 1n });
    expect(decimalFraction(1.5e-7)).toEqual({ numerator: 15n, denominator: 10n ** 8n });
  });
});

describe('linePoints', () => {
  it('floors exactly where floating point would lose a point', () => {
    // 3 × 5.60 × 1.25 = 21 exactly; in doubles 3 * 5.6 * 1.25 = 20.999999999999996
    expect(Math.floor(3 * (560 / 100) * 1.25)).toBe(20);
    expect(linePoints(3, 560, 'EUR', 1.25)).toBe(21);
    // 5 × 7.52 × 1.25 = 47 exactly
    expect(linePoints(5, 752, 'EUR', 1.25)).toBe(47);
    // 4 × 25.00 × 1.15 = 115 exactly
    expect(linePoints(4, 2500, 'EUR', 1.15)).toBe(115);
  });

  it('divides by the currency’s rate exactly: rials a point, riyals at the peg', () => {
    // 50,000,000 rials (5,000,000,000 minor units) at 100,000 rials a point → 500
    expect(linePoints(1, 5_000_000_000, 'IRR', 1, 100_000)).toBe(500);
    // 99,999.99 rials → 0.9999999 → 0
    expect(linePoints(1, 9_999_999, 'IRR', 1, 100_000)).toBe(0);
    // SAR 37.50 at 3.75 a point, silver: 10 × 1.25 = 12.5 → 12
    expect(linePoints(1, 3_750, 'SAR', 1.25, 3.75)).toBe(12);
    // KWD 0.700 at 0.1 a point = 7 exactly; in doubles 0.7 / 0.1 = 6.999999999999999
    expect(Math.floor(0.7 / 0.1)).toBe(6);
    expect(linePoints(1, 700, 'KWD', 1, 0.1)).toBe(7);
  });

  it('is floor(qty × price × multiplier) for any line: p ≤ exact value < p + 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        fc.constantFrom(1, 1.25, 1.5, 1.1, 1.15, 2.75, 0.5),
        (qty, unitPrice, currency, multiplier) => {
          const points = BigInt(linePoints(qty, unitPrice, currency, multiplier));
          const { numerator, denominator } = decimalFraction(multiplier);
          const exact = BigInt(qty) * BigInt(unitPrice) * numerator; // × 1 / (denominator × 10^digits)
          const unit = denominator * 10n ** BigInt(minorUnitDigits(currency));
          expect(points * unit <= exact && exact < (points + 1n) * unit).toBe(true);
        },
      ),
    );
  });
});

describe('cumulativeReversal', () => {
  it('reverses floor(points × k / n) in total: 100 points over 3 units go back as 33, 33, 34', () => {
    expect([0, 1, 2, 3].map((k) => cumulativeReversal(100, k, 3))).toEqual([0, 33, 66, 100]);
  });

  it('never reverses more than the line earned, whatever the split of the refunds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
        (points, refunds) => {
          const qty = refunds.reduce((sum, k) => sum + k, 0);
          let refunded = 0;
          let total = 0;
          for (const k of refunds) {
            const step =
              cumulativeReversal(points, refunded + k, qty) - cumulativeReversal(points, refunded, qty);
            expect(step).toBeGreaterThanOrEqual(0);
            refunded += k;
            total += step;
            expect(total).toBeLessThanOrEqual(points);
          }
          // refunding every unit gives back exactly what was earned
          expect(total).toBe(points);
        },
      ),
    );
  });
});

describe('meetsThreshold', () => {
  it('compares spend with whole-unit thresholds exactly', () => {
    expect(meetsThreshold(toScaledSpend(99_999, 'EUR'), 1_000)).toBe(false);
    expect(meetsThreshold(toScaledSpend(100_000, 'EUR'), 1_000)).toBe(true);
    expect(meetsThreshold(toScaledSpend(999_999, 'KWD'), 1_000)).toBe(false);
    expect(meetsThreshold(toScaledSpend(1_000, 'JPY'), 1_000)).toBe(true);
    expect(meetsThreshold(toScaledSpend(99_950, 'EUR'), 999.5)).toBe(true);
    expect(meetsThreshold(0, 0)).toBe(true);
  });
});
