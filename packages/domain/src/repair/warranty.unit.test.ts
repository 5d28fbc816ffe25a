import { describe, expect, it } from 'vitest';
import type { OrderEvent, OrderLineRepaired } from '../order/events';
import {
  deliveredAt,
  deliveredOrderEvents,
  orderId,
  orderPlaced,
  orderStateFrom,
} from '../order/order.fixtures';
import { IllegalStateError, ValidationError } from '../shared/errors';
import { defaultRules, defaultRulesTimeline, type RulesTimeline } from '../shared/rules';
import { addDays, addMonths } from '../shared/time';
import { warrantyCoverage } from './warranty';

const justBefore = (instant: string) => new Date(Date.parse(instant) - 1).toISOString();
const repaired = (
  repairId: string,
  lineNo: number,
  completedAt: string,
  patch: Partial<OrderLineRepaired['data']> = {},
): OrderEvent => ({
  type: 'OrderLineRepaired',
  data: { orderId, repairId, lineNo, outcome: 'repaired', completedAt, ...patch },
});
const orderWith = (...events: OrderEvent[]) => orderStateFrom([...deliveredOrderEvents, ...events]);
const coverage = (
  events: OrderEvent[],
  lineNo: number,
  serial: string | undefined,
  at: string,
  rules = defaultRulesTimeline,
) => warrantyCoverage(orderWith(...events), lineNo, serial, at, rules);

describe('calendar months in UTC', () => {
  it('adds months and clamps to the last day of a shorter month', () => {
    expect(addMonths('2026-01-31T10:00:00.000Z', 1)).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths('2028-01-31T10:00:00.000Z', 1)).toBe('2028-02-29T10:00:00.000Z');
    expect(addMonths('2028-02-29T23:59:59.999Z', 12)).toBe('2029-02-28T23:59:59.999Z');
    expect(addMonths('2026-03-04T15:00:00.000Z', 24)).toBe('2028-03-04T15:00:00.000Z');
    expect(addMonths('2026-11-30T00:00:00.000Z', 3)).toBe('2027-02-28T00:00:00.000Z');
  });
});

describe('product warranty', () => {
  const warrantyEnds = addMonths(deliveredAt, 24);

  it('covers a line until delivery + its warranty months', () => {
    expect(coverage([], 1, undefined, justBefore(warrantyEnds))).toEqual({
      inWarranty: true,
      basis: 'product-warranty',
      coveredUntil: warrantyEnds,
    });
  });

  it('ends exactly at delivery + warranty months', () => {
    expect(coverage([], 1, undefined, warrantyEnds)).toEqual({
      inWarranty: false,
      basis: 'none',
      expiredAt: warrantyEnds,
    });
  });

  it('never covers a line sold without warranty', () => {
    expect(coverage([], 2, undefined, addDays(deliveredAt, 1))).toEqual({
      inWarranty: false,
      basis: 'none',
      expiredAt: deliveredAt,
    });
  });
});

describe('repair warranty', () => {
  const completedAt = addDays(deliveredAt, 10);
  const repairWarrantyEnds = addDays(completedAt, 90);

  it('covers the same line 89 days after an earlier repair', () => {
    expect(coverage([repaired('rp-1', 2, completedAt)], 2, undefined, addDays(completedAt, 89))).toEqual({
      inWarranty: true,
      basis: 'repair-warranty',
      coveredUntil: repairWarrantyEnds,
    });
  });

  it('no longer covers it 91 days after, nor exactly at 90 days', () => {
    expect(coverage([repaired('rp-1', 2, completedAt)], 2, undefined, addDays(completedAt, 91))).toEqual({
      inWarranty: false,
      basis: 'none',
      expiredAt: repairWarrantyEnds,
    });
    expect(coverage([repaired('rp-1', 2, completedAt)], 2, undefined, repairWarrantyEnds).inWarranty).toBe(
      false,
    );
  });

  it('does not cover another serial number of the same line', () => {
    const earlier = repaired('rp-1', 2, completedAt, { serialNumber: 'SN-1' });
    const at = addDays(completedAt, 30);
    expect(coverage([earlier], 2, 'SN-2', at).inWarranty).toBe(false);
    expect(coverage([earlier], 2, 'SN-1', at).basis).toBe('repair-warranty');
  });

  it('matches by line alone when either side names no serial number', () => {
    const at = addDays(completedAt, 30);
    expect(
      coverage([repaired('rp-1', 2, completedAt, { serialNumber: 'SN-1' })], 2, undefined, at).inWarranty,
    ).toBe(true);
    expect(coverage([repaired('rp-1', 2, completedAt)], 2, 'SN-2', at).inWarranty).toBe(true);
  });

  it('does not carry over to another line', () => {
    expect(
      coverage([repaired('rp-1', 1, completedAt)], 2, undefined, addDays(completedAt, 30)).inWarranty,
    ).toBe(false);
  });

  it('comes only from repairs that returned a working item', () => {
    const at = addDays(completedAt, 30);
    for (const outcome of ['unrepairable', 'refunded'] as const) {
      expect(coverage([repaired('rp-1', 2, completedAt, { outcome })], 2, undefined, at).inWarranty).toBe(
        false,
      );
    }
    expect(
      coverage([repaired('rp-1', 2, completedAt, { outcome: 'replaced' })], 2, undefined, at).inWarranty,
    ).toBe(true);
  });

  it('ignores a repair completed after the instant asked about', () => {
    expect(
      coverage([repaired('rp-1', 2, completedAt)], 2, undefined, addDays(completedAt, -1)).inWarranty,
    ).toBe(false);
  });

  it('keeps the repair warranty length in force when that repair completed', () => {
    const rules: RulesTimeline = [
      ...defaultRulesTimeline,
      {
        effectiveFrom: addDays(completedAt, 1),
        rules: { ...defaultRules, warranty: { repairWarrantyDays: 30 } },
      },
    ];
    const at = addDays(completedAt, 60);
    expect(coverage([repaired('rp-1', 2, completedAt)], 2, undefined, at, rules)).toMatchObject({
      inWarranty: true,
      coveredUntil: repairWarrantyEnds,
    });
    const laterRepair = addDays(completedAt, 5);
    expect(
      coverage([repaired('rp-2', 2, laterRepair)], 2, undefined, addDays(laterRepair, 31), rules).inWarranty,
    ).toBe(false);
  });

  it('takes whichever warranty reaches furthest', () => {
    const productEnds = addMonths(deliveredAt, 24);
    const lateRepair = addDays(productEnds, -30);
    expect(coverage([repaired('rp-1', 1, lateRepair)], 1, undefined, addDays(lateRepair, 1))).toEqual({
      inWarranty: true,
      basis: 'repair-warranty',
      coveredUntil: addDays(lateRepair, 90),
    });
    expect(coverage([repaired('rp-1', 1, completedAt)], 1, undefined, addDays(completedAt, 1))).toEqual({
      inWarranty: true,
      basis: 'product-warranty',
      coveredUntil: productEnds,
    });
  });
});

describe('misuse', () => {
  it('needs a delivered order and a line of it', () => {
    expect(() =>
      warrantyCoverage(orderStateFrom([orderPlaced]), 1, undefined, deliveredAt, defaultRulesTimeline),
    ).toThrow(IllegalStateError);
    expect(() => warrantyCoverage(orderWith(), 9, undefined, deliveredAt, defaultRulesTimeline)).toThrow(
      ValidationError,
    );
  });
});
