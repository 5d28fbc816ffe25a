import { describe, expect, it } from 'vitest';
import { collectLoyalty } from './projection';

const awarded = {
  type: 'BonusPointsAwarded',
  data: {
    customerId: 'c-1',
    lotId: 'bonus:f-1',
    reason: 'feedback-comment',
    subject: { type: 'order', id: 'o-1' },
    points: 50,
    awardedAt: '2026-03-20T09:00:00.000Z',
    expiresAt: '2027-03-20T09:00:00.000Z',
  },
} as const;
const redeemed = {
  type: 'PointsRedeemed',
  data: {
    customerId: 'c-1',
    redemptionId: 'rd-1',
    points: 30,
    allocations: [{ lotId: 'bonus:f-1', points: 30 }],
    redeemedAt: '2026-03-21T09:00:00.000Z',
  },
} as const;

describe('collectLoyalty', () => {
  it('a bonus is a lot available at once; a redemption a movement out of it; a repeat adds no row', () => {
    const { lots, movements, tierChanges } = collectLoyalty([awarded, redeemed, redeemed]);
    expect(lots.created).toEqual([
      {
        lot_id: 'bonus:f-1',
        customer_id: 'c-1',
        source: 'feedback-bonus',
        order_id: null,
        line_no: null,
        subject_type: 'order',
        subject_id: 'o-1',
        currency: null,
        currency_digits: 0,
        qty: null,
        spend: 0,
        tier: null,
        multiplier: null,
        units_per_point: null,
        no_points_reason: null,
        points: 50,
        earned_at: '2026-03-20T09:00:00.000Z',
        available_at: '2026-03-20T09:00:00.000Z',
        expires_at: '2027-03-20T09:00:00.000Z',
      },
    ]);
    expect(movements.created).toEqual([
      {
        lot_id: 'bonus:f-1',
        customer_id: 'c-1',
        kind: 'redemption',
        reference_id: 'rd-1',
        points: 30,
        shortfall: 0,
        qty: null,
        spend: 0,
        occurred_at: '2026-03-21T09:00:00.000Z',
      },
    ]);
    expect(tierChanges.created).toEqual([]);
    // Insert-only: nothing is ever merged into a stored row.
    expect([lots, movements, tierChanges].flatMap((rows) => rows.patched)).toEqual([]);
  });
});
