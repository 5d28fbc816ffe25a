import type { Instant } from '../shared/event';
import type { RuleSet } from '../shared/rules';
import { addDays } from '../shared/time';

/** Days a category may be returned after delivery: its override, else the general window. */
export function returnWindowDays(rules: RuleSet, category: string): number {
  return rules.returns.windowDaysByCategory[category] ?? rules.returns.windowDays;
}

/**
 * The first instant at which a return can no longer be requested: a request must come strictly
 * before delivery + window days (exactly at this instant is too late).
 */
export function returnWindowClosesAt(deliveredAt: Instant, category: string, rules: RuleSet): Instant {
  return addDays(deliveredAt, returnWindowDays(rules, category));
}
