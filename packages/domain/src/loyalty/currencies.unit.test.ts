import { describe, expect, it } from 'vitest';
import { defaultRules, type RulesTimeline } from '../shared/rules';
import { given } from '../shared/testing';
import { balanceAsOf } from './balance';
import { loyaltyDecider } from './decide';
import type { EarnedLot, LoyaltyEvent, PointsEarned, Tier } from './events';
import { at, customerId, earn, history, line, refund } from './test-fixtures';

// Earn rates and tiers per currency (the default policy): EUR a point per euro, silver at
// 1,000, gold at 5,000; IRR 100,000 rials a point, silver at 100,000,000 rials, gold at
// 500,000,000. IRR has 2 minor-unit digits (ISO 4217), so 1 rial is 100 minor units.
// Delivered 1 March 2026 10:00 UTC: window closes 31 March 10:00, expiry 1 March 2027 10:00.
const deliveredAt = '2026-03-01T10:00:00.000Z';
const windowClosesAt = '2026-03-31T10:00:00.000Z';
const expiresAt = '2027-03-01T10:00:00.000Z';
const before = '2026-01-15T12:00:00.000Z';

const rials = (amount: number) => amount * 100;

const lot = (lineNo: number, qty: number, spend: number, points: number): EarnedLot => ({
  lotId: `order:o-1:${lineNo}`,
  lineNo,
  qty,
  spend,
  points,
  availableAt: windowClosesAt,
  expiresAt,
});

const earnedIrr = (tier: Tier, multiplier: number, lots: EarnedLot[]): PointsEarned => ({
  type: 'PointsEarned',
  data: {
    customerId,
    orderId: 'o-1',
    currency: 'IRR',
    tier,
    multiplier,
    unitsPerPoint: 100_000,
    lots,
    earnedAt: deliveredAt,
  },
});

const upgrade = (from: Tier, to: Tier): LoyaltyEvent => ({
  type: 'LoyaltyTierChanged',
  data: { customerId, from, to, changedAt: deliveredAt },
});

/** Earlier deliveries on 15 January, one order per [amount in minor units, currency]. */
const earlier = (...orders: (readonly [number, string])[]) =>
  history(
    orders.map(([amount, currency], i) => [
      earn(`o-prev-${i}`, before, [line(1, 1, amount)], currency),
      before,
    ]),
  );

// 2 × 4,000,000 rials = 8,000,000 rials = 80 points' worth.
const phoneCase = line(1, 2, rials(4_000_000));

describe('loyalty in rials', () => {
  it('earns a point per 100,000 rials: the 50,000,000-rial phone earns 500 and stays bronze', () => {
    // floor(50,000,000 / 100,000 × 1.0) = 500; 3 × 1,234,567 = 3,703,701 rials → 37.03701 → 37
    given(loyaltyDecider)
      .when(
        earn('o-1', deliveredAt, [line(1, 1, rials(50_000_000)), line(2, 3, rials(1_234_567))], 'IRR'),
        at(deliveredAt),
      )
      .then([earnedIrr('bronze', 1, [lot(1, 1, rials(50_000_000), 500), lot(2, 3, rials(3_703_701), 37)])]);
  });

  it('holds silver from 100,000,000 rials spent in the 12 months before, not from 99,999,999.99', () => {
    // bronze: 80 × 1.0 = 80, and 99,999,999.99 + 8,000,000 rials lifts it to silver
    given(loyaltyDecider, earlier([rials(100_000_000) - 1, 'IRR']))
      .when(earn('o-1', deliveredAt, [phoneCase], 'IRR'), at(deliveredAt))
      .then([earnedIrr('bronze', 1, [lot(1, 2, rials(8_000_000), 80)]), upgrade('bronze', 'silver')]);
    // silver: 80 × 1.25 = 100
    given(loyaltyDecider, earlier([rials(100_000_000), 'IRR']))
      .when(earn('o-1', deliveredAt, [phoneCase], 'IRR'), at(deliveredAt))
      .then([earnedIrr('silver', 1.25, [lot(1, 2, rials(8_000_000), 100)])]);
  });

  it('holds gold from 500,000,000 rials', () => {
    // gold: 80 × 1.5 = 120
    given(loyaltyDecider, earlier([rials(500_000_000), 'IRR']))
      .when(earn('o-1', deliveredAt, [phoneCase], 'IRR'), at(deliveredAt))
      .then([earnedIrr('gold', 1.5, [lot(1, 2, rials(8_000_000), 120)])]);
  });
});

