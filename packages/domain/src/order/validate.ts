import type { RepairOutcome } from '../repair/events';
import { ValidationError } from '../shared/errors';
import { requireDistinctLines, requireIntegerInRange, requireText } from '../shared/validation';
import type { LineQuantity, OrderLine } from './events';

/** Input checks for order commands; each failure has a stable code. */

export type OrderLineInput = Omit<OrderLine, 'lineNo'>;

/** Lines are numbered 1.. in the order given: later commands address items by that number. */
export function requireOrderLines(lines: unknown): OrderLine[] {
  if (!Array.isArray(lines) || lines.length === 0) {
    throw new ValidationError('order-has-no-lines', 'an order needs at least one line', { field: 'lines' });
  }
  return lines.map((input: Partial<OrderLineInput>, index) => {
    const field = `lines[${index}]`;
    return {
      lineNo: index + 1,
      sku: requireText(input?.sku, 'invalid-sku', `${field}.sku`, 100),
      name: requireText(input?.name, 'invalid-line-name', `${field}.name`, 500),
      category: requireText(input?.category, 'invalid-category', `${field}.category`, 100),
      qty: requireIntegerInRange(input?.qty, 'invalid-qty', `${field}.qty`, 1),
      unitPrice: requireIntegerInRange(input?.unitPrice, 'invalid-unit-price', `${field}.unitPrice`, 0),
      warrantyMonths: requireIntegerInRange(
        input?.warrantyMonths,
        'invalid-warranty-months',
        `${field}.warrantyMonths`,
        0,
        1_200,
      ),
    };
  });
}

/** A non-empty list of (lineNo, qty > 0), each line at most once, each line on the order. */
export function requireLineQuantities(
  items: unknown,
  lines: readonly OrderLine[],
  emptyCode: string,
): LineQuantity[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ValidationError(emptyCode, 'at least one item is needed', { field: 'items' });
  }
  const result = items.map((item: Partial<LineQuantity>, index) => ({
    lineNo: requireKnownLine(item?.lineNo, lines, `items[${index}].lineNo`),
    qty: requireIntegerInRange(item?.qty, 'invalid-qty', `items[${index}].qty`, 1),
  }));
  requireDistinctLines(result, 'items');
  return result;
}

export function requireKnownLine(lineNo: unknown, lines: readonly OrderLine[], field = 'lineNo'): number {
  if (!lines.some((line) => line.lineNo === lineNo)) {
    throw new ValidationError('unknown-order-line', `${field} names no line of this order`, {
      field,
      lineNo,
    });
  }
  return lineNo as number;
}

const OUTCOMES: readonly RepairOutcome[] = ['repaired', 'replaced', 'refunded', 'unrepairable'];

export function requireRepairOutcome(value: unknown): RepairOutcome {
  if (!OUTCOMES.includes(value as RepairOutcome)) {
    throw new ValidationError('invalid-outcome', `outcome must be one of ${OUTCOMES.join(', ')}`, {
      field: 'outcome',
    });
  }
  return value as RepairOutcome;
}
