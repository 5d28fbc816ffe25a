import { defaultSlaPolicy, type SlaPolicy } from '../case/sla-policy';
import type { Tier } from '../loyalty/events';
import type { ShopCalendar } from './business-time';
import type { Instant } from './event';

/**
 * Business rules as data. Every number of DESIGN.md lives here, nowhere else. A rule set has an
 * effective date; a change applies from that instant on (decisions use the set in force at the
 * decision's business time), and what a rule awarded is recorded in the event it produced.
 */
export type RuleSet = Readonly<{
  returns: Readonly<{
    /** A return must be requested before delivery + this many days. */
    windowDays: number;
    /** Per-category overrides of `windowDays`. */
    windowDaysByCategory: Readonly<Record<string, number>>;
  }>;
  warranty: Readonly<{
    /** A repair's completion covers the same item for this many days. */
    repairWarrantyDays: number;
  }>;
  loyalty: Readonly<{
    /** Ordered from the lowest; `minSpend` in whole currency units over `tierWindowMonths`. */
    tiers: readonly Readonly<{ tier: Tier; minSpend: number; multiplier: number }>[];
    tierWindowMonths: number;
    expiryMonths: number;
    feedbackCommentBonus: number;
  }>;
  support: Readonly<{
    /** The shop's opening hours: SLA targets count business time in it. */
    calendar: ShopCalendar;
    sla: SlaPolicy;
    /** A customer reply within this many days of solving reopens a case. */
    reopenWindowDays: number;
    /** A solved case is closed this many days after solving (and never reopens). */
    closeAfterDays: number;
  }>;
}>;

export type EffectiveRuleSet = Readonly<{ effectiveFrom: Instant; rules: RuleSet }>;
/** Sorted by `effectiveFrom`; the first entry should start at or before the first event. */
export type RulesTimeline = readonly EffectiveRuleSet[];

const nineToFive = { from: '09:00', to: '17:00' } as const;

export const defaultRules: RuleSet = {
  returns: { windowDays: 30, windowDaysByCategory: {} },
  warranty: { repairWarrantyDays: 90 },
  loyalty: {
    tiers: [
      { tier: 'bronze', minSpend: 0, multiplier: 1.0 },
      { tier: 'silver', minSpend: 1_000, multiplier: 1.25 },
      { tier: 'gold', minSpend: 5_000, multiplier: 1.5 },
    ],
    tierWindowMonths: 12,
    expiryMonths: 12,
    feedbackCommentBonus: 50,
  },
  support: {
    calendar: {
      timezone: 'UTC',
      workingHours: {
        monday: [nineToFive],
        tuesday: [nineToFive],
        wednesday: [nineToFive],
        thursday: [nineToFive],
        friday: [nineToFive],
        saturday: [],
        sunday: [],
      },
      holidays: [],
    },
    sla: defaultSlaPolicy,
    reopenWindowDays: 7,
    closeAfterDays: 7,
  },
};

export const defaultRulesTimeline: RulesTimeline = [
  { effectiveFrom: '1970-01-01T00:00:00.000Z', rules: defaultRules },
];

/** The rule set in force at `instant`. */
export function rulesAt(timeline: RulesTimeline, instant: Instant): RuleSet {
  const at = Date.parse(instant);
  let current: RuleSet | undefined;
  for (const entry of timeline) {
    if (Date.parse(entry.effectiveFrom) <= at) current = entry.rules;
  }
  if (!current) throw new RangeError(`no rule set is in force at ${instant}`);
  return current;
}

/** What every decision is given besides the command and the state: no clock inside the domain. */
export type DecisionContext = Readonly<{ now: Instant; rules: RulesTimeline }>;