describe('spend in several currencies', () => {
  it('is never added at face value: 900 EUR and 90,000,000 IRR are bronze in both', () => {
    // Added at face value this would be 90,000,900 "units", gold many times over.
    const prior = earlier([90_000, 'EUR'], [rials(90_000_000), 'IRR']);
    given(loyaltyDecider, prior)
      .when(earn('o-1', deliveredAt, [phoneCase], 'IRR'), at(deliveredAt))
      // 90,000,000 + 8,000,000 rials is still short of 100,000,000: no upgrade
      .then([earnedIrr('bronze', 1, [lot(1, 2, rials(8_000_000), 80)])]);
    const balance = balanceAsOf(prior, deliveredAt);
    expect(balance.tier).toBe('bronze');
    expect(balance.tierSpend).toEqual([
      { currency: 'EUR', spend: '900', tier: 'bronze' },
      { currency: 'IRR', spend: '90000000', tier: 'bronze' },
    ]);
  });

  it('holds the highest tier reached in any one currency, and earns in another at its rate', () => {
    // 1,000 EUR → silver; an IRR delivery then earns 80 × 1.25 = 100
    given(loyaltyDecider, earlier([100_000, 'EUR']))
      .when(earn('o-1', deliveredAt, [phoneCase], 'IRR'), at(deliveredAt))
      .then([earnedIrr('silver', 1.25, [lot(1, 2, rials(8_000_000), 100)])]);
  });
});

describe('a currency the policy does not price', () => {
  // KWD is not in the default policy: 2 × KWD 1,500.000 = KWD 3,000.000, 3,000,000 fils.
  const dinars = line(1, 2, 1_500_000);
  const unpriced: PointsEarned = {
    type: 'PointsEarned',
    data: {
      customerId,
      orderId: 'o-1',
      currency: 'KWD',
      tier: 'bronze',
      multiplier: 0,
      noPointsReason: 'currency-not-priced',
      lots: [lot(1, 2, 3_000_000, 0)],
      earnedAt: deliveredAt,
    },
  };

  it('earns nothing, says why, and lifts no tier however much is spent', () => {
    given(loyaltyDecider)
      .when(earn('o-1', deliveredAt, [dinars], 'KWD'), at(deliveredAt))
      .then([unpriced]);
    const balance = balanceAsOf([unpriced], windowClosesAt);
    expect(balance).toMatchObject({ tier: 'bronze', pending: 0, available: 0, lifetimeEarned: 0 });
    expect(balance.tierSpend).toEqual([{ currency: 'KWD', spend: '3000', tier: null }]);
    expect(balance.lots).toEqual([
      expect.objectContaining({ lotId: 'order:o-1:1', points: 0, noPointsReason: 'currency-not-priced' }),
    ]);
  });

  it('is refunded like any order: the lot is there, and nothing is reversed', () => {
    const refundedAt = '2026-03-10T10:00:00.000Z';
    given(loyaltyDecider, [unpriced])
      .when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 1 }]), at(refundedAt))
      .then([
        {
          type: 'PointsReversed',
          data: {
            customerId,
            orderId: 'o-1',
            returnId: 'r-1',
            lines: [
              {
                lotId: 'order:o-1:1',
                lineNo: 1,
                qty: 1,
                points: 0,
                spend: 1_500_000,
                shortfall: 0,
                from: 'pending',
              },
            ],
            reversedAt: refundedAt,
          },
        },
      ]);
  });

  it('earns from the instant a policy change prices it, at a decimal rate read exactly', () => {
    // From 1 June: 0.3 dinars a point (about a dollar), silver at 300, gold at 1,500 dinars.
    const pricedFrom = '2026-06-01T00:00:00.000Z';
    const rules: RulesTimeline = [
      { effectiveFrom: '1970-01-01T00:00:00.000Z', rules: defaultRules },
      {
        effectiveFrom: pricedFrom,
        rules: {
          ...defaultRules,
          loyalty: {
            ...defaultRules.loyalty,
            currencies: {
              ...defaultRules.loyalty.currencies,
              KWD: {
                unitsPerPoint: 0.3,
                tiers: [
                  { tier: 'bronze', minSpend: 0, multiplier: 1 },
                  { tier: 'silver', minSpend: 300, multiplier: 1.25 },
                  { tier: 'gold', minSpend: 1_500, multiplier: 1.5 },
                ],
              },
            },
          },
        },
      },
    ];
    // Before the change: nothing, as above.
    given(loyaltyDecider)
      .when(earn('o-1', deliveredAt, [dinars], 'KWD'), at(deliveredAt, rules))
      .then([unpriced]);
    // After it: KWD 12.345 / 0.3 = 41.15 → 41 points (0.3 read as 3/10, the division in BigInt).
    const june = '2026-06-15T10:00:00.000Z';
    const events = loyaltyDecider.decide(
      earn('o-2', june, [line(1, 1, 12_345)], 'KWD'),
      loyaltyDecider.initialState(),
      at(june, rules),
    );
    expect(events).toEqual([
      {
        type: 'PointsEarned',
        data: expect.objectContaining({
          currency: 'KWD',
          tier: 'bronze',
          multiplier: 1,
          unitsPerPoint: 0.3,
          lots: [expect.objectContaining({ spend: 12_345, points: 41 })],
        }),
      },
    ]);
  });
});
