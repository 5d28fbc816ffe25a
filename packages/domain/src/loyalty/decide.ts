import type { FeedbackSubject } from '../feedback/events';
import type { LineQuantity, OrderLine } from '../order/events';
import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Instant } from '../shared/event';
import { type DecisionContext, rulesAt } from '../shared/rules';
import { addDays, addMonths, toMillis } from '../shared/time';
import {
  requireCurrency,
  requireDistinctLines,
  requireInstant,
  requireIntegerInRange,
  requireText,
} from '../shared/validation';
import { cumulativeReversal, linePoints } from './arithmetic';
import type { EarnedLot, LoyaltyEvent, PointsEarned, ReversedLine } from './events';
import {
  bonusLotId,
  evolveLoyalty,
  initialLoyaltyState,
  type Lot,
  type LoyaltyState,
  lotPhase,
  lotUnspent,
  orderLotId,
  reversalKey,
  subjectKey,
} from './ledger';
import { earningAt, TIER_RANK, tierBefore, tierHeldAsOf } from './tier';
import { requireOrderLines, requireSubject } from './validate';

/** Every loyalty command names the customer: it must match the ledger it is decided on. */
export type EarnPointsForDelivery = Command<
  'EarnPointsForDelivery',
  { customerId: string; orderId: string; currency: string; deliveredAt: Instant; lines: readonly OrderLine[] }
>;
export type ReversePointsForRefund = Command<
  'ReversePointsForRefund',
  { customerId: string; returnId: string; orderId: string; lines: readonly LineQuantity[] }
>;
export type AwardFeedbackBonus = Command<
  'AwardFeedbackBonus',
  { customerId: string; subject: FeedbackSubject; comment: string }
>;
export type RedeemPoints = Command<
  'RedeemPoints',
  { customerId: string; redemptionId: string; points: number }
>;

export type LoyaltyCommand =
  | EarnPointsForDelivery
  | ReversePointsForRefund
  | AwardFeedbackBonus
  | RedeemPoints;

function requireCustomer(state: LoyaltyState, value: unknown): string {
  const customerId = requireText(value, 'invalid-customer-id', 'customerId', 200);
  if (state.customerId !== undefined && state.customerId !== customerId) {
    throw new ValidationError('customer-mismatch', 'the command names another customer than this ledger', {
      field: 'customerId',
    });
  }
  return customerId;
}

/**
 * Earns with the tier held just before the delivery, under the rules in force at delivery, at
 * the rate of the order's currency. A currency the rules do not price earns 0 points on every
 * lot and says so (`noPointsReason`); its lots are still recorded so refunds find them.
 */
function earnPointsForDelivery(
  { data }: EarnPointsForDelivery,
  state: LoyaltyState,
  { rules }: DecisionContext,
): LoyaltyEvent[] {
  const customerId = requireCustomer(state, data.customerId);
  const orderId = requireText(data.orderId, 'invalid-order-id', 'orderId', 200);
  if (state.earnedOrders.has(orderId)) return [];
  const currency = requireCurrency(data.currency);
  const deliveredAt = requireInstant(data.deliveredAt, 'deliveredAt');
  const lines = requireOrderLines(data.lines);
  const { returns, loyalty } = rulesAt(rules, deliveredAt);
  const tier = tierBefore(state, deliveredAt, rules);
  const earning = earningAt(loyalty, currency, tier);
  const lots: EarnedLot[] = lines.map((line) => {
    const windowDays = Object.hasOwn(returns.windowDaysByCategory, line.category)
      ? (returns.windowDaysByCategory[line.category] ?? returns.windowDays)
      : returns.windowDays;
    return {
      lotId: orderLotId(orderId, line.lineNo),
      lineNo: line.lineNo,
      qty: line.qty,
      spend: line.qty * line.unitPrice,
      points: earning
        ? linePoints(line.qty, line.unitPrice, currency, earning.multiplier, earning.unitsPerPoint)
        : 0,
      availableAt: addDays(deliveredAt, windowDays),
      expiresAt: addMonths(deliveredAt, loyalty.expiryMonths),
    };
  });
  const earned: PointsEarned = {
    type: 'PointsEarned',
    data: {
      customerId,
      orderId,
      currency,
      tier,
      ...(earning
        ? { multiplier: earning.multiplier, unitsPerPoint: earning.unitsPerPoint }
        : { multiplier: 0, noPointsReason: 'currency-not-priced' as const }),
      lots,
      earnedAt: deliveredAt,
    },
  };
  // Compared with the tier as of the delivery instant before this delivery counts (not with
  // `tier`), so a second delivery at the same instant does not announce the same upgrade again.
  const previous = tierHeldAsOf(state, deliveredAt, rules);
  const after = tierHeldAsOf(evolveLoyalty(state, earned), deliveredAt, rules);
  if (TIER_RANK[after] <= TIER_RANK[previous]) return [earned];
  return [
    earned,
    {
      type: 'LoyaltyTierChanged',
      data: { customerId, from: previous, to: after, changedAt: deliveredAt },
    },
  ];
}

