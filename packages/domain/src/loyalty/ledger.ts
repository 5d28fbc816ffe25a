import type { FeedbackSubject } from '../feedback/events';
import type { Instant } from '../shared/event';
import { toMillis } from '../shared/time';
import { toScaledSpend } from './arithmetic';
import type { LoyaltyEvent, NoPointsReason, Tier } from './events';

/**
 * The loyalty ledger of one customer (stream `loyalty-{customerId}`). Points live in lots; every
 * lot keeps its dates and every movement with its business time, so any balance and tier can be
 * computed as of any past instant from this state alone.
 */

export type LotMovement =
  | Readonly<{
      kind: 'reversed';
      at: Instant;
      returnId: string;
      /** Points that left the lot. */
      points: number;
      /** Points due that the lot no longer held. */
      shortfall: number;
      /** Units refunded and the spend (1/10,000 whole units) they take off the tier spend. */
      qty: number;
      scaledSpend: number;
    }>
  | Readonly<{ kind: 'redeemed'; at: Instant; redemptionId: string; points: number }>;

type LotDates = Readonly<{
  lotId: string;
  points: number;
  earnedAt: Instant;
  /** Pending before this instant, available from it on. */
  availableAt: Instant;
  /** Expired from this instant on. */
  expiresAt: Instant;
  movements: readonly LotMovement[];
}>;

/** Points for one delivered order line. */
export type OrderLot = LotDates &
  Readonly<{
    source: 'order';
    orderId: string;
    lineNo: number;
    qty: number;
    currency: string;
    /** qty × unit price, in minor units and in 1/10,000 whole units (what tiers count). */
    spendMinor: number;
    scaledSpend: number;
    refundedQty: number;
    /** Set when the lot earned nothing, and why. */
    noPointsReason?: NoPointsReason;
  }>;

/** Bonus points for a feedback comment: available at once. */
export type BonusLot = LotDates & Readonly<{ source: 'bonus'; subject: FeedbackSubject }>;

export type Lot = OrderLot | BonusLot;

export type LoyaltyState = Readonly<{
  customerId: string | undefined;
  /** In the order the lots were recorded. */
  lots: ReadonlyMap<string, Lot>;
  earnedOrders: ReadonlySet<string>;
  /** Reversals done, by `reversalKey`. */
  processedReturns: ReadonlySet<string>;
  bonusSubjects: ReadonlySet<string>;
  /** redemptionId → points asked for, to answer a repeat with nothing. */
  redemptions: ReadonlyMap<string, number>;
  tierChanges: readonly Readonly<{ at: Instant; from: Tier; to: Tier }>[];
}>;

/**
 * What a reversal is unique by: the return and its lines. A return settles each line once
 * (refund one, exchange another: two reversals), so a repeat of either finds its key.
 */
export const reversalKey = (returnId: string, lines: readonly Readonly<{ lineNo: number }>[]): string =>
  `${returnId}|${lines
    .map((line) => line.lineNo)
    .sort((a, b) => a - b)
    .join(',')}`;

export function initialLoyaltyState(): LoyaltyState {
  return {
    customerId: undefined,
    lots: new Map(),
    earnedOrders: new Set(),
    processedReturns: new Set(),
    bonusSubjects: new Set(),
    redemptions: new Map(),
    tierChanges: [],
  };
}

export const subjectKey = (subject: FeedbackSubject): string => `${subject.type}:${subject.id}`;
export const orderLotId = (orderId: string, lineNo: number): string => `order:${orderId}:${lineNo}`;
export const bonusLotId = (subject: FeedbackSubject): string => `bonus:${subjectKey(subject)}`;

const withLots = (lots: ReadonlyMap<string, Lot>, changed: readonly Lot[]): ReadonlyMap<string, Lot> => {
  const next = new Map(lots);
  for (const lot of changed) next.set(lot.lotId, lot);
  return next;
};

/** Applies a movement to the lot it names; a movement for an unknown lot changes nothing. */
function moveLots(
  lots: ReadonlyMap<string, Lot>,
  moves: readonly Readonly<{ lotId: string; move: (lot: Lot) => Lot }>[],
): ReadonlyMap<string, Lot> {
  const changed: Lot[] = [];
  for (const { lotId, move } of moves) {
    const lot = changed.find((candidate) => candidate.lotId === lotId) ?? lots.get(lotId);
    if (lot) changed.push(move(lot));
  }
  return withLots(lots, changed);
}

