import type { Instant } from '../shared/event';
import {
  type CurrencyEarning,
  type RuleSet,
  type RulesTimeline,
  rulesAt,
  type TierRule,
} from '../shared/rules';
import { addMonths, toMillis } from '../shared/time';
import { meetsThreshold } from './arithmetic';
import type { Tier } from './events';
import type { LoyaltyState } from './ledger';

/**
 * Tiers come from rolling spend: the spend of deliveries in the `tierWindowMonths` before an
 * instant, net of the refunds recorded by then, **per currency**. Each currency's spend is held
 * against that currency's thresholds (the policy prices each currency on its own), and the
 * customer holds the highest tier reached in any of them. Spend in two currencies is never
 * added: the domain holds no exchange rates, and a rate in the policy would be stale the day
 * after it was written while deciding tiers for a year. A currency the policy does not price
 * counts toward no tier.
 *
 * Two readings of "the tier at t", both with the window starting at t − 12 months inclusive:
 * - held just before t (`tierBefore`): deliveries in [t − 12 months, t), refunds before t —
 *   the tier that sets the multiplier of a delivery at t;
 * - as of t (`tierAsOf`): deliveries in [t − 12 months, t], refunds at or before t — events at
 *   t count, as everywhere in "as of".
 */

export const TIER_RANK: Readonly<Record<Tier, number>> = { bronze: 0, silver: 1, gold: 2 };

type LoyaltyRules = RuleSet['loyalty'];

/** The policy's earn rule for `currency`, or undefined when the policy does not price it. */
export function currencyEarning(rules: LoyaltyRules, currency: string): CurrencyEarning | undefined {
  return Object.hasOwn(rules.currencies, currency) ? rules.currencies[currency] : undefined;
}

/** Spend in 1/10,000 whole units, per currency, of deliveries in the window ending at `end`. */
export function rollingSpend(
  state: LoyaltyState,
  end: Instant,
  windowMonths: number,
  includeEnd: boolean,
): ReadonlyMap<string, number> {
  const from = toMillis(addMonths(end, -windowMonths));
  const to = toMillis(end);
  const inWindow = (instant: Instant) => {
    const at = toMillis(instant);
    return at >= from && (includeEnd ? at <= to : at < to);
  };
  const spend = new Map<string, number>();
  for (const lot of state.lots.values()) {
    if (lot.source !== 'order' || !inWindow(lot.earnedAt)) continue;
    let net = lot.scaledSpend;
    for (const movement of lot.movements) {
      const at = toMillis(movement.at);
      if (movement.kind === 'reversed' && (includeEnd ? at <= to : at < to)) net -= movement.scaledSpend;
    }
    spend.set(lot.currency, (spend.get(lot.currency) ?? 0) + net);
  }
  return spend;
}

/** The highest tier whose threshold the spend meets in one currency; the lowest when none does. */
export function tierRuleForSpend(scaledSpend: number, tiers: readonly TierRule[]): TierRule | undefined {
  let reached: TierRule | undefined;
  for (const rule of tiers) {
    if (!meetsThreshold(scaledSpend, rule.minSpend)) continue;
    if (!reached || TIER_RANK[rule.tier] >= TIER_RANK[reached.tier]) reached = rule;
  }
  return reached;
}

/** The highest tier reached by the spend of any priced currency; bronze when none reaches one. */
export function tierForSpend(spend: ReadonlyMap<string, number>, rules: LoyaltyRules): Tier {
  let held: Tier = 'bronze';
  for (const [currency, scaledSpend] of spend) {
    const earning = currencyEarning(rules, currency);
    const reached = earning && tierRuleForSpend(scaledSpend, earning.tiers);
    if (reached && TIER_RANK[reached.tier] > TIER_RANK[held]) held = reached.tier;
  }
  return held;
}

/**
 * What a delivery in a currency earns at tier `tier`: that currency's rule for the tier, or for
 * the highest tier below it that the currency defines (a tier reached in another currency may be
 * one this currency's rule leaves out). Undefined when the currency is not priced.
 */
export function earningAt(
  rules: LoyaltyRules,
  currency: string,
  tier: Tier,
): Readonly<{ unitsPerPoint: number; multiplier: number }> | undefined {
  const earning = currencyEarning(rules, currency);
  if (!earning) return undefined;
  let rule: TierRule | undefined;
  for (const candidate of earning.tiers) {
    if (TIER_RANK[candidate.tier] > TIER_RANK[tier]) continue;
    if (!rule || TIER_RANK[candidate.tier] > TIER_RANK[rule.tier]) rule = candidate;
  }
  return rule ? { unitsPerPoint: earning.unitsPerPoint, multiplier: rule.multiplier } : undefined;
}

/** The tier held just before instant t: what a delivery at t earns with. */
export function tierBefore(state: LoyaltyState, t: Instant, timeline: RulesTimeline): Tier {
  const { loyalty } = rulesAt(timeline, t);
  return tierForSpend(rollingSpend(state, t, loyalty.tierWindowMonths, false), loyalty);
}

/** The tier held as of instant t, counting everything recorded at t. */
export function tierHeldAsOf(state: LoyaltyState, t: Instant, timeline: RulesTimeline): Tier {
  const { loyalty } = rulesAt(timeline, t);
  return tierForSpend(rollingSpend(state, t, loyalty.tierWindowMonths, true), loyalty);
}