/**
 * Reverses floor(points × refunded / qty) cumulatively per line, from the points the lot was
 * awarded (today's rules play no part). What was already redeemed or expired is not clawed
 * back from other lots: the reversal is capped at what the lot still holds, the rest recorded
 * as `shortfall`.
 */
function reversePointsForRefund(
  { data }: ReversePointsForRefund,
  state: LoyaltyState,
  { now }: DecisionContext,
): LoyaltyEvent[] {
  const customerId = requireCustomer(state, data.customerId);
  const returnId = requireText(data.returnId, 'invalid-return-id', 'returnId', 200);
  const orderId = requireText(data.orderId, 'invalid-order-id', 'orderId', 200);
  if (Array.isArray(data.lines) && state.processedReturns.has(reversalKey(returnId, data.lines))) return [];
  if (!state.earnedOrders.has(orderId)) {
    throw new NotFoundError('order-not-earned', 'no points were earned for this order', { orderId });
  }
  if (!Array.isArray(data.lines) || data.lines.length === 0) {
    throw new ValidationError('invalid-lines', 'lines must name at least one refunded line', {
      field: 'lines',
    });
  }
  data.lines.forEach((line, index) => {
    requireIntegerInRange(line?.lineNo, 'invalid-line-no', `lines[${index}].lineNo`, 1);
    requireIntegerInRange(line?.qty, 'invalid-quantity', `lines[${index}].qty`, 1);
  });
  requireDistinctLines(data.lines, 'lines');
  const lines = data.lines.map((line): ReversedLine => {
    const lot = state.lots.get(orderLotId(orderId, line.lineNo));
    if (lot?.source !== 'order') {
      throw new ValidationError('unknown-order-line', `order line ${line.lineNo} earned no points`, {
        field: 'lines',
        lineNo: line.lineNo,
      });
    }
    if (lot.refundedQty + line.qty > lot.qty) {
      throw new IllegalStateError('refund-exceeds-quantity', `line ${line.lineNo} has fewer units left`, {
        lineNo: line.lineNo,
        delivered: lot.qty,
        refunded: lot.refundedQty,
      });
    }
    const phase = lotPhase(lot, now);
    if (phase === 'not-earned') {
      throw new IllegalStateError('refund-before-delivery', 'a refund cannot precede the delivery', {
        lineNo: line.lineNo,
      });
    }
    const due =
      cumulativeReversal(lot.points, lot.refundedQty + line.qty, lot.qty) -
      cumulativeReversal(lot.points, lot.refundedQty, lot.qty);
    const held = phase === 'expired' ? 0 : lotUnspent(lot);
    const points = Math.min(due, held);
    return {
      lotId: lot.lotId,
      lineNo: line.lineNo,
      qty: line.qty,
      points,
      // spendMinor is qty × unit price, so this division is exact
      spend: (lot.spendMinor / lot.qty) * line.qty,
      shortfall: due - points,
      from: phase,
    };
  });
  return [{ type: 'PointsReversed', data: { customerId, orderId, returnId, lines, reversedAt: now } }];
}

