import type { Instant } from '../shared/event';
import { defaultNotificationRules } from '../shared/notification-rules';
import { defaultRules, type EffectiveRuleSet, type RuleSet, type RulesTimeline } from '../shared/rules';
import type { PolicyChanged } from './events';

/** Version 0: the built-in defaults, in force until the first recorded change takes effect. */
export const defaultPolicyEntry: EffectiveRuleSet = {
  effectiveFrom: '1970-01-01T00:00:00.000Z',
  rules: defaultRules,
  version: 0,
};

/**
 * The rules timeline the `policy` stream describes: the defaults, then every version at its
 * effective instant. Sorted by effective instant; of two versions effective at the same instant
 * the later recorded one wins (it sorts after, and `rulesAt` takes the last in force).
 */
export function policyTimeline(
  changes: readonly Pick<PolicyChanged, 'data'>[],
  base: RulesTimeline = [defaultPolicyEntry],
): RulesTimeline {
  const entries: EffectiveRuleSet[] = [
    ...base,
    ...changes.map(({ data }) => ({
      effectiveFrom: data.effectiveFrom,
      rules: upcastDocument(data.document),
      version: data.version,
    })),
  ];
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort(
      (a, b) =>
        Date.parse(a.entry.effectiveFrom) - Date.parse(b.entry.effectiveFrom) ||
        (a.entry.version ?? 0) - (b.entry.version ?? 0) ||
        a.order - b.order,
    )
    .map(({ entry }) => entry);
}

/** The version of the policy in force at `instant` (0: the defaults, also for a bare timeline). */
export function policyVersionAt(timeline: RulesTimeline, instant: Instant): number {
  const at = Date.parse(instant);
  let version = 0;
  for (const entry of timeline) {
    if (Date.parse(entry.effectiveFrom) <= at) version = entry.version ?? 0;
  }
  return version;
}

/** The highest version the timeline knows (how far a reader has followed the `policy` stream). */
export const latestPolicyVersion = (timeline: RulesTimeline): number =>
  timeline.reduce((max, entry) => Math.max(max, entry.version ?? 0), 0);

/**
 * A document as stored by an older version lacks the sections added since: they read as their
 * defaults (the event itself is never rewritten).
 */
function upcastDocument(document: RuleSet): RuleSet {
  const stored = document as Partial<RuleSet> & RuleSet;
  return stored.notifications ? document : { ...document, notifications: defaultNotificationRules };
}
