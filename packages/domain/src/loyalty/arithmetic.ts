/**
 * Exact arithmetic for points and spend. Floating point is never trusted with a floor: money is
 * integer minor units, a multiplier such as 1.25 is read as the fraction 125/100, and every
 * product that is floored is computed with BigInt.
 */

import { minorUnitDigits } from '../shared/currency';

/** Spend is kept in 1/10,000 of a whole unit, so every currency above converts without rounding. */
export const SPEND_SCALE_DIGITS = 4;

/** Minor units of `currency` → spend in 1/10,000 whole units (exact, an integer). */
export function toScaledSpend(minorUnits: number, currency: string): number {
  return minorUnits * 10 ** (SPEND_SCALE_DIGITS - minorUnitDigits(currency));
}

export type Fraction = Readonly<{ numerator: bigint; denominator: bigint }>;

/**
 * The exact value of a decimal number as written (1.25 → 125/100, 1.1 → 11/10), not of its
 * binary approximation: rules are written by people in decimal.
 */
export function decimalFraction(value: number): Fraction {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a non-negative number: ${value}`);
  const [mantissa = '0', exponentText = '0'] = value.toString().split('e');
  const [whole = '0', fractionDigits = ''] = mantissa.split('.');
  const exponent = Number(exponentText) - fractionDigits.length;
  const digits = BigInt(whole + fractionDigits);
  return exponent >= 0
    ? { numerator: digits * 10n ** BigInt(exponent), denominator: 1n }
    : { numerator: digits, denominator: 10n ** BigInt(-exponent) };
}

/**
 * Points for one order line: floor(qty × unit price in whole units / unitsPerPoint × multiplier),
 * where the unit price in whole units is unitPrice / 10^digits, computed as one exact integer
 * division. `unitsPerPoint` is the currency's earn rate (1 for EUR, 100,000 for IRR).
 */
export function linePoints(
  qty: number,
  unitPriceMinor: number,
  currency: string,
  multiplier: number,
  unitsPerPoint = 1,
): number {
  const factor = decimalFraction(multiplier);
  const rate = decimalFraction(unitsPerPoint);
  if (rate.numerator === 0n) throw new RangeError('unitsPerPoint must be greater than 0');
  const top = BigInt(qty) * BigInt(unitPriceMinor) * factor.numerator * rate.denominator;
  const bottom = factor.denominator * rate.numerator * 10n ** BigInt(minorUnitDigits(currency));
  return Number(top / bottom); // BigInt division truncates, which is floor for non-negatives
}

/**
 * Points reversed in total once `refundedQty` of a line's `qty` units have been refunded:
 * floor(points × refundedQty / qty). Each refund reverses the growth of this total, so several
 * partial refunds never reverse more than the line earned, and refunding all units reverses it all.
 */
export function cumulativeReversal(points: number, refundedQty: number, qty: number): number {
  return Number((BigInt(points) * BigInt(refundedQty)) / BigInt(qty));
}

/** `spend` (scaled) ≥ `threshold` (whole units, possibly decimal), compared exactly. */
export function meetsThreshold(scaledSpend: number, thresholdWholeUnits: number): boolean {
  const { numerator, denominator } = decimalFraction(thresholdWholeUnits);
  return BigInt(scaledSpend) * denominator >= numerator * 10n ** BigInt(SPEND_SCALE_DIGITS);
}
