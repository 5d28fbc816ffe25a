import type { OrderLine } from '../order/events';
import { IllegalStateError, ValidationError } from '../shared/errors';
import { requireDistinctLines, requireIntegerInRange } from '../shared/validation';
import type { ItemCondition, ReturnItem, ReturnResolution } from './events';
import { requireReason } from './reasons';
import type { ReceivedItem } from './return';

/** Input checks for return commands; each failure has a stable code. */

function requireList(items: unknown, code: string): unknown[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ValidationError(code, 'at least one item is needed', { field: 'items' });
  }
  return items;
}

function requireLineOf<L extends { lineNo: number }>(
  lineNo: unknown,
  lines: readonly L[],
  field: string,
  code: 'unknown-order-line' | 'line-not-in-return',
): L {
  const line = lines.find((candidate) => candidate.lineNo === lineNo);
  if (!line) throw new ValidationError(code, `${field} names a line that is not there`, { field, lineNo });
  return line;
}

export function requireRequestItems(
  items: unknown,
  lines: readonly OrderLine[],
  defaultResolution: ReturnResolution,
) {
  const result = requireList(items, 'return-has-no-items').map((input, index) => {
    const item = (input ?? {}) as Record<string, unknown>;
    const field = `items[${index}]`;
    const line = requireLineOf(item.lineNo, lines, `${field}.lineNo`, 'unknown-order-line');
    return {
      lineNo: line.lineNo,
      line,
      qty: requireIntegerInRange(item.qty, 'invalid-qty', `${field}.qty`, 1),
      ...requireReason(item.reason, item.reasonText, field),
      resolution:
        item.resolution === undefined
          ? defaultResolution
          : requireResolution(item.resolution, `${field}.resolution`),
    };
  });
  requireDistinctLines(result, 'items');
  return result;
}

const RESOLUTIONS: readonly ReturnResolution[] = ['refund', 'exchange', 'store-credit'];
export function requireResolution(value: unknown, field = 'resolution'): ReturnResolution {
  if (!RESOLUTIONS.includes(value as ReturnResolution)) {
    throw new ValidationError('invalid-resolution', `resolution must be one of ${RESOLUTIONS.join(', ')}`, {
      field,
    });
  }
  return value as ReturnResolution;
}

const CONDITIONS: readonly ItemCondition[] = ['new', 'opened', 'used', 'damaged'];

/** What arrives may be less than was requested, never more, and only lines of the return. */
export function requireReceivedItems(items: unknown, requested: readonly ReturnItem[]): ReceivedItem[] {
  const result = requireList(items, 'return-has-no-items').map((input, index) => {
    const item = (input ?? {}) as Record<string, unknown>;
    const field = `items[${index}]`;
    const line = requireLineOf(item.lineNo, requested, `${field}.lineNo`, 'line-not-in-return');
    const qty = requireIntegerInRange(item.qty, 'invalid-qty', `${field}.qty`, 1);
    if (!CONDITIONS.includes(item.condition as ItemCondition)) {
      throw new ValidationError('invalid-condition', `condition must be one of ${CONDITIONS.join(', ')}`, {
        field: `${field}.condition`,
      });
    }
    if (qty > line.qty) {
      throw new IllegalStateError(
        'received-more-than-requested',
        `line ${line.lineNo}: ${line.qty} requested`,
        {
          lineNo: line.lineNo,
          requested: line.qty,
          received: qty,
        },
      );
    }
    return { lineNo: line.lineNo, qty, condition: item.condition as ItemCondition };
  });
  requireDistinctLines(result, 'items');
  return result;
}

/** Refunded units come out of what was received; without a list, everything received. */
export function requireRefundItems(items: unknown, received: readonly ReceivedItem[]) {
  if (items === undefined) return received.map(({ lineNo, qty }) => ({ lineNo, qty }));
  const result = requireList(items, 'return-has-no-items').map((input, index) => {
    const item = (input ?? {}) as Record<string, unknown>;
    const field = `items[${index}]`;
    const line = requireLineOf(item.lineNo, received, `${field}.lineNo`, 'line-not-in-return');
    const qty = requireIntegerInRange(item.qty, 'invalid-qty', `${field}.qty`, 1);
    if (qty > line.qty) {
      throw new IllegalStateError('refund-exceeds-received', `line ${line.lineNo}: ${line.qty} received`, {
        lineNo: line.lineNo,
        received: line.qty,
        refunded: qty,
      });
    }
    return { lineNo: line.lineNo, qty };
  });
  requireDistinctLines(result, 'items');
  return result;
}
