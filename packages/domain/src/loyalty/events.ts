import type { FeedbackSubject } from '../feedback/events';
import type { Event, Instant } from '../shared/event';

export type Tier = 'bronze' | 'silver' | 'gold';

/** Why a delivery earned no points. */
export type NoPointsReason = 'currency-not-priced';

/** One lot per order line: the unit that becomes available, expires and is reversed. */
export type EarnedLot = Readonly<{
  lotId: string;
  lineNo: number;
  qty: number;
  /** Spend of the line in minor units (qty × unit price); counts toward tiers. */
  spend: number;
  points: number;
  /** Pending until the line's return window closes. */
  availableAt: Instant;
  expiresAt: Instant;
}>;

export type PointsEarned = Event<
  'PointsEarned',
  {
    customerId: string;
    orderId: string;
    currency: string;
    /**
     * The tier held just before this delivery, and the rule of this currency that awarded:
     * its multiplier at that tier and its rate. 0 as the multiplier when the currency earns
     * nothing (see `noPointsReason`).
     */
    tier: Tier;
    multiplier: number;
    /** Whole currency units per point (1 for EUR, 100,000 for IRR). Absent in events recorded before rates per currency: 1. */
    unitsPerPoint?: number;
    /**
     * Why the lots earned no points, when they did not: the policy in force at delivery did not
     * price the order's currency. The lots are still recorded (with 0 points), so a refund of
     * them is an ordinary refund that reverses nothing.
     */
    noPointsReason?: NoPointsReason;
    lots: readonly EarnedLot[];
    earnedAt: Instant;
  }
>;
/**
 * What one refund takes back from one lot. `points` is what actually left the balance;
 * the exact reversal due is `points + shortfall` (see `cumulativeReversal`).
 */
export type ReversedLine = Readonly<{
  lotId: string;
  lineNo: number;
  /** Units refunded by this refund. */
  qty: number;
  /** Points removed from the balance. */
  points: number;
  /** Minor units taken off the spend that counts toward tiers (qty × unit price). */
  spend: number;
  /**
   * Points due but no longer in the lot (already redeemed or expired): never taken from
   * elsewhere, so the available balance cannot go negative. Absent means 0.
   */
  shortfall?: number;
  /** The bucket the points left: the lot was still pending, available, or had expired. */
  from?: 'pending' | 'available' | 'expired';
}>;

export type PointsReversed = Event<
  'PointsReversed',
  {
    customerId: string;
    orderId: string;
    returnId: string;
    lines: readonly ReversedLine[];
    reversedAt: Instant;
  }
>;
export type BonusPointsAwarded = Event<
  'BonusPointsAwarded',
  {
    customerId: string;
    lotId: string;
    reason: 'feedback-comment';
    subject: FeedbackSubject;
    points: number;
    awardedAt: Instant;
    expiresAt: Instant;
  }
>;
export type PointsRedeemed = Event<
  'PointsRedeemed',
  {
    customerId: string;
    redemptionId: string;
    points: number;
    /** Soonest-expiring available lots first. */
    allocations: readonly Readonly<{ lotId: string; points: number }>[];
    redeemedAt: Instant;
  }
>;
export type LoyaltyTierChanged = Event<
  'LoyaltyTierChanged',
  { customerId: string; from: Tier; to: Tier; changedAt: Instant }
>;

export type LoyaltyEvent =
  | PointsEarned
  | PointsReversed
  | BonusPointsAwarded
  | PointsRedeemed
  | LoyaltyTierChanged;
