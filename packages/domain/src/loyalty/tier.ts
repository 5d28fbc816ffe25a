import type { Instant } from '../shared/event';
import { type RuleSet, type RulesTimeline, rulesAt } from '../shared/rules';
import { addMonths, toMillis } from '../shared/time';
import { meetsThreshold } from './arithmetic';
import type { Tier } from './events';
import type { LoyaltyState } from './ledger';

/**
 * Tiers come from rolling spend: the spend of deliveries in the `tierWindowMonths` before an
 * instant, net of the refunds recorded by then. Spend from several currencies is added at face
 * value in whole units (the domain holds no exchange rates; a shop sells in one currency).
 *
 * Two readings of "the tier at t", both with the window starting at t − 12 months inclusive:
 * - held just before t (`tierBefore`): deliveries in [t − 12 months, t), refunds before t —
 *   the tier that sets the multiplier of a delivery at t;
 * - as of t (`tierAsOf`): deliveries in [t − 12 months, t], refunds at or before t — events at
 *   t count, as everywhere in "as of".
 */

export const TIER_RANK: Readonly<Record<Tier, number>> = { bronze: 0, silver: 1, gold: 2 };

type LoyaltyRules = RuleSet['loyalty'];
type TierRule = LoyaltyRules['tiers'][number];

/** Spend in 1/10,000 whole units of deliveries in the window ending at `end`. */
export function rollingSpend(
  state: LoyaltyState,
  end: Instant,
  windowMonths: number,
  includeEnd: boolean,
): number {
  const from = toMillis(addMonths(end, -windowMonths));
  const to = toMillis(end);
  const inWindow = (instant: Instant) => {
    const at = toMillis(instant);
    return at >= from && (includeEnd ? at <= to : at < to);
  };
  let spend = 0;
  for (const lot of state.lots.values()) {
    if (lot.source !== 'order' || !inWindow(lot.earnedAt)) continue;
    spend += lot.scaledSpend;
    for (const movement of lot.movements) {
      const at = toMillis(movement.at);
      if (movement.kind === 'reversed' && (includeEnd ? at <= to : at < to)) spend -= movement.scaledSpend;
    }
  }
  return spend;
}

/** The highest tier whose threshold the spend meets; the lowest tier when none does. */
export function tierRuleForSpend(scaledSpend: number, rules: LoyaltyRules): TierRule {
  const [lowest] = rules.tiers;
  if (!lowest) throw new RangeError('the loyalty rules define no tier');
  let reached = lowest;
  for (const rule of rules.tiers) {
    if (meetsThreshold(scaledSpend, rule.minSpend) && TIER_RANK[rule.tier] >= TIER_RANK[reached.tier]) {
      reached = rule;
    }
  }
  return reached;
}

/** The tier (and its multiplier) held just before instant t: what a delivery at t earns with. */
export function tierBefore(state: LoyaltyState, t: Instant, timeline: RulesTimeline): TierRule {
  const { loyalty } = rulesAt(timeline, t);
  return tierRuleForSpend(rollingSpend(state, t, loyalty.tierWindowMonths, false), loyalty);
}

/** The tier held as of instant t, counting everything recorded at t. */
export function tierRuleAsOf(state: LoyaltyState, t: Instant, timeline: RulesTimeline): TierRule {
  const { loyalty } = rulesAt(timeline, t);
  return tierRuleForSpend(rollingSpend(state, t, loyalty.tierWindowMonths, true), loyalty);
}
