import { describe, expect, it } from 'vitest';
import { defaultRules } from '../shared/rules';
import { stateFrom } from '../shared/testing';
import type { OpenedCase } from './case';
import {
  agentMessage,
  caseId,
  caseOpened,
  customerMessage,
  markedPending,
  openedAt,
  reopened,
  resumed,
  solved,
} from './case.fixtures';
import { caseDecider } from './decide';
import type { CaseEvent } from './events';
import { caseSlaClocks, slaDeadlines } from './sla-clocks';
import { defaultSlaPolicy, slaTargetMinutes } from './sla-policy';

const support = defaultRules.support;
const HOUR_S = 3600;

function clocksAt(events: readonly CaseEvent[], now: string) {
  const state = stateFrom(caseDecider, events) as OpenedCase;
  return caseSlaClocks(state, support, now).map(({ metric, cycle, due, status, remainingSeconds }) => ({
    metric,
    cycle,
    due,
    status,
    remainingSeconds,
  }));
}

describe('SLA targets of DESIGN.md', () => {
  it('per priority, with chat answered first within 10 minutes at every priority', () => {
    const table = (['urgent', 'high', 'normal', 'low'] as const).map((priority) => [
      priority,
      slaTargetMinutes(defaultSlaPolicy, 'firstResponse', priority, 'email') / 60,
      slaTargetMinutes(defaultSlaPolicy, 'nextResponse', priority, 'email') / 60,
      slaTargetMinutes(defaultSlaPolicy, 'resolution', priority, 'email') / 60,
      slaTargetMinutes(defaultSlaPolicy, 'firstResponse', priority, 'chat'),
      slaTargetMinutes(defaultSlaPolicy, 'nextResponse', priority, 'chat') / 60,
    ]);
    expect(table).toEqual([
      ['urgent', 1, 2, 8, 10, 2],
      ['high', 4, 8, 24, 10, 8],
      ['normal', 8, 16, 40, 10, 16],
      ['low', 24, 24, 80, 10, 24],
    ]);
  });
});

