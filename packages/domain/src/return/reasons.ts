import { ValidationError } from '../shared/errors';
import { optionalText } from '../shared/validation';

/** DESIGN.md's return reasons: codes BI can count (the free text never reaches BI). */
export const RETURN_REASONS = [
  'damaged',
  'defective',
  'wrong-item',
  'not-as-described',
  'size-or-fit',
  'changed-mind',
  'late-delivery',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const isReturnReason = (value: unknown): value is ReturnReason =>
  RETURN_REASONS.includes(value as ReturnReason);

/** A line's reason: the code, and the customer's own words when given. */
export function requireReason(
  reason: unknown,
  reasonText: unknown,
  field: string,
): Readonly<{ reason: ReturnReason; reasonText?: string }> {
  if (!isReturnReason(reason)) {
    throw new ValidationError('invalid-reason', `reason must be one of ${RETURN_REASONS.join(', ')}`, {
      field: `${field}.reason`,
    });
  }
  const text = optionalText(reasonText, 'invalid-reason-text', `${field}.reasonText`, 1_000);
  return text === undefined ? { reason } : { reason, reasonText: text };
}

/**
 * ReturnRequested v1 → v2: release 1 took the reason as free text. A text that is a code stays
 * that code; any other becomes `other` with the text kept as the customer's words.
 */
export function reasonFromFreeText(text: unknown): Readonly<{ reason: ReturnReason; reasonText?: string }> {
  if (isReturnReason(text)) return { reason: text };
  return typeof text === 'string' && text.length > 0
    ? { reason: 'other', reasonText: text }
    : { reason: 'other' };
}
