import { defaultSlaPolicy, type SlaPolicy } from '../case/sla-policy';
import type { Tier } from '../loyalty/events';
import type { ShopCalendar } from './business-time';
import type { Instant } from './event';
import { defaultNotificationRules, type NotificationRules } from './notification-rules';

/** A tier and what it takes: `minSpend` in whole units of one currency over the tier window. */
export type TierRule = Readonly<{ tier: Tier; minSpend: number; multiplier: number }>;

/**
 * How orders in one currency earn. Both numbers are in whole units of that currency, as people
 * write them (decimals are read exactly: 3.75 is 375/100).
 */
export type CurrencyEarning = Readonly<{
  /** Whole currency units per point, before the tier multiplier: 1 for EUR, 100,000 for IRR. */
  unitsPerPoint: number;
  /** Ordered from the lowest, which should start at 0; spend in this currency only. */
  tiers: readonly TierRule[];
}>;

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
    /**
     * Per ISO 4217 code: the earn rate and the tier thresholds. An order in a currency not
     * listed earns nothing (its PointsEarned says why) and its spend counts toward no tier.
     * Spend in different currencies is never added: each is held against its own thresholds
     * and the highest tier reached in any of them is the customer's.
     */
    currencies: Readonly<Record<string, CurrencyEarning>>;
    tierWindowMonths: number;
    expiryMonths: number;
    feedbackCommentBonus: number;
  }>;
  /**
   * How BI groups by period (DESIGN.md "Retention metrics"): months, quarters and years in this
   * zone and calendar. A lens over the whole history, not a rule in force at an event's time:
   * the reporting calendar in force now applies to every period.
   */
  reporting: ReportingCalendar;
  support: Readonly<{
    /** The shop's opening hours: SLA targets count business time in it. */
    calendar: ShopCalendar;
    sla: SlaPolicy;
    /** A customer reply within this many days of solving reopens a case. */
    reopenWindowDays: number;
    /** A solved case is closed this many days after solving (and never reopens). */
    closeAfterDays: number;
  }>;
  /** When messages go out and how often (DESIGN.md "Notifications"). */
  notifications: NotificationRules;
}>;

export const REPORTING_CALENDARS = ['gregorian', 'persian'] as const;
export type ReportingCalendarKind = (typeof REPORTING_CALENDARS)[number];

/** `persian`: Solar Hijri months, quarters and years from Farvardin (see `solar-hijri.ts`). */
export type ReportingCalendar = Readonly<{
  /** IANA zone whose local dates decide the period of an instant. */
  timezone: string;
  calendar: ReportingCalendarKind;
}>;

export const DEFAULT_REPORTING_CALENDAR: ReportingCalendar = { timezone: 'UTC', calendar: 'gregorian' };

/**
 * The reporting calendar of a rule set; documents recorded before it had one (PolicyChanged
 * events older than the `reporting` section) report in UTC Gregorian, as they always did.
 */
export const reportingCalendarOf = (rules: Partial<Pick<RuleSet, 'reporting'>>): ReportingCalendar =>
  rules.reporting ?? DEFAULT_REPORTING_CALENDAR;

export type EffectiveRuleSet = Readonly<{
  effectiveFrom: Instant;
  rules: RuleSet;
  /** The policy version (see `domain/src/policy`): 0 for the built-in defaults. */
  version?: number;
}>;
/** Sorted by `effectiveFrom`; the first entry should start at or before the first event. */
export type RulesTimeline = readonly EffectiveRuleSet[];

/** The default tiers in a currency: `unitsPerPoint` a point, the thresholds written out in it. */
const defaultTiersIn = (
  unitsPerPoint: number,
  silverMinSpend: number,
  goldMinSpend: number,
): CurrencyEarning => ({
  unitsPerPoint,
  tiers: [
    { tier: 'bronze', minSpend: 0, multiplier: 1.0 },
    { tier: 'silver', minSpend: silverMinSpend, multiplier: 1.25 },
    { tier: 'gold', minSpend: goldMinSpend, multiplier: 1.5 },
  ],
});

/** DESIGN.md's rule for EUR, USD and GBP: a point per whole unit, silver at 1,000, gold at 5,000. */
const pointPerWholeUnit = defaultTiersIn(1, 1_000, 5_000);

const nineToFive = { from: '09:00', to: '17:00' } as const;

export const defaultRules: RuleSet = {
  returns: { windowDays: 30, windowDaysByCategory: {} },
  warranty: { repairWarrantyDays: 90 },
  loyalty: {
    currencies: {
      EUR: pointPerWholeUnit,
      USD: pointPerWholeUnit,
      GBP: pointPerWholeUnit,
      // DESIGN.md: 100,000 rials a point; the thresholds are the same 1,000 and 5,000 points' worth.
      IRR: defaultTiersIn(100_000, 100_000_000, 500_000_000),
      // The riyal and the dirham are pegged to the dollar (3.75 and 3.6725): the USD rule at the peg.
      SAR: defaultTiersIn(3.75, 3_750, 18_750),
      AED: defaultTiersIn(3.6725, 3_672.5, 18_362.5),
    },
    tierWindowMonths: 12,
    expiryMonths: 12,
    feedbackCommentBonus: 50,
  },
  reporting: DEFAULT_REPORTING_CALENDAR,
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
  notifications: defaultNotificationRules,
};

export const defaultRulesTimeline: RulesTimeline = [
  { effectiveFrom: '1970-01-01T00:00:00.000Z', rules: defaultRules, version: 0 },
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
