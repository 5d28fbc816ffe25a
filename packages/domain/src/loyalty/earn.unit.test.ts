import { describe, it } from 'vitest';
import { ValidationError } from '../shared/errors';
import { defaultRules, type RulesTimeline } from '../shared/rules';
import { given } from '../shared/testing';
import { loyaltyDecider } from './decide';
import type { EarnedLot, LoyaltyEvent, PointsEarned, Tier } from './events';
import { at, customerId, earn, history, line, refund } from './test-fixtures';

// One delivery, 1 March 2026 10:00 UTC: the return window (30 days) closes on 31 March 10:00,
// the points expire on 1 March 2027 10:00.
const deliveredAt = '2026-03-01T10:00:00.000Z';
const windowClosesAt = '2026-03-31T10:00:00.000Z';
const expiresAt = '2027-03-01T10:00:00.000Z';

const lot = (lineNo: number, qty: number, spend: number, points: number, availableAt = windowClosesAt) =>
  ({ lotId: `order:o-1:${lineNo}`, lineNo, qty, spend, points, availableAt, expiresAt }) satisfies EarnedLot;

const earned = (
  tier: Tier,
  multiplier: number,
  lots: EarnedLot[],
  currency = 'EUR',
  unitsPerPoint = 1,
): PointsEarned => ({
  type: 'PointsEarned',
  data: {
    customerId,
    orderId: 'o-1',
    currency,
    tier,
    multiplier,
    unitsPerPoint,
    lots,
    earnedAt: deliveredAt,
  },
});

const upgrade = (from: Tier, to: Tier): LoyaltyEvent => ({
  type: 'LoyaltyTierChanged',
  data: { customerId, from, to, changedAt: deliveredAt },
});

/** An earlier delivery of `amount` minor units (one unit), at `when`. */
const earlierDelivery = (amount: number, when = '2026-01-15T12:00:00.000Z') =>
  history([[earn('o-prev', when, [line(1, 1, amount)]), when]]);

// 3 × 5.60 = 16.80 whole units: the line used to compare tiers. At silver, 16.80 × 1.25 is
// exactly 21, which naive floating point computes as 20.99999… and floors to 20.
const probeLine = line(1, 3, 560);

