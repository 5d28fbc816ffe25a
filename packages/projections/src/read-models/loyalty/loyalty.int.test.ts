import { type DomainEvent, defaultRules } from '@aftersales/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support';
import { applyInBatches, dumpRows, recorded, setUp } from '../shared/testing';
import { loyaltyProjection } from './projection';

/*
 * One customer's ledger, all amounts in EUR (2 minor-unit digits):
 *   2026-01-10 PointsEarned order o1 (bronze x1): L1 line 1, 2 units, 300.00 EUR -> 300 pts
 *                                                   L2 line 2, 1 unit, 100.00 EUR -> 100 pts
 *              both pending until 2026-02-09, expire 2027-01-10
 *   2026-01-20 BonusPointsAwarded B1 50 pts, available at once, expires 2027-01-20
 *   2026-01-25 PointsReversed (return r1): L2 fully, 100 pts, 100.00 EUR of spend
 *   2026-03-01 PointsEarned order o2: L3 1 unit, 800.00 EUR -> 800 pts, pending until 2026-03-31,
 *              expires 2027-03-01
 *   2026-04-01 PointsRedeemed 500 pts, soonest expiry first: L1 300, B1 50, L3 150
 */
const customerId = 'cust-loyal';
const events: DomainEvent[] = [
  {
    type: 'PointsEarned',
    data: {
      customerId,
      orderId: 'o1',
      currency: 'EUR',
      tier: 'bronze',
      multiplier: 1,
      earnedAt: '2026-01-10T00:00:00.000Z',
      lots: [
        {
          lotId: 'L1',
          lineNo: 1,
          qty: 2,
          spend: 30_000,
          points: 300,
          availableAt: '2026-02-09T00:00:00.000Z',
          expiresAt: '2027-01-10T00:00:00.000Z',
        },
        {
          lotId: 'L2',
          lineNo: 2,
          qty: 1,
          spend: 10_000,
          points: 100,
          availableAt: '2026-02-09T00:00:00.000Z',
          expiresAt: '2027-01-10T00:00:00.000Z',
        },
      ],
    },
  },
  {
    type: 'BonusPointsAwarded',
    data: {
      customerId,
      lotId: 'B1',
      reason: 'feedback-comment',
      subject: { type: 'order', id: 'o1' },
      points: 50,
      awardedAt: '2026-01-20T00:00:00.000Z',
      expiresAt: '2027-01-20T00:00:00.000Z',
    },
  },
  {
    type: 'PointsReversed',
    data: {
      customerId,
      orderId: 'o1',
      returnId: 'r1',
      lines: [{ lotId: 'L2', lineNo: 2, qty: 1, points: 100, spend: 10_000 }],
      reversedAt: '2026-01-25T00:00:00.000Z',
    },
  },
  {
    type: 'PointsEarned',
    data: {
      customerId,
      orderId: 'o2',
      currency: 'EUR',
      tier: 'bronze',
      multiplier: 1,
      earnedAt: '2026-03-01T00:00:00.000Z',
      lots: [
        {
          lotId: 'L3',
          lineNo: 1,
          qty: 1,
          spend: 80_000,
          points: 800,
          availableAt: '2026-03-31T00:00:00.000Z',
          expiresAt: '2027-03-01T00:00:00.000Z',
        },
      ],
    },
  },
  {
    type: 'LoyaltyTierChanged',
    data: { customerId, from: 'bronze', to: 'silver', changedAt: '2026-03-01T00:00:00.000Z' },
  },
  {
    type: 'PointsRedeemed',
    data: {
      customerId,
      redemptionId: 'red1',
      points: 500,
      allocations: [
        { lotId: 'L1', points: 300 },
        { lotId: 'B1', points: 50 },
        { lotId: 'L3', points: 150 },
      ],
      redeemedAt: '2026-04-01T00:00:00.000Z',
    },
  },
];

type Balance = {
  pending_points: string;
  available_points: string;
  redeemed_points: string;
  expired_points: string;
  reversed_points: string;
  lifetime_points: string;
  tier: string;
  tier_spend: string;
  next_expiry_at: Date | null;
  next_expiry_points: string | null;
};

