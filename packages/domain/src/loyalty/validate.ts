import type { FeedbackSubject, FeedbackSubjectType } from '../feedback/events';
import type { OrderLine } from '../order/events';
import { ValidationError } from '../shared/errors';
import { requireDistinctLines, requireIntegerInRange, requireText } from '../shared/validation';

const SUBJECT_TYPES: readonly FeedbackSubjectType[] = ['order', 'return', 'repair'];

/**
 * Order lines as the loyalty ledger needs them: positive integer quantities, non-negative
 * integer unit prices in minor units, and a line spend that stays a safe integer.
 */
export function requireOrderLines(value: unknown): readonly OrderLine[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError('invalid-lines', 'lines must name at least one order line', { field: 'lines' });
  }
  const lines = value.map((line: Partial<OrderLine> | undefined, index): OrderLine => {
    const field = `lines[${index}]`;
    const qty = requireIntegerInRange(line?.qty, 'invalid-quantity', `${field}.qty`, 1);
    const unitPrice = requireIntegerInRange(line?.unitPrice, 'invalid-amount', `${field}.unitPrice`, 0);
    if (!Number.isSafeInteger(qty * unitPrice)) {
      throw new ValidationError('invalid-amount', `${field} spends more than can be counted`, { field });
    }
    return {
      lineNo: requireIntegerInRange(line?.lineNo, 'invalid-line-no', `${field}.lineNo`, 1),
      sku: requireText(line?.sku, 'invalid-sku', `${field}.sku`, 200),
      name: typeof line?.name === 'string' ? line.name : '',
      category: requireText(line?.category, 'invalid-category', `${field}.category`, 200),
      qty,
      unitPrice,
      warrantyMonths: typeof line?.warrantyMonths === 'number' ? line.warrantyMonths : 0,
    };
  });
  requireDistinctLines(lines, 'lines');
  return lines;
}

export function requireSubject(value: unknown): FeedbackSubject {
  const subject = value as Partial<FeedbackSubject> | undefined;
  if (typeof subject !== 'object' || subject === null || !SUBJECT_TYPES.includes(subject.type as never)) {
    throw new ValidationError('invalid-subject', 'subject must be { type: order|return|repair, id }', {
      field: 'subject',
    });
  }
  return {
    type: subject.type as FeedbackSubjectType,
    id: requireText(subject.id, 'invalid-subject', 'subject.id', 200),
  };
}
