import { isMoneyCurrency } from './currency';
import { ValidationError } from './errors';
import type { Money } from './event';
import { unsafeTextReason } from './text';

/**
 * Guards for command input. Each failure is a ValidationError with a stable code (the HTTP layer
 * answers 400/422 with it) and the offending field in `details`, never the value itself, since a
 * value may be personal data.
 */

/** ISO 8601 with a date, a time and an explicit zone (`Z` or an offset). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** See `text.ts`: the one rule for every string that is stored. */
function requireStorable(text: string, code: string, field: string): void {
  const reason = unsafeTextReason(text);
  if (reason !== null) throw new ValidationError(code, `${field} ${reason}`, { field });
}

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function requireInstant(value: unknown, field: string): string {
  if (!isInstant(value)) {
    throw new ValidationError('invalid-instant', `${field} must be an ISO 8601 instant with a zone`, {
      field,
    });
  }
  return value;
}

/** A non-empty string after trimming; returns the trimmed text. */
export function requireText(value: unknown, code: string, field: string, maxLength = 1_000): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(code, `${field} must be a non-empty string`, { field });
  }
  const text = value.trim();
  requireStorable(text, code, field);
  if (text.length > maxLength) {
    throw new ValidationError(code, `${field} must be at most ${maxLength} characters`, { field });
  }
  return text;
}

/** Optional free text: trimmed; absent or blank means none. */
export function optionalText(value: unknown, code: string, field: string, maxLength = 1_000) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(code, `${field} must be a string`, { field });
  }
  const text = value.trim();
  if (text === '') return undefined;
  requireStorable(text, code, field);
  if (text.length > maxLength) {
    throw new ValidationError(code, `${field} must be at most ${maxLength} characters`, { field });
  }
  return text;
}

export function isIntegerInRange(
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

export function requireIntegerInRange(
  value: unknown,
  code: string,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (!isIntegerInRange(value, min, max)) {
    throw new ValidationError(code, `${field} must be an integer from ${min} to ${max}`, { field });
  }
  return value;
}

/** An ISO 4217 code money can be in (three upper-case letters, not a code without minor units). */
export function isCurrency(value: unknown): value is string {
  return isMoneyCurrency(value);
}

export function requireCurrency(value: unknown, field = 'currency'): string {
  if (!isCurrency(value)) {
    throw new ValidationError('invalid-currency', `${field} must be an ISO 4217 code such as EUR`, {
      field,
    });
  }
  return value;
}

/** Integer minor units ≥ 0 plus a currency. */
export function requireMoney(value: unknown, field: string): Money {
  const money = value as Partial<Money> | undefined;
  if (typeof money !== 'object' || money === null) {
    throw new ValidationError('invalid-amount', `${field} must be { amount, currency }`, { field });
  }
  requireIntegerInRange(money.amount, 'invalid-amount', `${field}.amount`, 0);
  requireCurrency(money.currency, `${field}.currency`);
  return { amount: money.amount as number, currency: money.currency as string };
}

/** Rejects a list that names the same order line twice: quantities per line must be unambiguous. */
export function requireDistinctLines(items: readonly { lineNo: number }[], field: string): void {
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.lineNo)) {
      throw new ValidationError('duplicate-line', `${field} names line ${item.lineNo} twice`, {
        field,
        lineNo: item.lineNo,
      });
    }
    seen.add(item.lineNo);
  }
}

/** Money must be in the order's currency when the order is known; no conversion happens here. */
export function requireCurrencyOf(money: Money, currency: string | undefined, field: string): Money {
  if (currency !== undefined && money.currency !== currency) {
    throw new ValidationError('currency-mismatch', `${field} must be in ${currency}`, { field, currency });
  }
  return money;
}
