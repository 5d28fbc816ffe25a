import {
  defaultRulesTimeline,
  type LoyaltyEvent,
  type LoyaltyState,
  loyaltyDecider,
  type OrderLine,
} from '@aftersales/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support';
import { applyInBatches, recorded, setUp } from '../shared/testing';
import { loyaltyProjection } from './projection';

/*
 * One customer buying in rials, euros and dinars, decided by the loyalty decider under the
 * default rules (EUR a point per euro, silver 1,000, gold 5,000; IRR 100,000 rials a point,
 * silver 100,000,000, gold 500,000,000; KWD not priced). Minor units: IRR and EUR 2, KWD 3.
 *   2026-01-10 o1 IRR 1 × 60,000,000 rials  → 600 points (bronze)
 *   2026-02-10 o2 EUR 1 × 900.00            → 900 points (bronze)
 *   2026-03-10 o3 IRR 1 × 45,000,000 rials  → 450 points (bronze); IRR spend 105,000,000 → silver
 *   2026-04-10 o4 KWD 1 × 2,000.000         → 0 points: currency-not-priced
 *   2026-05-10 o5 EUR 2 × 50.00             → 100 × 1.25 = 125 points (silver)
 * Added at face value the spend would be 105,000,000 + 1,000 + 2,000 "units": gold. It is silver.
 */
const customerId = 'cust-rials';
const order = (orderId: string, currency: string, deliveredAt: string, qty: number, unitPrice: number) =>
  [
    {
      type: 'EarnPointsForDelivery',
      data: {
        customerId,
        orderId,
        currency,
        deliveredAt,
        lines: [
          { lineNo: 1, sku: 'S', name: 'Item', category: 'home', qty, unitPrice, warrantyMonths: 12 },
        ] satisfies OrderLine[],
      },
    },
    deliveredAt,
  ] as const;

const steps = [
  order('o1', 'IRR', '2026-01-10T00:00:00.000Z', 1, 6_000_000_000),
  order('o2', 'EUR', '2026-02-10T00:00:00.000Z', 1, 90_000),
  order('o3', 'IRR', '2026-03-10T00:00:00.000Z', 1, 4_500_000_000),
  order('o4', 'KWD', '2026-04-10T00:00:00.000Z', 1, 2_000_000),
  order('o5', 'EUR', '2026-05-10T00:00:00.000Z', 2, 5_000),
];

function decided(): LoyaltyEvent[] {
  const events: LoyaltyEvent[] = [];
  let state: LoyaltyState = loyaltyDecider.initialState();
  for (const [command, now] of steps) {
    for (const event of loyaltyDecider.decide(command, state, { now, rules: defaultRulesTimeline })) {
      events.push(event);
      state = loyaltyDecider.evolve(state, event);
    }
  }
  return events;
}

