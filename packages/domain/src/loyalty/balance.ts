import type { Instant } from '../shared/event';
import { defaultRulesTimeline, type RulesTimeline } from '../shared/rules';
import { toMillis } from '../shared/time';
import type { LoyaltyEvent, Tier } from './events';
import {
  evolveLoyalty,
  initialLoyaltyState,
  type LotPhase,
  type LoyaltyState,
  lotMovedBy,
  lotPhase,
} from './ledger';
import { tierRuleAsOf } from './tier';

/**
 * Balances as of an instant t: every event whose business time is ≤ t counts, nothing later.
 * For every t: lifetimeEarned = pending + available + redeemed + expired + reversed.
 */

export type LotBalance = Readonly<{
  lotId: string;
  source: 'order' | 'bonus';
  phase: Exclude<LotPhase, 'not-earned'>;
  points: number;
  /** What the lot still holds, counted under `phase` (pending, available or expired). */
  remaining: number;
  reversed: number;
  redeemed: number;
  earnedAt: Instant;
  availableAt: Instant;
  expiresAt: Instant;
}>;

export type LoyaltyBalance = Readonly<{
  asOf: Instant;
  pending: number;
  available: number;
  redeemed: number;
  expired: number;
  reversed: number;
  lifetimeEarned: number;
  tier: Tier;
  /** The soonest instant after t at which points still held (pending or available) expire. */
  nextExpiry: Readonly<{ at: Instant; points: number }> | null;
  /** Lots earned by t, in the order they were recorded. */
  lots: readonly LotBalance[];
}>;

export type LedgerSource = LoyaltyState | readonly LoyaltyEvent[];

function toState(source: LedgerSource): LoyaltyState {
  return Array.isArray(source)
    ? (source as readonly LoyaltyEvent[]).reduce(evolveLoyalty, initialLoyaltyState())
    : (source as LoyaltyState);
}

export function lotBalancesAsOf(state: LoyaltyState, t: Instant): LotBalance[] {
  const balances: LotBalance[] = [];
  for (const lot of state.lots.values()) {
    const phase = lotPhase(lot, t);
    if (phase === 'not-earned') continue;
    const { reversed, redeemed } = lotMovedBy(lot, t);
    balances.push({
      lotId: lot.lotId,
      source: lot.source,
      phase,
      points: lot.points,
      remaining: lot.points - reversed - redeemed,
      reversed,
      redeemed,
      earnedAt: lot.earnedAt,
      availableAt: lot.availableAt,
      expiresAt: lot.expiresAt,
    });
  }
  return balances;
}

function nextExpiryOf(lots: readonly LotBalance[]): LoyaltyBalance['nextExpiry'] {
  let next: { at: Instant; points: number } | null = null;
  for (const lot of lots) {
    if (lot.phase === 'expired' || lot.remaining <= 0) continue;
    const at = toMillis(lot.expiresAt);
    if (next === null || at < toMillis(next.at)) next = { at: lot.expiresAt, points: lot.remaining };
    else if (at === toMillis(next.at)) next = { at: next.at, points: next.points + lot.remaining };
  }
  return next;
}

/** The balance as of instant t, from a folded ledger or from its events. */
export function balanceAsOf(
  source: LedgerSource,
  t: Instant,
  rules: RulesTimeline = defaultRulesTimeline,
): LoyaltyBalance {
  const state = toState(source);
  const lots = lotBalancesAsOf(state, t);
  const total = { pending: 0, available: 0, expired: 0, redeemed: 0, reversed: 0, lifetimeEarned: 0 };
  for (const lot of lots) {
    total[lot.phase] += lot.remaining;
    total.redeemed += lot.redeemed;
    total.reversed += lot.reversed;
    total.lifetimeEarned += lot.points;
  }
  return {
    asOf: t,
    ...total,
    tier: tierRuleAsOf(state, t, rules).tier,
    nextExpiry: nextExpiryOf(lots),
    lots,
  };
}

/** The tier held as of instant t (deliveries in [t − 12 months, t], net of refunds by t). */
export function tierAsOf(
  source: LedgerSource,
  t: Instant,
  rules: RulesTimeline = defaultRulesTimeline,
): Tier {
  return tierRuleAsOf(toState(source), t, rules).tier;
}