describe('SLA clocks of a case', () => {
  it('opened Friday 16:30 with 8 h to a first response: due Monday 16:30', () => {
    const friday = '2026-03-06T16:30:00.000Z';
    expect(clocksAt([caseOpened({ openedAt: friday })], '2026-03-07T12:00:00.000Z')[0]).toEqual({
      metric: 'firstResponse',
      cycle: 1,
      due: '2026-03-09T16:30:00.000Z',
      status: 'running',
      remainingSeconds: 7.5 * HOUR_S,
    });
  });

  it('a chat at Saturday noon is due Monday 09:10; answered at 09:11 it is breached by a minute', () => {
    const events = [
      caseOpened({ channel: 'chat', openedAt: '2026-03-07T12:00:00.000Z' }),
      agentMessage('m-2', '2026-03-09T09:11:00.000Z', 'chat'),
    ];
    expect(clocksAt(events, '2026-03-09T10:00:00.000Z')[0]).toEqual({
      metric: 'firstResponse',
      cycle: 1,
      due: '2026-03-09T09:10:00.000Z',
      status: 'breached',
      remainingSeconds: -60,
    });
  });

  it('a next-response cycle per customer message after an answer, not while one is running', () => {
    const events = [
      caseOpened(),
      customerMessage('m-1', openedAt),
      agentMessage('m-2', '2026-03-03T11:00:00.000Z'),
      customerMessage('m-3', '2026-03-03T12:00:00.000Z'),
      customerMessage('m-4', '2026-03-03T13:00:00.000Z'),
      agentMessage('m-5', '2026-03-04T12:00:00.000Z'),
      customerMessage('m-6', '2026-03-04T15:00:00.000Z'),
    ];
    expect(clocksAt(events, '2026-03-05T09:00:00.000Z')).toEqual([
      {
        metric: 'firstResponse',
        cycle: 1,
        due: '2026-03-04T10:00:00.000Z',
        status: 'met',
        remainingSeconds: 7 * HOUR_S,
      },
      // 16 h from Tuesday 12:00: Tuesday 5 h, Wednesday 8 h, Thursday 3 h.
      {
        metric: 'resolution',
        cycle: 1,
        due: '2026-03-10T10:00:00.000Z',
        status: 'running',
        remainingSeconds: 25 * HOUR_S,
      },
      {
        metric: 'nextResponse',
        cycle: 1,
        due: '2026-03-05T12:00:00.000Z',
        status: 'met',
        remainingSeconds: 8 * HOUR_S,
      },
      {
        metric: 'nextResponse',
        cycle: 2,
        due: '2026-03-06T15:00:00.000Z',
        status: 'running',
        remainingSeconds: 14 * HOUR_S,
      },
    ]);
  });

  it('pending stops the resolution clock, not the response clocks', () => {
    const events = [
      caseOpened({ priority: 'urgent' }),
      customerMessage('m-1', openedAt),
      markedPending('2026-03-03T12:00:00.000Z'),
    ];
    // Urgent: 8 h to resolve, 2 h used before pending; still pending on Friday.
    expect(clocksAt(events, '2026-03-06T12:00:00.000Z')).toEqual([
      {
        metric: 'firstResponse',
        cycle: 1,
        due: '2026-03-03T11:00:00.000Z',
        status: 'breached',
        remainingSeconds: -25 * HOUR_S,
      },
      { metric: 'resolution', cycle: 1, due: undefined, status: 'paused', remainingSeconds: 6 * HOUR_S },
    ]);
    // Resumed Monday 09:00: the 6 h left run from then.
    const resumedMonday = [...events, resumed('2026-03-09T09:00:00.000Z')];
    expect(clocksAt(resumedMonday, '2026-03-09T10:00:00.000Z')[1]).toEqual({
      metric: 'resolution',
      cycle: 1,
      due: '2026-03-09T15:00:00.000Z',
      status: 'running',
      remainingSeconds: 5 * HOUR_S,
    });
  });

  it('a priority change re-targets the running clocks and keeps the stopped ones', () => {
    const events = [
      caseOpened(),
      customerMessage('m-1', openedAt),
      agentMessage('m-2', '2026-03-03T16:00:00.000Z'),
      {
        type: 'CasePriorityChanged',
        data: { caseId, from: 'normal', to: 'urgent', changedAt: '2026-03-03T16:30:00.000Z' },
      },
    ] as CaseEvent[];
    expect(clocksAt(events, '2026-03-04T09:00:00.000Z')).toEqual([
      // Answered in 6 h: met under normal (8 h), and stays met although urgent allows 1 h.
      {
        metric: 'firstResponse',
        cycle: 1,
        due: '2026-03-04T10:00:00.000Z',
        status: 'met',
        remainingSeconds: 2 * HOUR_S,
      },
      // Urgent resolution: 8 h from Tuesday 10:00 is Wednesday 10:00.
      {
        metric: 'resolution',
        cycle: 1,
        due: '2026-03-04T10:00:00.000Z',
        status: 'running',
        remainingSeconds: 1 * HOUR_S,
      },
    ]);
  });

  it('a reopening starts a new resolution cycle; the first one stays as it was solved', () => {
    const events = [
      caseOpened(),
      customerMessage('m-1', openedAt),
      agentMessage('m-2', '2026-03-03T11:00:00.000Z'),
      solved('2026-03-03T15:00:00.000Z'),
      reopened('2026-03-05T10:00:00.000Z', 'customer-reply'),
      customerMessage('m-3', '2026-03-05T10:00:00.000Z'),
    ];
    expect(clocksAt(events, '2026-03-05T11:00:00.000Z')).toEqual([
      {
        metric: 'firstResponse',
        cycle: 1,
        due: '2026-03-04T10:00:00.000Z',
        status: 'met',
        remainingSeconds: 7 * HOUR_S,
      },
      {
        metric: 'resolution',
        cycle: 1,
        due: '2026-03-10T10:00:00.000Z',
        status: 'met',
        remainingSeconds: 35 * HOUR_S,
      },
      {
        metric: 'resolution',
        cycle: 2,
        due: '2026-03-12T10:00:00.000Z',
        status: 'running',
        remainingSeconds: 39 * HOUR_S,
      },
      {
        metric: 'nextResponse',
        cycle: 1,
        due: '2026-03-09T10:00:00.000Z',
        status: 'running',
        remainingSeconds: 15 * HOUR_S,
      },
    ]);
  });

  it('counts a holiday out of a target, in the calendar of the rules in force at opening', () => {
    const rules = [
      { effectiveFrom: '1970-01-01T00:00:00.000Z', rules: defaultRules },
      {
        effectiveFrom: '2026-03-01T00:00:00.000Z',
        rules: {
          ...defaultRules,
          support: { ...support, calendar: { ...support.calendar, holidays: ['2026-03-04'] } },
        },
      },
    ];
    const state = stateFrom(caseDecider, [caseOpened()]) as OpenedCase;
    const decided = caseDecider.decide({ type: 'SolveCase', data: { caseId } }, state, {
      now: '2026-03-05T10:00:00.000Z',
      rules,
    });
    // First response: Tuesday 7 h, Wednesday off, Thursday 1 h → Thursday 10:00, the solution's instant.
    expect(decided[0]?.data).toMatchObject({
      sla: [
        { metric: 'firstResponse', due: '2026-03-05T10:00:00.000Z', met: true },
        { metric: 'resolution', due: '2026-03-11T10:00:00.000Z', met: true },
      ],
    });
  });

  it('gives a watcher its next deadlines: at risk at 75 % of each target, then due', () => {
    const state = stateFrom(caseDecider, [
      caseOpened({ openedAt: '2026-03-06T16:30:00.000Z' }),
    ]) as OpenedCase;
    expect(slaDeadlines(state, support, '2026-03-06T16:30:00.000Z')).toEqual([
      // 6 of 8 h: Friday 30 min, Monday 5 h 30.
      {
        metric: 'firstResponse',
        cycle: 1,
        atRiskAt: '2026-03-09T14:30:00.000Z',
        due: '2026-03-09T16:30:00.000Z',
      },
      // 30 of 40 h: Friday 30 min, Monday to Wednesday 24 h, Thursday 5 h 30.
      {
        metric: 'resolution',
        cycle: 1,
        atRiskAt: '2026-03-12T14:30:00.000Z',
        due: '2026-03-13T16:30:00.000Z',
      },
    ]);
    const answered = stateFrom(caseDecider, [
      caseOpened({ openedAt: '2026-03-06T16:30:00.000Z' }),
      agentMessage('m-2', '2026-03-09T09:00:00.000Z'),
      markedPending('2026-03-09T10:00:00.000Z'),
    ]) as OpenedCase;
    expect(slaDeadlines(answered, support, '2026-03-09T10:00:00.000Z')).toEqual([]);
  });
});
