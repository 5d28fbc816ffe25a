import {
  addMonths,
  balanceAsOf,
  DomainError,
  defaultRules,
  defaultRulesTimeline,
  type LoyaltyCommand,
  type LoyaltyEvent,
  type LoyaltyState,
  loyaltyDecider,
  type RulesTimeline,
} from '@aftersales/domain';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support';
import { applyInBatches, recorded, setUp } from '../shared/testing';
import { createLoyaltyProjection } from './projection';

/**
 * The SQL balance must be the domain's balance: random histories are decided by the loyalty
 * decider (so they are histories the system can really produce), projected in random batch
 * sizes, and `loyalty_balance_as_of` is compared with `balanceAsOf` at every instant where
 * something changes (event times, availability, expiry, the tier window's edges) and just before.
 */

const customers = ['cus-a', 'cus-b', 'cus-c'] as const;
const START = Date.parse('2025-01-01T00:00:00.000Z');

type Step =
  | { kind: 'earn'; lines: { qty: number; unitPrice: number }[]; currency: string }
  | { kind: 'refund'; order: number; lines: { line: number; qty: number }[] }
  | { kind: 'bonus' }
  | { kind: 'redeem'; points: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      lines: fc.array(
        fc.record({ qty: fc.integer({ min: 1, max: 3 }), unitPrice: fc.integer({ min: 500, max: 300_000 }) }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      // EUR and IRR are priced by the default rules, JPY from September 2025 in the changed
      // rules, KWD never: tiers per currency, a currency priced later, one that earns nothing.
      currency: fc.constantFrom('EUR', 'EUR', 'IRR', 'JPY', 'KWD'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      order: fc.nat(),
      lines: fc.array(fc.record({ line: fc.nat(), qty: fc.integer({ min: 1, max: 2 }) }), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'bonus' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      points: fc.integer({ min: 1, max: 3_000 }),
    }),
  },
);

type HistoryStep = { customer: string; gapHours: number; step: Step };
const historyArb: fc.Arbitrary<HistoryStep[]> = fc.array(
  fc.record({
    customer: fc.constantFrom(...customers),
    gapHours: fc.integer({ min: 0, max: 24 * 45 }),
    step: stepArb,
  }),
  { minLength: 5, maxLength: 40 },
);

/** Runs the steps through the decider; a step the domain refuses is simply not part of history. */
function decideHistory(steps: readonly HistoryStep[], rules: RulesTimeline) {
  const states = new Map<string, LoyaltyState>();
  const orders = new Map<string, { orderId: string; lines: number }[]>();
  const events: LoyaltyEvent[] = [];
  let clock = START;
  steps.forEach(({ customer, gapHours, step }, index) => {
    clock += gapHours * 3_600_000 + 1;
    const now = new Date(clock).toISOString();
    const state = states.get(customer) ?? loyaltyDecider.initialState();
    const mine = orders.get(customer) ?? [];
    let command: LoyaltyCommand | undefined;
    switch (step.kind) {
      case 'earn':
        command = {
          type: 'EarnPointsForDelivery',
          data: {
            customerId: customer,
            orderId: `o${index}`,
            currency: step.currency,
            deliveredAt: now,
            lines: step.lines.map((line, i) => ({
              lineNo: i + 1,
              sku: `SKU-${i}`,
              name: `Item ${i}`,
              category: 'home',
              qty: line.qty,
              // Rial prices are scaled to what rials buy, so IRR spend reaches the IRR tiers.
              unitPrice: step.currency === 'IRR' ? line.unitPrice * 50_000 : line.unitPrice,
              warrantyMonths: 24,
            })),
          },
        };
        mine.push({ orderId: `o${index}`, lines: step.lines.length });
        break;
      case 'refund': {
        const order = mine[step.order % Math.max(1, mine.length)];
        if (!order) return;
        const lines = new Map<number, number>();
        for (const line of step.lines) lines.set((line.line % order.lines) + 1, line.qty);
        command = {
          type: 'ReversePointsForRefund',
          data: {
            customerId: customer,
            returnId: `r${index}`,
            orderId: order.orderId,
            lines: [...lines].map(([lineNo, qty]) => ({ lineNo, qty })),
          },
        };
        break;
      }
      case 'bonus':
        command = {
          type: 'AwardFeedbackBonus',
          data: { customerId: customer, subject: { type: 'order', id: `s${index}` }, comment: 'Lovely.' },
        };
        break;
      case 'redeem':
        command = {
          type: 'RedeemPoints',
          data: { customerId: customer, redemptionId: `red${index}`, points: step.points },
        };
        break;
    }
    orders.set(customer, mine);
    if (!command) return;
    try {
      let next = state;
      for (const event of loyaltyDecider.decide(command, state, { now, rules })) {
        events.push(event);
        next = loyaltyDecider.evolve(next, event);
      }
      states.set(customer, next);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  });
  return events;
}

/** Every instant where a balance can change, and the millisecond before it. */
function instantsOf(events: readonly LoyaltyEvent[]): string[] {
  const moments = new Set<number>();
  const add = (iso: string) => {
    const at = Date.parse(iso);
    moments.add(at);
    moments.add(at - 1);
  };
  for (const event of events) {
    switch (event.type) {
      case 'PointsEarned':
        add(event.data.earnedAt);
        add(addMonths(event.data.earnedAt, 12));
        add(addMonths(event.data.earnedAt, 6));
        for (const lot of event.data.lots) {
          add(lot.availableAt);
          add(lot.expiresAt);
        }
        break;
      case 'BonusPointsAwarded':
        add(event.data.awardedAt);
        add(event.data.expiresAt);
        break;
      case 'PointsReversed':
        add(event.data.reversedAt);
        break;
      case 'PointsRedeemed':
        add(event.data.redeemedAt);
        break;
      case 'LoyaltyTierChanged':
        add(event.data.changedAt);
        break;
    }
  }
  return [...moments].sort((a, b) => a - b).map((at) => new Date(at).toISOString());
}

type SqlBalance = {
  at: Date;
  customer_id: string;
  pending_points: string;
  available_points: string;
  redeemed_points: string;
  expired_points: string;
  reversed_points: string;
  lifetime_points: string;
  tier: string;
  tier_spend: string;
  tier_currency: string | null;
  next_expiry_at: Date | null;
  next_expiry_points: string | null;
};

type SqlTierSpend = {
  at: Date;
  customer_id: string;
  currency: string;
  tier_spend: string;
  tier: string | null;
};

/**
 * Rules that change mid-history: from September 2025 lower EUR thresholds and other multipliers,
 * yen priced at 150 a point, and a 6-month window.
 */
const changedRules: RulesTimeline = [
  ...defaultRulesTimeline,
  {
    effectiveFrom: '2025-09-01T00:00:00.000Z',
    rules: {
      ...defaultRules,
      loyalty: {
        ...defaultRules.loyalty,
        tierWindowMonths: 6,
        currencies: {
          ...defaultRules.loyalty.currencies,
          EUR: {
            unitsPerPoint: 1,
            tiers: [
              { tier: 'bronze', minSpend: 0, multiplier: 1 },
              { tier: 'silver', minSpend: 500, multiplier: 1.1 },
              { tier: 'gold', minSpend: 2_000.5, multiplier: 2 },
            ],
          },
          // No gold in yen: a customer gold in euros earns in yen at silver.
          JPY: {
            unitsPerPoint: 150,
            tiers: [
              { tier: 'bronze', minSpend: 0, multiplier: 1 },
              { tier: 'silver', minSpend: 75_000, multiplier: 1.2 },
            ],
          },
        },
      },
    },
  },
];

describe('loyalty SQL balances agree with the domain balanceAsOf', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase('loyaltyagree');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const cases = [
    ['the default rules', 'agree_default', defaultRulesTimeline],
    ['rules that change mid-history', 'agree_changed', changedRules],
  ] as const;

  for (const [title, schema, rules] of cases) {
    it(`on random decided histories, under ${title}`, async () => {
      const projection = createLoyaltyProjection({ rules });
      await setUp(pool, projection, schema);
      let compared = 0;
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(historyArb, fc.integer({ min: 1, max: 20 }), async (steps, batchSize) => {
          const events = decideHistory(steps, rules);
          await pool.query(
            `TRUNCATE ${schema}.loyalty_lots, ${schema}.loyalty_lot_movements, ${schema}.loyalty_tier_changes`,
          );
          await applyInBatches(pool, projection, schema, recorded(events), batchSize);
          const instants = instantsOf(events);
          const { rows } = await pool.query<SqlBalance>(
            `SELECT t.at, b.* FROM unnest($1::timestamptz[]) AS t(at)
               CROSS JOIN LATERAL ${schema}.loyalty_balances_as_of(t.at) b`,
            [instants],
          );
          const sql = new Map(rows.map((row) => [`${row.customer_id}@${row.at.toISOString()}`, row]));
          const spendRows = await pool.query<SqlTierSpend>(
            `SELECT t.at, s.* FROM unnest($1::timestamptz[]) AS t(at)
               CROSS JOIN LATERAL ${schema}.loyalty_tier_spend_as_of(t.at) s
              ORDER BY s.currency`,
            [instants],
          );
          const sqlSpend = new Map<string, { currency: string; spend: string; tier: string | null }[]>();
          for (const row of spendRows.rows) {
            const key = `${row.customer_id}@${row.at.toISOString()}`;
            sqlSpend.set(key, [
              ...(sqlSpend.get(key) ?? []),
              { currency: row.currency, spend: row.tier_spend, tier: row.tier },
            ]);
          }
          for (const customerId of customers) {
            const own = events.filter((event) => event.data.customerId === customerId);
            for (const at of instants) {
              const domain = balanceAsOf(own, at, rules);
              const row = sql.get(`${customerId}@${at}`);
              const label = `${customerId} at ${at}`;
              if (!row) {
                expect(domain.lifetimeEarned, label).toBe(0);
                expect(domain.lots, label).toHaveLength(0);
                continue;
              }
              compared += 1;
              expect(sqlSpend.get(`${customerId}@${at}`) ?? [], `${label}: tier spend`).toEqual(
                domain.tierSpend,
              );
              for (const spend of domain.tierSpend) seen.add(`${spend.currency}:${spend.tier}`);
              expect(
                {
                  pending: Number(row.pending_points),
                  available: Number(row.available_points),
                  redeemed: Number(row.redeemed_points),
                  expired: Number(row.expired_points),
                  reversed: Number(row.reversed_points),
                  lifetimeEarned: Number(row.lifetime_points),
                  tier: row.tier,
                  nextExpiry: row.next_expiry_at
                    ? { at: row.next_expiry_at.toISOString(), points: Number(row.next_expiry_points) }
                    : null,
                },
                label,
              ).toEqual({
                pending: domain.pending,
                available: domain.available,
                redeemed: domain.redeemed,
                expired: domain.expired,
                reversed: domain.reversed,
                lifetimeEarned: domain.lifetimeEarned,
                tier: domain.tier,
                nextExpiry: domain.nextExpiry,
              });
            }
          }
        }),
        { numRuns: 25, seed: 20261123 },
      );
      // The histories must have produced real balances to compare, not only empty ledgers.
      expect(compared).toBeGreaterThan(500);
      // ... and tiers reached in rials, and spend in a currency that is not priced.
      expect([...seen]).toEqual(expect.arrayContaining(['IRR:silver', 'IRR:gold', 'KWD:null', 'EUR:gold']));
    });
  }
});