describe('EarnPointsForDelivery', () => {
  it('earns floor(qty × whole-unit price × 1.0) per line at bronze, pending until the window closes', () => {
    // 3 × 19.99 = 59.97 → 59; 1 × 100.00 = 100
    given(loyaltyDecider)
      .when(earn('o-1', deliveredAt, [line(1, 3, 1999), line(2, 1, 10_000)]), at(deliveredAt))
      .then([earned('bronze', 1, [lot(1, 3, 5997, 59), lot(2, 1, 10_000, 100)])]);
  });

  it('stays bronze when the 12 months before add up to 999.99 (and this delivery lifts it to silver)', () => {
    given(loyaltyDecider, earlierDelivery(99_999))
      .when(earn('o-1', deliveredAt, [probeLine]), at(deliveredAt))
      .then([earned('bronze', 1, [lot(1, 3, 1680, 16)]), upgrade('bronze', 'silver')]);
  });

  it('earns at silver (× 1.25, exactly) from 1,000.00 spent in the 12 months before', () => {
    given(loyaltyDecider, earlierDelivery(100_000))
      .when(earn('o-1', deliveredAt, [probeLine]), at(deliveredAt))
      .then([earned('silver', 1.25, [lot(1, 3, 1680, 21)])]);
  });

  it('stays silver at 4,999.99 and earns at gold (× 1.5) from 5,000.00', () => {
    // 3 × 19.99 = 59.97: × 1.25 = 74.9625 → 74; × 1.5 = 89.955 → 89
    given(loyaltyDecider, earlierDelivery(499_999))
      .when(earn('o-1', deliveredAt, [line(1, 3, 1999)]), at(deliveredAt))
      .then([earned('silver', 1.25, [lot(1, 3, 5997, 74)]), upgrade('silver', 'gold')]);
    given(loyaltyDecider, earlierDelivery(500_000))
      .when(earn('o-1', deliveredAt, [line(1, 3, 1999)]), at(deliveredAt))
      .then([earned('gold', 1.5, [lot(1, 3, 5997, 89)])]);
  });

  it('counts a delivery exactly 12 months before, not one a millisecond earlier', () => {
    given(loyaltyDecider, earlierDelivery(100_000, '2025-03-01T10:00:00.000Z'))
      .when(earn('o-1', deliveredAt, [probeLine]), at(deliveredAt))
      .then([earned('silver', 1.25, [lot(1, 3, 1680, 21)])]);
    given(loyaltyDecider, earlierDelivery(100_000, '2025-03-01T09:59:59.999Z'))
      .when(earn('o-1', deliveredAt, [probeLine]), at(deliveredAt))
      .then([earned('bronze', 1, [lot(1, 3, 1680, 16)])]);
  });

  it('does not count a delivery at the same instant toward the tier it earns with, nor re-announce it', () => {
    // the earlier delivery already recorded the upgrade to silver at this instant
    given(loyaltyDecider, earlierDelivery(100_000, deliveredAt))
      .when(earn('o-1', deliveredAt, [probeLine]), at(deliveredAt))
      .then([earned('bronze', 1, [lot(1, 3, 1680, 16)])]);
  });

  it('counts spend net of refunds recorded before the delivery', () => {
    // 2 × 600.00 = 1,200.00 (silver); one unit refunded on 1 February leaves 600.00 (bronze)
    const prior = history([
      [earn('o-prev', '2026-01-15T12:00:00.000Z', [line(1, 2, 60_000)]), '2026-01-15T12:00:00.000Z'],
      [refund('r-1', 'o-prev', [{ lineNo: 1, qty: 1 }]), '2026-02-01T09:00:00.000Z'],
    ]);
    given(loyaltyDecider, prior)
      .when(earn('o-1', deliveredAt, [probeLine]), at(deliveredAt))
      .then([earned('bronze', 1, [lot(1, 3, 1680, 16)])]);
  });

  it('ignores a refund recorded after the delivery (a history import decided out of order)', () => {
    const prior = history([
      [earn('o-prev', '2026-01-15T12:00:00.000Z', [line(1, 2, 60_000)]), '2026-01-15T12:00:00.000Z'],
      [refund('r-1', 'o-prev', [{ lineNo: 1, qty: 1 }]), '2026-03-02T09:00:00.000Z'],
    ]);
    given(loyaltyDecider, prior)
      .when(earn('o-1', deliveredAt, [probeLine]), at(deliveredAt))
      .then([earned('silver', 1.25, [lot(1, 3, 1680, 21)])]);
  });

  it('records a tier change when the delivery itself lifts the rolling spend over a threshold', () => {
    // 900.00 before + 100.00 now = 1,000.00: earned at bronze, silver from this delivery on
    given(loyaltyDecider, earlierDelivery(90_000))
      .when(earn('o-1', deliveredAt, [line(1, 1, 10_000)]), at(deliveredAt))
      .then([earned('bronze', 1, [lot(1, 1, 10_000, 100)]), upgrade('bronze', 'silver')]);
  });

  it('uses the currency’s minor units: yen have none, dinars three', () => {
    // A policy that prices yen and dinars at a point per whole unit, thresholds 1,000 / 5,000.
    const perUnit = defaultRules.loyalty.currencies.EUR;
    if (!perUnit) throw new Error('the default rules price EUR');
    const rules: RulesTimeline = [
      {
        effectiveFrom: '2020-01-01T00:00:00.000Z',
        rules: {
          ...defaultRules,
          loyalty: { ...defaultRules.loyalty, currencies: { JPY: perUnit, KWD: perUnit } },
        },
      },
    ];
    // ¥1,500 × 2 = ¥3,000 → 3000 points, and 3,000 whole units of spend reach silver;
    // KWD 12.345 → 12
    given(loyaltyDecider)
      .when(earn('o-1', deliveredAt, [line(1, 2, 1500)], 'JPY'), at(deliveredAt, rules))
      .then([earned('bronze', 1, [lot(1, 2, 3000, 3000)], 'JPY'), upgrade('bronze', 'silver')]);
    given(loyaltyDecider)
      .when(earn('o-1', deliveredAt, [line(1, 1, 12_345)], 'KWD'), at(deliveredAt, rules))
      .then([earned('bronze', 1, [lot(1, 1, 12_345, 12)], 'KWD')]);
  });

  it('keeps points pending for the return window of the line’s category', () => {
    const rules: RulesTimeline = [
      {
        effectiveFrom: '2020-01-01T00:00:00.000Z',
        rules: { ...defaultRules, returns: { windowDays: 30, windowDaysByCategory: { electronics: 14 } } },
      },
    ];
    given(loyaltyDecider)
      .when(
        earn('o-1', deliveredAt, [line(1, 1, 5000, 'electronics'), line(2, 1, 5000)]),
        at(deliveredAt, rules),
      )
      .then([
        earned('bronze', 1, [
          lot(1, 1, 5000, 50, '2026-03-15T10:00:00.000Z'),
          lot(2, 1, 5000, 50, windowClosesAt),
        ]),
      ]);
  });

  it('earns once per order: a repeated delivery records nothing', () => {
    const first = history([[earn('o-1', deliveredAt, [line(1, 1, 5000)]), deliveredAt]]);
    given(loyaltyDecider, first)
      .when(earn('o-1', deliveredAt, [line(1, 1, 5000)]), at(deliveredAt))
      .thenNothing();
    given(loyaltyDecider, first)
      .when(earn('o-1', '2026-03-05T10:00:00.000Z', [line(1, 9, 9000)]), at(deliveredAt))
      .thenNothing();
  });

  it('rejects malformed deliveries', () => {
    const when = (command: ReturnType<typeof earn>) => given(loyaltyDecider).when(command, at(deliveredAt));
    when(earn('o-1', deliveredAt, [])).thenThrows(ValidationError, 'invalid-lines');
    when(earn('o-1', deliveredAt, [line(1, 0, 100)])).thenThrows(ValidationError, 'invalid-quantity');
    when(earn('o-1', deliveredAt, [line(1, 1, -1)])).thenThrows(ValidationError, 'invalid-amount');
    when(earn('o-1', deliveredAt, [line(1, 1, 1.5)])).thenThrows(ValidationError, 'invalid-amount');
    when(earn('o-1', deliveredAt, [line(1, 1, 100), line(1, 2, 100)])).thenThrows(
      ValidationError,
      'duplicate-line',
    );
    when(earn('o-1', deliveredAt, [line(1, 1, 100)], 'euro')).thenThrows(ValidationError, 'invalid-currency');
    when(earn('o-1', 'yesterday', [line(1, 1, 100)])).thenThrows(ValidationError, 'invalid-instant');
  });

  it('rejects a delivery for another customer than the ledger’s', () => {
    const other = earn('o-2', deliveredAt, [line(1, 1, 100)]);
    given(loyaltyDecider, earlierDelivery(100))
      .when({ ...other, data: { ...other.data, customerId: 'cus-8' } }, at(deliveredAt))
      .thenThrows(ValidationError, 'customer-mismatch');
  });
});