export function evolveLoyalty(state: LoyaltyState, event: LoyaltyEvent): LoyaltyState {
  switch (event.type) {
    case 'PointsEarned': {
      const { data } = event;
      const lots: OrderLot[] = data.lots.map((lot) => ({
        source: 'order',
        lotId: lot.lotId,
        orderId: data.orderId,
        lineNo: lot.lineNo,
        qty: lot.qty,
        currency: data.currency,
        spendMinor: lot.spend,
        scaledSpend: toScaledSpend(lot.spend, data.currency),
        points: lot.points,
        earnedAt: data.earnedAt,
        availableAt: lot.availableAt,
        expiresAt: lot.expiresAt,
        refundedQty: 0,
        movements: [],
        ...(data.noPointsReason ? { noPointsReason: data.noPointsReason } : {}),
      }));
      return {
        ...state,
        customerId: data.customerId,
        lots: withLots(state.lots, lots),
        earnedOrders: new Set(state.earnedOrders).add(data.orderId),
      };
    }
    case 'PointsReversed': {
      const { data } = event;
      const lots = moveLots(
        state.lots,
        data.lines.map((line) => ({
          lotId: line.lotId,
          move: (lot: Lot): Lot => {
            const movement: LotMovement = {
              kind: 'reversed',
              at: data.reversedAt,
              returnId: data.returnId,
              points: line.points,
              shortfall: line.shortfall ?? 0,
              qty: line.qty,
              scaledSpend: lot.source === 'order' ? toScaledSpend(line.spend, lot.currency) : 0,
            };
            const movements = [...lot.movements, movement];
            return lot.source === 'order'
              ? { ...lot, refundedQty: lot.refundedQty + line.qty, movements }
              : { ...lot, movements };
          },
        })),
      );
      return {
        ...state,
        customerId: data.customerId,
        lots,
        processedReturns: new Set(state.processedReturns).add(reversalKey(data.returnId, data.lines)),
      };
    }
    case 'BonusPointsAwarded': {
      const { data } = event;
      const lot: BonusLot = {
        source: 'bonus',
        lotId: data.lotId,
        subject: data.subject,
        points: data.points,
        earnedAt: data.awardedAt,
        availableAt: data.awardedAt,
        expiresAt: data.expiresAt,
        movements: [],
      };
      return {
        ...state,
        customerId: data.customerId,
        lots: withLots(state.lots, [lot]),
        bonusSubjects: new Set(state.bonusSubjects).add(subjectKey(data.subject)),
      };
    }
    case 'PointsRedeemed': {
      const { data } = event;
      const lots = moveLots(
        state.lots,
        data.allocations.map((allocation) => ({
          lotId: allocation.lotId,
          move: (lot: Lot): Lot => ({
            ...lot,
            movements: [
              ...lot.movements,
              {
                kind: 'redeemed',
                at: data.redeemedAt,
                redemptionId: data.redemptionId,
                points: allocation.points,
              },
            ],
          }),
        })),
      );
      return {
        ...state,
        customerId: data.customerId,
        lots,
        redemptions: new Map(state.redemptions).set(data.redemptionId, data.points),
      };
    }
    case 'LoyaltyTierChanged': {
      const { data } = event;
      return {
        ...state,
        customerId: data.customerId,
        tierChanges: [...state.tierChanges, { at: data.changedAt, from: data.from, to: data.to }],
      };
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** The business time of a loyalty event: it counts in a balance as of t when this is ≤ t. */
export function loyaltyEventTime(event: LoyaltyEvent): Instant {
  switch (event.type) {
    case 'PointsEarned':
      return event.data.earnedAt;
    case 'PointsReversed':
      return event.data.reversedAt;
    case 'BonusPointsAwarded':
      return event.data.awardedAt;
    case 'PointsRedeemed':
      return event.data.redeemedAt;
    case 'LoyaltyTierChanged':
      return event.data.changedAt;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export type LotPhase = 'not-earned' | 'pending' | 'available' | 'expired';

/** Where a lot stands at instant t (expiry wins over a return window that outlasts it). */
export function lotPhase(lot: Lot, t: Instant): LotPhase {
  const at = toMillis(t);
  if (at < toMillis(lot.earnedAt)) return 'not-earned';
  if (at >= toMillis(lot.expiresAt)) return 'expired';
  return at < toMillis(lot.availableAt) ? 'pending' : 'available';
}

/** Points reversed and redeemed from the lot by movements at or before t. */
export function lotMovedBy(lot: Lot, t: Instant): Readonly<{ reversed: number; redeemed: number }> {
  const at = toMillis(t);
  let reversed = 0;
  let redeemed = 0;
  for (const movement of lot.movements) {
    if (toMillis(movement.at) > at) continue;
    if (movement.kind === 'reversed') reversed += movement.points;
    else redeemed += movement.points;
  }
  return { reversed, redeemed };
}

/**
 * Points still in the lot after every recorded movement, whatever its time. Decisions spend
 * only this, so a decision back-dated before a later movement can never overdraw the lot.
 */
export function lotUnspent(lot: Lot): number {
  return lot.movements.reduce((left, movement) => left - movement.points, lot.points);
}
