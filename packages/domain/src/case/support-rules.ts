import { calendarProblem } from '../shared/business-time';
import type { RuleSet } from '../shared/rules';
import { isKnownTimezone } from '../shared/zoned-time';
import { slaPolicyProblem } from './sla-policy';

/**
 * Why the support part of a rule set cannot be put in force, or null when it can: a calendar that
 * is open some time, SLA targets in whole minutes, and windows in whole days (a reply may reopen
 * a case only while it is not yet closed).
 */
export function supportRulesProblem(support: RuleSet['support']): string | null {
  const calendar = calendarProblem(support.calendar, isKnownTimezone);
  if (calendar) return `calendar: ${calendar}`;
  const sla = slaPolicyProblem(support.sla);
  if (sla) return `sla: ${sla}`;
  const days = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (!days(support.reopenWindowDays) || !days(support.closeAfterDays)) {
    return 'reopenWindowDays and closeAfterDays must be whole days ≥ 0';
  }
  if (support.reopenWindowDays > support.closeAfterDays) {
    return 'reopenWindowDays cannot be longer than closeAfterDays: a closed case never reopens';
  }
  return null;
}
