import type { Instant } from '../shared/event';
import { defaultRulesTimeline, type RulesTimeline, rulesAt } from '../shared/rules';
import { toMillis } from '../shared/time';
import { SPEND_SCALE_DIGITS } from './arithmetic';
import type { LoyaltyEvent, NoPointsReason, Tier } from './events';
import {
  evolveLoyalty,
  initialLoyaltyState,
  type LotPhase,
  type LoyaltyState,
  lotMovedBy,
  lotPhase,
} from './ledger';
import { currencyEarning, rollingSpend, tierForSpend, tierHeldAsOf, tierRuleForSpend } from './tier';

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
  /** Order lots: the order's currency, and why the lot earned nothing when it did not. */
  currency?: string;
  noPointsReason?: NoPointsReason;
}>;

/** The spend of one currency in the tier window, net of refunds, and the tier it reaches. */
export type CurrencySpend = Readonly<{
  currency: string;
  /** Whole units of the currency as an exact decimal string ('1234.5'). */
  spend: string;
  /** The tier this spend reaches under the currency's thresholds; null when it is not priced. */
  tier: Tier | null;
}>;

export type LoyaltyBalance = Readonly<{
  asOf: Instant;
  pending: number;
  available: number;
  redeemed: number;
  expired: number;
  reversed: number;
  lifetimeEarned: number;
  /** The highest tier reached by the spend of any one currency (`tierSpend`). */
  tier: Tier;
  /** Per currency, in code order: spend in different currencies is never added. */
  tierSpend: readonly CurrencySpend[];
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
      ...(lot.source === 'order' ? { currency: lot.currency } : {}),
      ...(lot.source === 'order' && lot.noPointsReason ? { noPointsReason: lot.noPointsReason } : {}),
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
  const { loyalty } = rulesAt(rules, t);
  const spend = rollingSpend(state, t, loyalty.tierWindowMonths, true);
  return {
    asOf: t,
    ...total,
    tier: tierForSpend(spend, loyalty),
    tierSpend: [...spend.keys()].sort().map((currency) => {
      const scaled = spend.get(currency) ?? 0;
      const earning = currencyEarning(loyalty, currency);
      return {
        currency,
        spend: scaledToDecimal(scaled),
        tier: earning ? (tierRuleForSpend(scaled, earning.tiers)?.tier ?? null) : null,
      };
    }),
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
  return tierHeldAsOf(toState(source), t, rules);
}

/** Spend in 1/10,000 whole units as an exact decimal without trailing zeros: 12345000 → '1234.5'. */
function scaledToDecimal(scaled: number): string {
  const sign = scaled < 0 ? '-' : '';
  const digits = String(Math.abs(scaled)).padStart(SPEND_SCALE_DIGITS + 1, '0');
  const whole = digits.slice(0, -SPEND_SCALE_DIGITS);
  const fraction = digits.slice(-SPEND_SCALE_DIGITS).replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