describe('loyalty read model in several currencies', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const schema = 'rm_loyalty';

  beforeAll(async () => {
    db = await createTestDatabase('loyaltycur');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await setUp(pool, loyaltyProjection, schema);
    await applyInBatches(pool, loyaltyProjection, schema, recorded(decided()));
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const balanceAt = async (at: string) =>
    (
      await pool.query(
        `SELECT pending_points, available_points, lifetime_points, tier, tier_spend, tier_currency
           FROM ${schema}.loyalty_balance_as_of($1, $2)`,
        [customerId, at],
      )
    ).rows[0];
  const spendAt = async (at: string) =>
    (
      await pool.query(
        `SELECT currency, tier_spend, tier, units_per_point FROM ${schema}.loyalty_tier_spend_as_of($1)
          WHERE customer_id = $2 ORDER BY currency`,
        [at, customerId],
      )
    ).rows;

  it('records the rate that awarded each lot, and why a lot earned nothing', async () => {
    const { rows } = await pool.query(
      `SELECT order_id, currency, points, tier, multiplier, units_per_point, no_points_reason
         FROM ${schema}.loyalty_lots ORDER BY order_id`,
    );
    expect(rows).toEqual([
      {
        order_id: 'o1',
        currency: 'IRR',
        points: 600,
        tier: 'bronze',
        multiplier: '1',
        units_per_point: '100000',
        no_points_reason: null,
      },
      {
        order_id: 'o2',
        currency: 'EUR',
        points: 900,
        tier: 'bronze',
        multiplier: '1',
        units_per_point: '1',
        no_points_reason: null,
      },
      {
        order_id: 'o3',
        currency: 'IRR',
        points: 450,
        tier: 'bronze',
        multiplier: '1',
        units_per_point: '100000',
        no_points_reason: null,
      },
      {
        order_id: 'o4',
        currency: 'KWD',
        points: 0,
        tier: 'silver',
        multiplier: '0',
        units_per_point: null,
        no_points_reason: 'currency-not-priced',
      },
      {
        order_id: 'o5',
        currency: 'EUR',
        points: 125,
        tier: 'silver',
        multiplier: '1.25',
        units_per_point: '1',
        no_points_reason: null,
      },
    ]);
    const ledger = await pool.query(
      `SELECT lot_id, points, no_points_reason FROM bi.loyalty_ledger WHERE no_points_reason IS NOT NULL`,
    );
    expect(ledger.rows).toEqual([
      { lot_id: 'order:o4:1', points: '0', no_points_reason: 'currency-not-priced' },
    ]);
    const changes = await pool.query(
      `SELECT changed_at, from_tier, to_tier FROM ${schema}.loyalty_tier_changes`,
    );
    expect(changes.rows).toEqual([
      { changed_at: new Date('2026-03-10T00:00:00.000Z'), from_tier: 'bronze', to_tier: 'silver' },
    ]);
  });

  it('holds bronze while neither currency reaches its own threshold', async () => {
    // 1 March: 60,000,000 rials (600 points' worth) and 900 euros (900): both bronze; the
    // currency shown is the one with the most points' worth of spend.
    expect(await spendAt('2026-03-01T00:00:00.000Z')).toEqual([
      { currency: 'EUR', tier_spend: '900', tier: 'bronze', units_per_point: '1' },
      { currency: 'IRR', tier_spend: '60000000', tier: 'bronze', units_per_point: '100000' },
    ]);
    expect(await balanceAt('2026-03-01T00:00:00.000Z')).toMatchObject({
      tier: 'bronze',
      tier_spend: '900',
      tier_currency: 'EUR',
    });
  });

  it('holds silver from the rials alone, and never adds dinars, rials and euros', async () => {
    // 11 May: IRR 105,000,000 ≥ 100,000,000 and EUR 900 + 100 = 1,000 ≥ 1,000: silver in both;
    // IRR is 1,050 points' worth, EUR 1,000, so the rials are shown. KWD reaches no tier.
    expect(await spendAt('2026-05-11T00:00:00.000Z')).toEqual([
      { currency: 'EUR', tier_spend: '1000', tier: 'silver', units_per_point: '1' },
      { currency: 'IRR', tier_spend: '105000000', tier: 'silver', units_per_point: '100000' },
      { currency: 'KWD', tier_spend: '2000', tier: null, units_per_point: null },
    ]);
    // Available: 600 + 900 + 450 (windows closed 9 Feb, 12 Mar, 9 Apr); pending: o5's 125.
    expect(await balanceAt('2026-05-11T00:00:00.000Z')).toEqual({
      pending_points: '125',
      available_points: '1950',
      lifetime_points: '2075',
      tier: 'silver',
      tier_spend: '105000000',
      tier_currency: 'IRR',
    });
    const bi = await pool.query(
      `SELECT currency, tier FROM bi.loyalty_tier_spend_as_of('2026-05-11T00:00:00Z') WHERE customer_id = $1 ORDER BY currency`,
      [customerId],
    );
    expect(bi.rows.map((row) => `${row.currency}:${row.tier}`)).toEqual([
      'EUR:silver',
      'IRR:silver',
      'KWD:null',
    ]);
  });

  it('keeps the tier a currency still reaches when another leaves the window', async () => {
    // 11 January 2027: o1 has left the 12-month window, IRR falls to 45,000,000 (bronze); the
    // euros (o2 of 10 February 2026 still inside) keep silver.
    expect(await balanceAt('2027-01-11T00:00:00.000Z')).toMatchObject({
      tier: 'silver',
      tier_spend: '1000',
      tier_currency: 'EUR',
    });
  });
});
