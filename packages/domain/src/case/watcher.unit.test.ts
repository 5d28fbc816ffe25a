import { describe, expect, it } from 'vitest';
import type { FeedbackSubmitted } from '../feedback/events';
import { given, stateFrom } from '../shared/testing';
import {
  agentMessage,
  at,
  caseId,
  customerId,
  markedPending,
  openedByCustomer,
  solved,
} from './case.fixtures';
import { type CaseCommand, caseDecider } from './decide';
import { escalationFor } from './escalation';
import type { CaseEvent } from './events';
import { nextWatcherWake, watcherCommandsAt, watcherEventName } from './watcher';

// Normal priority, e-mail, opened Tuesday 3 March 2026 10:00 UTC (Mon–Fri 09:00–17:00):
// first response 8 h → due Wednesday 10:00, at risk after 6 h → Tuesday 16:00;
// resolution 40 h → due Tuesday 10 March 10:00, at risk after 30 h → Friday 6 March 16:00.
const recordAtRisk: CaseCommand = { type: 'RecordSlaAtRisk', data: { caseId } };
const firstResponseAtRisk: CaseEvent = {
  type: 'SlaAtRisk',
  data: {
    caseId,
    customerId,
    metric: 'firstResponse',
    cycle: 1,
    priority: 'normal',
    atRiskAt: '2026-03-03T16:00:00.000Z',
    due: '2026-03-04T10:00:00.000Z',
  },
};
const stateOf = (events: readonly CaseEvent[]) => stateFrom(caseDecider, events);

describe('RecordSlaAtRisk', () => {
  it('records a running target at 75 % of it, once, and not before', () => {
    given(caseDecider, openedByCustomer).when(recordAtRisk, at('2026-03-03T15:59:59.000Z')).thenNothing();
    given(caseDecider, openedByCustomer)
      .when(recordAtRisk, at('2026-03-03T16:00:00.000Z'))
      .then([firstResponseAtRisk]);
    given(caseDecider, [...openedByCustomer, firstResponseAtRisk])
      .when(recordAtRisk, at('2026-03-03T16:30:00.000Z'))
      .thenNothing();
  });

  it('records no alert for a target answered, already passed, or held by pending', () => {
    const answered = [...openedByCustomer, agentMessage('m-2', '2026-03-03T11:00:00.000Z')];
    given(caseDecider, answered).when(recordAtRisk, at('2026-03-03T16:30:00.000Z')).thenNothing();
    // Past due: the breach is recorded instead (the resolution is not at risk yet either).
    given(caseDecider, openedByCustomer).when(recordAtRisk, at('2026-03-04T10:00:01.000Z')).thenNothing();
    given(caseDecider, [...answered, markedPending('2026-03-03T12:00:00.000Z')])
      .when(recordAtRisk, at('2026-03-09T16:00:00.000Z'))
      .thenNothing();
  });
});

describe('the deadline watcher', () => {
  it('wakes at the next at-risk instant, then at the due instant, then for nothing', () => {
    expect(nextWatcherWake(stateOf(openedByCustomer), at('2026-03-03T10:00:00.000Z'))).toBe(
      '2026-03-03T16:00:00.000Z',
    );
    expect(
      nextWatcherWake(stateOf([...openedByCustomer, firstResponseAtRisk]), at('2026-03-03T16:00:00.000Z')),
    ).toBe('2026-03-04T10:00:00.000Z');
    // Answered: the resolution's at-risk instant, Friday 16:00, is next.
    const answered = [...openedByCustomer, agentMessage('m-2', '2026-03-03T11:00:00.000Z')];
    expect(nextWatcherWake(stateOf(answered), at('2026-03-03T11:00:00.000Z'))).toBe(
      '2026-03-06T16:00:00.000Z',
    );
    // Pending holds the resolution: nothing to wait for.
    const pending = [...answered, markedPending('2026-03-03T12:00:00.000Z')];
    expect(nextWatcherWake(stateOf(pending), at('2026-03-03T12:00:00.000Z'))).toBeUndefined();
  });

  it('closes a solved case 7 days after solving, and runs only the commands with work', () => {
    const solvedCase = [
      ...openedByCustomer,
      agentMessage('m-2', '2026-03-03T11:00:00.000Z'),
      solved('2026-03-03T12:00:00.000Z'),
    ];
    expect(nextWatcherWake(stateOf(solvedCase), at('2026-03-03T12:00:00.000Z'))).toBe(
      '2026-03-10T12:00:00.000Z',
    );
    expect(watcherCommandsAt(stateOf(solvedCase), at('2026-03-10T11:59:59.000Z'))).toEqual([]);
    expect(watcherCommandsAt(stateOf(solvedCase), at('2026-03-10T12:00:00.000Z'))).toEqual([
      { type: 'CloseCase', data: { caseId } },
    ]);
    expect(watcherCommandsAt(stateOf(openedByCustomer), at('2026-03-04T10:00:01.000Z'))).toEqual([
      { type: 'RecordSlaBreaches', data: { caseId } },
    ]);
  });

  it('names each fact once: per case, metric and cycle, and per closing', () => {
    expect(watcherEventName(firstResponseAtRisk)).toBe('case-case-1/sla/firstResponse/1/at-risk');
    expect(
      watcherEventName({
        type: 'SlaBreached',
        data: { caseId, customerId, metric: 'resolution', cycle: 2, priority: 'high', due: 'x' },
      }),
    ).toBe('case-case-1/sla/resolution/2/breached');
    expect(watcherEventName(agentMessage('m-2', '2026-03-03T11:00:00.000Z'))).toBeUndefined();
  });
});

describe('a low score opens a case', () => {
  const feedback = (patch: Partial<FeedbackSubmitted['data']>): FeedbackSubmitted => ({
    type: 'FeedbackSubmitted',
    data: {
      feedbackId: 'f-9',
      customerId,
      subject: { type: 'order', id: 'o-1' },
      csat: 4,
      submittedAt: '2026-03-03T10:00:00.000Z',
      ...patch,
    },
  });

  it('for CSAT ≤ 2 or NPS ≤ 6, about the scored subject, with an id derived from the feedback', () => {
    expect(escalationFor(feedback({ csat: 3, nps: 7 }))).toBeNull();
    expect(escalationFor(feedback({ csat: 2 }))).toEqual({
      stream: 'case-escalation-f-9',
      command: {
        type: 'OpenCase',
        data: {
          caseId: 'escalation-f-9',
          customerId,
          channel: 'email',
          openedBy: { type: 'agent', agentId: 'low-score-escalation' },
          escalatedFromFeedbackId: 'f-9',
          subject: { type: 'order', id: 'o-1' },
        },
      },
    });
    const aboutCase = escalationFor(feedback({ csat: 5, nps: 6, subject: { type: 'case', id: 'case-1' } }));
    expect(aboutCase?.command.data).toMatchObject({ previousCaseId: 'case-1' });
    expect(aboutCase?.command.data).not.toHaveProperty('subject');
  });
});
