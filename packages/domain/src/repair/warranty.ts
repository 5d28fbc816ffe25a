import type { OrderState } from '../order/order';
import { orderLine } from '../order/order';
import { IllegalStateError, ValidationError } from '../shared/errors';
import type { Instant } from '../shared/event';
import { type RulesTimeline, rulesAt } from '../shared/rules';
import { addDays, addMonths, toMillis } from '../shared/time';
import type { RepairOutcome, WarrantyCoverage } from './events';

/** Only a repair that put a working item back in the customer's hands carries a repair warranty. */
const OUTCOMES_WITH_REPAIR_WARRANTY: readonly RepairOutcome[] = ['repaired', 'replaced'];

type Candidate = Readonly<{ basis: 'product-warranty' | 'repair-warranty'; coveredUntil: Instant }>;

/**
 * Whether a repair of `lineNo` requested at `at` is covered, derived from the order's history:
 * - product warranty: `at` before delivery + the line's `warrantyMonths` (calendar months, UTC);
 * - repair warranty: `at` before the completion of an earlier repair of the same line (and the
 *   same serial number where both name one) + `repairWarrantyDays`, as the rules stood when that
 *   repair completed: that was the promise made to the customer then.
 * When several cover, the one reaching furthest wins; when none does, `expiredAt` is the end of
 * the latest one that applied.
 */
export function warrantyCoverage(
  order: OrderState,
  lineNo: number,
  serialNumber: string | undefined,
  at: Instant,
  rules: RulesTimeline,
): WarrantyCoverage {
  if (order.status !== 'delivered') {
    throw new IllegalStateError('order-not-delivered', 'warranty starts at delivery', {
      status: order.status,
    });
  }
  const line = orderLine(order, lineNo);
  if (!line)
    throw new ValidationError('unknown-order-line', `line ${lineNo} is not on the order`, { lineNo });

  const candidates: Candidate[] = [
    { basis: 'product-warranty', coveredUntil: addMonths(order.deliveredAt, line.warrantyMonths) },
  ];
  for (const repair of order.repairs) {
    if (repair.lineNo !== lineNo || !OUTCOMES_WITH_REPAIR_WARRANTY.includes(repair.outcome)) continue;
    if (
      serialNumber !== undefined &&
      repair.serialNumber !== undefined &&
      repair.serialNumber !== serialNumber
    ) {
      continue;
    }
    if (toMillis(repair.completedAt) > toMillis(at)) continue;
    const days = rulesAt(rules, repair.completedAt).warranty.repairWarrantyDays;
    candidates.push({ basis: 'repair-warranty', coveredUntil: addDays(repair.completedAt, days) });
  }

  const furthest = candidates.reduce((best, next) =>
    toMillis(next.coveredUntil) > toMillis(best.coveredUntil) ? next : best,
  );
  if (toMillis(at) < toMillis(furthest.coveredUntil)) {
    return { inWarranty: true, basis: furthest.basis, coveredUntil: furthest.coveredUntil };
  }
  return { inWarranty: false, basis: 'none', expiredAt: furthest.coveredUntil };
}
