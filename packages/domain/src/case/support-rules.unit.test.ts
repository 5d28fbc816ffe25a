import { describe, expect, it } from 'vitest';
import { defaultRules } from '../shared/rules';
import { supportRulesProblem } from './support-rules';

const support = defaultRules.support;

describe('the support rules as data', () => {
  it('accepts the defaults of DESIGN.md', () => {
    expect(supportRulesProblem(support)).toBeNull();
  });

  it.each([
    [{ calendar: { ...support.calendar, timezone: 'Nowhere/City' } }, /^calendar: unknown timezone/],
    [
      {
        sla: {
          ...support.sla,
          targets: { ...support.sla.targets, low: { ...support.sla.targets.low, resolution: 0 } },
        },
      },
      /targets\.low\.resolution/,
    ],
    [
      { sla: { ...support.sla, byChannel: { fax: { any: { firstResponse: 5 } } } } },
      /byChannel\.fax is not a channel/,
    ],
    [{ sla: { ...support.sla, byChannel: { chat: { soon: { firstResponse: 5 } } } } }, /neither a priority/],
    [{ sla: { ...support.sla, byChannel: { chat: { any: { firstReply: 5 } } } } }, /is not a metric/],
    [{ sla: { ...support.sla, byChannel: { chat: { urgent: { firstResponse: 2.5 } } } } }, /whole minutes/],
    [{ reopenWindowDays: 10 }, /cannot be longer/],
    [{ closeAfterDays: -1 }, /whole days/],
  ])('refuses %j', (patch, problem) => {
    expect(supportRulesProblem({ ...support, ...patch } as never)).toMatch(problem);
  });
});