describe('loyalty read model', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const schema = 'rm_loyalty';

  beforeAll(async () => {
    db = await createTestDatabase('loyalty');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await setUp(pool, loyaltyProjection, schema);
    await applyInBatches(pool, loyaltyProjection, schema, recorded(events));
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const balanceAt = async (at: string): Promise<Balance | undefined> => {
    const { rows } = await pool.query<Balance>(`SELECT * FROM ${schema}.loyalty_balance_as_of($1, $2)`, [
      customerId,
      at,
    ]);
    return rows[0];
  };

  it('keeps one ledger line per lot with its terms', async () => {
    const { rows } = await pool.query(
      `SELECT lot_id, source, order_id, line_no, qty, spend::int, points, currency_digits, tier,
              earned_at, available_at, expires_at
         FROM ${schema}.loyalty_lots ORDER BY lot_id`,
    );
    expect(rows.map((r) => r.lot_id)).toEqual(['B1', 'L1', 'L2', 'L3']);
    expect(rows[1]).toMatchObject({
      source: 'order-line',
      order_id: 'o1',
      line_no: 1,
      qty: 2,
      spend: 30_000,
      points: 300,
      currency_digits: 2,
      tier: 'bronze',
      available_at: new Date('2026-02-09T00:00:00.000Z'),
    });
    // A bonus is available the moment it is awarded.
    expect(rows[0]).toMatchObject({ source: 'feedback-bonus', points: 50, order_id: null });
    expect(rows[0].available_at).toEqual(rows[0].earned_at);
  });

  it('records reversals and redemption allocations per lot', async () => {
    const { rows } = await pool.query(
      `SELECT lot_id, kind, reference_id, points, spend::int FROM ${schema}.loyalty_lot_movements
        ORDER BY kind, lot_id`,
    );
    expect(rows).toEqual([
      { lot_id: 'B1', kind: 'redemption', reference_id: 'red1', points: 50, spend: 0 },
      { lot_id: 'L1', kind: 'redemption', reference_id: 'red1', points: 300, spend: 0 },
      { lot_id: 'L3', kind: 'redemption', reference_id: 'red1', points: 150, spend: 0 },
      { lot_id: 'L2', kind: 'reversal', reference_id: 'r1', points: 100, spend: 10_000 },
    ]);
    const changes = await pool.query(`SELECT from_tier, to_tier FROM ${schema}.loyalty_tier_changes`);
    expect(changes.rows).toEqual([{ from_tier: 'bronze', to_tier: 'silver' }]);
  });

  it('copies the earn rates and tier thresholds per currency of the rules timeline', async () => {
    const { rows } = await pool.query(
      `SELECT currency, tier, min_spend::float8 AS min_spend, multiplier::float8 AS multiplier,
              units_per_point::float8 AS units_per_point
         FROM ${schema}.loyalty_tier_rules WHERE currency IN ('EUR', 'IRR') ORDER BY currency, tier_rank`,
    );
    expect(rows).toEqual(
      (['EUR', 'IRR'] as const).flatMap((currency) => {
        const earning = defaultRules.loyalty.currencies[currency];
        return (earning?.tiers ?? []).map((tier) => ({
          currency,
          tier: tier.tier,
          min_spend: tier.minSpend,
          multiplier: tier.multiplier,
          units_per_point: earning?.unitsPerPoint,
        }));
      }),
    );
    // DESIGN.md's numbers for EUR; 100,000 rials a point, thresholds 1,000 and 5,000 points' worth.
    expect(rows.map((row) => [row.currency, row.min_spend])).toEqual([
      ['EUR', 0],
      ['EUR', 1_000],
      ['EUR', 5_000],
      ['IRR', 0],
      ['IRR', 100_000_000],
      ['IRR', 500_000_000],
    ]);
    const sets = await pool.query(`SELECT window_months FROM ${schema}.loyalty_rule_sets`);
    expect(sets.rows).toEqual([{ window_months: defaultRules.loyalty.tierWindowMonths }]);
  });

  it('has no balance before the first lot', async () => {
    expect(await balanceAt('2026-01-09T00:00:00.000Z')).toBeUndefined();
  });

  it('holds freshly earned points as pending', async () => {
    // 2026-01-15: L1 300 + L2 100 pending; tier spend 300 + 100 = 400 EUR < 1,000 -> bronze.
    expect(await balanceAt('2026-01-15T00:00:00.000Z')).toMatchObject({
      pending_points: '400',
      available_points: '0',
      lifetime_points: '400',
      tier: 'bronze',
      tier_spend: '400',
      next_expiry_at: new Date('2027-01-10T00:00:00.000Z'),
      next_expiry_points: '400',
    });
  });

  it('takes reversed points out of pending and the refunded spend out of the tier spend', async () => {
    // 2026-01-26: L1 300 pending, B1 50 available, L2's 100 reversed; lifetime 300+100+50 = 450.
    expect(await balanceAt('2026-01-26T00:00:00.000Z')).toMatchObject({
      pending_points: '300',
      available_points: '50',
      reversed_points: '100',
      lifetime_points: '450',
      tier_spend: '300',
      next_expiry_points: '300',
    });
  });

  it('makes points available when the return window closes, and tiers up on spend', async () => {
    // 2026-02-09 exactly: L1 becomes available (t >= available_at); 300 + B1 50 = 350.
    expect(await balanceAt('2026-02-09T00:00:00.000Z')).toMatchObject({
      pending_points: '0',
      available_points: '350',
    });
    // 2026-03-05: L3 800 pending; tier spend 300 (L1) + 800 (L3) = 1,100 EUR >= 1,000 -> silver.
    expect(await balanceAt('2026-03-05T00:00:00.000Z')).toMatchObject({
      pending_points: '800',
      available_points: '350',
      lifetime_points: '1250',
      tier: 'silver',
      tier_spend: '1100',
    });
  });

  it('spends redeemed points and moves the next expiry to the next lot with points left', async () => {
    // 2026-04-02: L1 0, B1 0, L3 800 - 150 = 650 available; redeemed 500.
    // 650 + 500 + 100 reversed = 1,250 lifetime.
    expect(await balanceAt('2026-04-02T00:00:00.000Z')).toMatchObject({
      pending_points: '0',
      available_points: '650',
      redeemed_points: '500',
      expired_points: '0',
      reversed_points: '100',
      lifetime_points: '1250',
      next_expiry_at: new Date('2027-03-01T00:00:00.000Z'),
      next_expiry_points: '650',
    });
  });

  it('drops out-of-window spend from the tier and expires unspent points', async () => {
    // 2027-01-15: o1 (2026-01-10) has left the 12-month window: spend 800 -> bronze.
    expect(await balanceAt('2027-01-15T00:00:00.000Z')).toMatchObject({ tier: 'bronze', tier_spend: '800' });
    // 2027-03-01 exactly: L3's 650 expire (t >= expires_at); nothing left to expire.
    const expired = await balanceAt('2027-03-01T00:00:00.000Z');
    expect(expired).toMatchObject({
      available_points: '0',
      expired_points: '650',
      lifetime_points: '1250',
      next_expiry_at: null,
      next_expiry_points: null,
    });
  });

  it('keeps lifetime = pending + available + redeemed + expired + reversed at every instant', async () => {
    for (const at of ['2026-01-15', '2026-01-26', '2026-03-05', '2026-04-02', '2027-01-15', '2027-06-01']) {
      const b = await balanceAt(`${at}T00:00:00.000Z`);
      const parts = ['pending_points', 'available_points', 'redeemed_points', 'expired_points'] as const;
      const sum = parts.reduce((acc, key) => acc + Number(b?.[key]), Number(b?.reversed_points));
      expect(sum, at).toBe(Number(b?.lifetime_points));
    }
  });

  it('shows the same balance in bi.loyalty_balances as the function at now()', async () => {
    const view = await pool.query(`SELECT * FROM bi.loyalty_balances WHERE customer_id = $1`, [customerId]);
    const fn = await pool.query(`SELECT * FROM bi.loyalty_balance_as_of($1, now())`, [customerId]);
    expect(view.rows).toHaveLength(1);
    const { customer_id: _id, ...rest } = view.rows[0];
    expect(rest).toEqual(fn.rows[0]);
    const all = await pool.query(`SELECT * FROM bi.loyalty_balances_as_of('2026-04-02T00:00:00Z')`);
    expect(all.rows).toEqual([{ customer_id: customerId, ...(await balanceAt('2026-04-02T00:00:00.000Z')) }]);
  });

  it('lists the ledger with what happened to each lot in bi.loyalty_ledger and bi.loyalty_lot_movements', async () => {
    // All movements are in the past: L1 and B1 were fully redeemed, L2 fully reversed, L3 has
    // 800 - 150 = 650 left. The state of what is left depends on when the test runs.
    const stateNow = (availableAt: string, expiresAt: string) =>
      Date.now() >= Date.parse(expiresAt)
        ? 'expired'
        : Date.now() < Date.parse(availableAt)
          ? 'pending'
          : 'available';
    const ledger = await pool.query(
      `SELECT lot_id, source, points, reversed_points, redeemed_points, remaining_points, state,
              spend_units, reversed_spend_units
         FROM bi.loyalty_ledger ORDER BY lot_id`,
    );
    expect(ledger.rows).toEqual([
      {
        lot_id: 'B1',
        source: 'feedback-bonus',
        points: '50',
        reversed_points: '0',
        redeemed_points: '50',
        remaining_points: '0',
        state: stateNow('2026-01-20', '2027-01-20'),
        spend_units: '0',
        reversed_spend_units: '0',
      },
      {
        lot_id: 'L1',
        source: 'order-line',
        points: '300',
        reversed_points: '0',
        redeemed_points: '300',
        remaining_points: '0',
        state: stateNow('2026-02-09', '2027-01-10'),
        spend_units: '300',
        reversed_spend_units: '0',
      },
      {
        lot_id: 'L2',
        source: 'order-line',
        points: '100',
        reversed_points: '100',
        redeemed_points: '0',
        remaining_points: '0',
        state: stateNow('2026-02-09', '2027-01-10'),
        spend_units: '100',
        reversed_spend_units: '100',
      },
      {
        lot_id: 'L3',
        source: 'order-line',
        points: '800',
        reversed_points: '0',
        redeemed_points: '150',
        remaining_points: '650',
        state: stateNow('2026-03-31', '2027-03-01'),
        spend_units: '800',
        reversed_spend_units: '0',
      },
    ]);
    const movements = await pool.query(
      `SELECT lot_id, kind, reference_id, points, occurred_at FROM bi.loyalty_lot_movements ORDER BY occurred_at, lot_id`,
    );
    expect(movements.rows).toEqual([
      {
        lot_id: 'L2',
        kind: 'reversal',
        reference_id: 'r1',
        points: 100,
        occurred_at: new Date('2026-01-25T00:00:00Z'),
      },
      {
        lot_id: 'B1',
        kind: 'redemption',
        reference_id: 'red1',
        points: 50,
        occurred_at: new Date('2026-04-01T00:00:00Z'),
      },
      {
        lot_id: 'L1',
        kind: 'redemption',
        reference_id: 'red1',
        points: 300,
        occurred_at: new Date('2026-04-01T00:00:00Z'),
      },
      {
        lot_id: 'L3',
        kind: 'redemption',
        reference_id: 'red1',
        points: 150,
        occurred_at: new Date('2026-04-01T00:00:00Z'),
      },
    ]);
  });

  it('gives identical rows whether applied in one batch or one event at a time', async () => {
    const other = 'rm_loyalty_small_batches';
    await setUp(pool, loyaltyProjection, other);
    await applyInBatches(pool, loyaltyProjection, other, recorded(events), 1);
    for (const table of ['loyalty_lots', 'loyalty_lot_movements', 'loyalty_tier_changes']) {
      expect(await dumpRows(pool, `${other}.${table}`), table).toEqual(
        await dumpRows(pool, `${schema}.${table}`),
      );
    }
  });
});
