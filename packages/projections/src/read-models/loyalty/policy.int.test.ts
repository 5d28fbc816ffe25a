import {
  type DomainEvent,
  defaultRules,
  defaultRulesTimeline,
  loyaltyDecider,
  type RuleSet,
} from '@aftersales/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support';
import { applyInBatches, recorded, setUp } from '../shared/testing';
import { loyaltyProjection } from './projection';

/*
 * One IRR order of 60,000,000 rials delivered on 10 January 2026: bronze under the defaults
 * (silver from 100,000,000 rials). Policy v1, effective 1 June 2026, lowers the IRR silver
 * threshold to 50,000,000: the same spend holds silver from that instant on, not before.
 * A v2 at the same instant (recorded later) sets 40,000,000 and wins.
 */
const customerId = 'cust-policy';
const irrWith = (silver: number): RuleSet => {
  const irr = defaultRules.loyalty.currencies.IRR;
  if (!irr) throw new Error('IRR is priced by default');
  const tiers = irr.tiers.map((t) => (t.tier === 'silver' ? { ...t, minSpend: silver } : t));
  return {
    ...defaultRules,
    loyalty: {
      ...defaultRules.loyalty,
      currencies: { ...defaultRules.loyalty.currencies, IRR: { ...irr, tiers } },
    },
  };
};
const changed = (version: number, document: RuleSet): DomainEvent => ({
  type: 'PolicyChanged',
  data: {
    version,
    effectiveFrom: '2026-06-01T00:00:00.000Z',
    author: 'ops-anna',
    reason: 'rial thresholds',
    document,
    changedAt: '2026-05-20T00:00:00.000Z',
  },
});

describe('the loyalty read model follows the policy stream', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const schema = 'rm_loyalty';
  beforeAll(async () => {
    db = await createTestDatabase('loyaltypolicy');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await setUp(pool, loyaltyProjection, schema);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const tierAt = async (at: string) =>
    (
      await pool.query(
        `SELECT tier FROM ${schema}.loyalty_tier_spend_as_of($1) WHERE customer_id = $2 AND currency = 'IRR'`,
        [at, customerId],
      )
    ).rows;

  it('applies a version from its effective instant on; the later of two at one instant wins', async () => {
    const earned = loyaltyDecider.decide(
      {
        type: 'EarnPointsForDelivery',
        data: {
          customerId,
          orderId: 'o1',
          currency: 'IRR',
          deliveredAt: '2026-01-10T00:00:00.000Z',
          lines: [
            {
              lineNo: 1,
              sku: 'S',
              name: 'Phone',
              category: 'phones',
              qty: 1,
              unitPrice: 6_000_000_000,
              warrantyMonths: 12,
            },
          ],
        },
      },
      loyaltyDecider.initialState(),
      { now: '2026-01-10T00:00:00.000Z', rules: defaultRulesTimeline },
    );
    await applyInBatches(
      pool,
      loyaltyProjection,
      schema,
      recorded([...earned, changed(1, irrWith(50_000_000))]),
    );
    expect(await tierAt('2026-05-31T23:59:59Z')).toEqual([{ tier: 'bronze' }]);
    expect(await tierAt('2026-06-01T00:00:00Z')).toEqual([{ tier: 'silver' }]);
    const thresholds = async () =>
      (
        await pool.query(
          `SELECT to_char(effective_from AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, min_spend FROM ${schema}.loyalty_tier_rules
            WHERE currency = 'IRR' AND tier = 'silver' ORDER BY effective_from`,
        )
      ).rows;
    expect(await thresholds()).toEqual([
      { day: '1970-01-01', min_spend: '100000000' },
      { day: '2026-06-01', min_spend: '50000000' },
    ]);
    await applyInBatches(
      pool,
      loyaltyProjection,
      schema,
      recorded([changed(2, irrWith(40_000_000))], 'policy'),
    );
    expect(await thresholds()).toEqual([
      { day: '1970-01-01', min_spend: '100000000' },
      { day: '2026-06-01', min_spend: '40000000' },
    ]);
  });
});