function awardFeedbackBonus(
  { data }: AwardFeedbackBonus,
  state: LoyaltyState,
  { now, rules }: DecisionContext,
): LoyaltyEvent[] {
  const customerId = requireCustomer(state, data.customerId);
  const subject = requireSubject(data.subject);
  if (typeof data.comment !== 'string' || data.comment.trim() === '') {
    throw new ValidationError('comment-required', 'only feedback with a comment earns the bonus', {
      field: 'comment',
    });
  }
  if (state.bonusSubjects.has(subjectKey(subject))) return [];
  const { loyalty } = rulesAt(rules, now);
  return [
    {
      type: 'BonusPointsAwarded',
      data: {
        customerId,
        lotId: bonusLotId(subject),
        reason: 'feedback-comment',
        subject,
        points: loyalty.feedbackCommentBonus,
        awardedAt: now,
        expiresAt: addMonths(now, loyalty.expiryMonths),
      },
    },
  ];
}

/** Soonest expiry first; ties by earning time, then lot id, so the choice is deterministic. */
const bySoonestExpiry = (a: Lot, b: Lot) =>
  toMillis(a.expiresAt) - toMillis(b.expiresAt) ||
  toMillis(a.earnedAt) - toMillis(b.earnedAt) ||
  (a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0);

function redeemPoints({ data }: RedeemPoints, state: LoyaltyState, { now }: DecisionContext): LoyaltyEvent[] {
  const customerId = requireCustomer(state, data.customerId);
  const redemptionId = requireText(data.redemptionId, 'invalid-redemption-id', 'redemptionId', 200);
  const points = requireIntegerInRange(data.points, 'invalid-points', 'points', 1);
  const earlier = state.redemptions.get(redemptionId);
  if (earlier === points) return [];
  if (earlier !== undefined) {
    throw new IllegalStateError('redemption-id-reused', 'this redemption id was used for another amount', {
      redemptionId,
    });
  }
  const spendable = [...state.lots.values()]
    .filter((lot) => lotPhase(lot, now) === 'available' && lotUnspent(lot) > 0)
    .sort(bySoonestExpiry);
  const available = spendable.reduce((sum, lot) => sum + lotUnspent(lot), 0);
  if (available < points) {
    throw new IllegalStateError('insufficient-points', 'not enough available points', {
      requested: points,
      available,
    });
  }
  const allocations: { lotId: string; points: number }[] = [];
  let missing = points;
  for (const lot of spendable) {
    if (missing === 0) break;
    const taken = Math.min(missing, lotUnspent(lot));
    allocations.push({ lotId: lot.lotId, points: taken });
    missing -= taken;
  }
  return [
    { type: 'PointsRedeemed', data: { customerId, redemptionId, points, allocations, redeemedAt: now } },
  ];
}

function decide(command: LoyaltyCommand, state: LoyaltyState, context: DecisionContext): LoyaltyEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'EarnPointsForDelivery':
      return earnPointsForDelivery(command, state, context);
    case 'ReversePointsForRefund':
      return reversePointsForRefund(command, state, context);
    case 'AwardFeedbackBonus':
      return awardFeedbackBonus(command, state, context);
    case 'RedeemPoints':
      return redeemPoints(command, state, context);
    default: {
      const _exhaustive: never = command;
      return unknownCommand(_exhaustive);
    }
  }
}

export const loyaltyDecider: Decider<LoyaltyCommand, LoyaltyEvent, LoyaltyState, DecisionContext> = {
  initialState: initialLoyaltyState,
  evolve: evolveLoyalty,
  decide,
};
