import { describe, it } from 'vitest';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { given } from '../shared/testing';
import {
  agentMessage,
  at,
  caseId,
  caseOpened,
  customerId,
  customerMessage,
  forgottenCustomer,
  markedPending,
  openedAt,
  openedByCustomer,
  opening,
  reopened,
  resumed,
  solved,
} from './case.fixtures';
import { type CaseCommand, caseDecider } from './decide';
import type { CaseEvent } from './events';

const open = (patch: Record<string, unknown> = {}): CaseCommand =>
  ({
    type: 'OpenCase',
    data: {
      caseId,
      customerId,
      channel: 'email',
      openedBy: { type: 'customer' },
      message: { messageId: 'm-1', body: 'My kettle stopped heating.' },
      ...patch,
    },
  }) as CaseCommand;
const message = (patch: Record<string, unknown>): CaseCommand =>
  ({ type: 'AddCaseMessage', data: { caseId, ...patch } }) as CaseCommand;
const reply = (messageId: string) =>
  message({
    messageId,
    direction: 'out',
    agentId: 'agent-7',
    body: 'Sorry to hear that; a replacement is on its way.',
  });
const customerWrites = (messageId: string) =>
  message({ messageId, direction: 'in', body: 'My kettle stopped heating.' });
const assign = (assignee: unknown): CaseCommand =>
  ({ type: 'AssignCase', data: { caseId, assignee } }) as CaseCommand;
const prioritise = (priority: unknown): CaseCommand =>
  ({ type: 'ChangeCasePriority', data: { caseId, priority } }) as CaseCommand;
const pend: CaseCommand = { type: 'MarkCasePending', data: { caseId } };
const resume: CaseCommand = { type: 'ResumeCase', data: { caseId } };
const solve: CaseCommand = { type: 'SolveCase', data: { caseId } };
const reopen: CaseCommand = { type: 'ReopenCase', data: { caseId } };
const close: CaseCommand = { type: 'CloseCase', data: { caseId } };

const wednesday = '2026-03-04T10:00:00.000Z';
const thursday = '2026-03-05T10:00:00.000Z';
const solvedWednesday = [...openedByCustomer, agentMessage('m-2', wednesday), solved(wednesday)];
const eightDaysOn = '2026-03-12T10:00:00.000Z';
const closedEvent: CaseEvent = {
  type: 'CaseClosed',
  data: { caseId, customerId, closedAt: '2026-03-11T10:00:00.000Z' },
};

describe('OpenCase', () => {
  it("records the customer's opening message with the case, priority normal by default", () => {
    given(caseDecider).when(open(), opening()).then(openedByCustomer);
  });

  it("opens from an agent without a message, or with the agent's outbound one", () => {
    const byAgent = { type: 'agent', agentId: 'agent-7' };
    given(caseDecider)
      .when(open({ openedBy: byAgent, message: undefined, channel: 'phone', priority: 'urgent' }), opening())
      .then([caseOpened({ openedBy: byAgent, channel: 'phone', priority: 'urgent' })]);
    given(caseDecider)
      .when(
        open({
          openedBy: byAgent,
          message: { messageId: 'm-2', body: 'Sorry to hear that; a replacement is on its way.' },
        }),
        opening(),
      )
      .then([caseOpened({ openedBy: byAgent }), agentMessage('m-2', openedAt)]);
  });

  it('starts high when a low score escalated it, and names its subject and an earlier case', () => {
    const subject = { type: 'order', id: 'o-1' };
    given(caseDecider)
      .when(
        open({ escalatedFromFeedbackId: 'fb-1', subject, previousCaseId: 'case-0' }),
        opening(openedAt, { subject: { customerId, status: 'delivered', eligible: true } }),
      )
      .then([
        caseOpened({ priority: 'high', escalatedFromFeedbackId: 'fb-1', subject, previousCaseId: 'case-0' }),
        customerMessage('m-1', openedAt),
      ]);
  });

  it("refuses a subject that does not exist or is another customer's", () => {
    const subject = { type: 'repair', id: 'r-1' };
    given(caseDecider)
      .when(open({ subject }), opening(openedAt, { subject: null }))
      .thenThrows(NotFoundError, 'case-subject-not-found');
    given(caseDecider)
      .when(
        open({ subject }),
        opening(openedAt, { subject: { customerId: 'c-2', status: 'completed', eligible: true } }),
      )
      .thenThrows(NotFoundError, 'case-subject-not-found');
  });

  it('refuses an unknown or forgotten customer, a second opening and a customer case without a message', () => {
    given(caseDecider)
      .when(open(), opening(openedAt, { customer: { status: 'unregistered' } }))
      .thenThrows(NotFoundError, 'customer-not-found');
    given(caseDecider)
      .when(open(), opening(openedAt, { customer: forgottenCustomer }))
      .thenThrows(IllegalStateError, 'customer-forgotten');
    given(caseDecider, openedByCustomer)
      .when(open(), opening())
      .thenThrows(IllegalStateError, 'case-already-opened');
    given(caseDecider)
      .when(open({ message: undefined }), opening())
      .thenThrows(IllegalStateError, 'case-message-required');
  });

  it.each([
    [{ channel: 'fax' }, 'invalid-channel'],
    [{ priority: 'asap' }, 'invalid-priority'],
    [{ openedBy: { type: 'robot' } }, 'invalid-opened-by'],
    [{ openedBy: { type: 'agent' } }, 'invalid-agent-id'],
    [{ subject: { type: 'customer', id: 'x' } }, 'invalid-subject'],
    [{ caseId: ' ' }, 'invalid-id'],
    [{ message: { messageId: 'm-1', body: '  ' } }, 'invalid-message-body'],
  ])('rejects %j as %s', (patch, code) => {
    given(caseDecider).when(open(patch), opening()).thenThrows(ValidationError, code);
  });

  it('needs the customer in its context', () => {
    given(caseDecider).when(open(), at(openedAt)).thenThrows(TypeError);
  });
});

describe('AddCaseMessage', () => {
  it("records an agent's reply and a customer's message, on the case's channel unless named", () => {
    given(caseDecider, openedByCustomer)
      .when(reply('m-2'), at(wednesday))
      .then([agentMessage('m-2', wednesday)]);
    given(caseDecider, openedByCustomer)
      .when(
        message({ messageId: 'm-2', direction: 'in', channel: 'chat', body: 'My kettle stopped heating.' }),
        at(wednesday),
      )
      .then([customerMessage('m-2', wednesday, 'chat')]);
  });

  it('records a message id once: a repeat changes nothing', () => {
    given(caseDecider, [...openedByCustomer, agentMessage('m-2', wednesday)])
      .when(reply('m-2'), at(thursday))
      .thenNothing();
  });

  it('a customer reply resumes a pending case', () => {
    given(caseDecider, [...openedByCustomer, markedPending(wednesday)])
      .when(customerWrites('m-3'), at(thursday))
      .then([resumed(thursday, 'customer-reply'), customerMessage('m-3', thursday)]);
  });

  it('a customer reply within 7 days of solving reopens the case; an agent message does not', () => {
    given(caseDecider, solvedWednesday)
      .when(customerWrites('m-3'), at('2026-03-11T09:59:59.000Z'))
      .then([
        reopened('2026-03-11T09:59:59.000Z', 'customer-reply'),
        customerMessage('m-3', '2026-03-11T09:59:59.000Z'),
      ]);
    given(caseDecider, solvedWednesday)
      .when(reply('m-3'), at(thursday))
      .then([agentMessage('m-3', thursday)]);
  });

  it('refuses a message 7 days after solving (closed: a new case links to it) or on a closed case', () => {
    given(caseDecider, solvedWednesday)
      .when(customerWrites('m-3'), at('2026-03-11T10:00:00.000Z'))
      .thenThrows(IllegalStateError, 'case-closed');
    given(caseDecider, [...solvedWednesday, closedEvent])
      .when(customerWrites('m-3'), at(eightDaysOn))
      .thenThrows(IllegalStateError, 'case-closed');
  });

  it.each([
    [{ messageId: 'm-9', direction: 'sideways', body: 'x' }, 'invalid-direction'],
    [{ messageId: 'm-9', direction: 'out', body: 'x' }, 'invalid-agent-id'],
    [{ messageId: 'm-9', direction: 'in', body: '' }, 'invalid-message-body'],
    [{ messageId: 'm-9', direction: 'in', body: 'x', channel: 'pigeon' }, 'invalid-channel'],
    [{ messageId: '', direction: 'in', body: 'x' }, 'invalid-id'],
  ])('rejects %j as %s', (patch, code) => {
    given(caseDecider, openedByCustomer)
      .when(message(patch), at(wednesday))
      .thenThrows(ValidationError, code);
  });

  it('refuses a case that was never opened', () => {
    given(caseDecider).when(reply('m-1'), at(wednesday)).thenThrows(NotFoundError, 'case-not-found');
  });
});

describe('AssignCase and ChangeCasePriority', () => {
  const toTeam = { type: 'team', id: 'returns-desk' };
  const toAgent = { type: 'agent', id: 'agent-7' };

  it('assigns to a team, then to an agent, naming the previous assignee; the same one again is nothing', () => {
    given(caseDecider, openedByCustomer)
      .when(assign(toTeam), at(wednesday))
      .then([
        { type: 'CaseAssigned', data: { caseId, assignee: toTeam, assignedAt: wednesday } } as CaseEvent,
      ]);
    const assigned = {
      type: 'CaseAssigned',
      data: { caseId, assignee: toTeam, assignedAt: wednesday },
    } as CaseEvent;
    given(caseDecider, [...openedByCustomer, assigned])
      .when(assign(toAgent), at(thursday))
      .then([
        {
          type: 'CaseAssigned',
          data: { caseId, assignee: toAgent, previous: toTeam, assignedAt: thursday },
        } as CaseEvent,
      ]);
    given(caseDecider, [...openedByCustomer, assigned])
      .when(assign(toTeam), at(thursday))
      .thenNothing();
  });

  it('changes the priority, from and to; the same priority is nothing', () => {
    given(caseDecider, openedByCustomer)
      .when(prioritise('urgent'), at(wednesday))
      .then([
        { type: 'CasePriorityChanged', data: { caseId, from: 'normal', to: 'urgent', changedAt: wednesday } },
      ]);
    given(caseDecider, openedByCustomer).when(prioritise('normal'), at(wednesday)).thenNothing();
  });

  it('refuses a solved or closed case, bad input and an unknown case', () => {
    given(caseDecider, solvedWednesday)
      .when(assign(toAgent), at(thursday))
      .thenThrows(IllegalStateError, 'case-solved');
    given(caseDecider, solvedWednesday)
      .when(prioritise('high'), at(thursday))
      .thenThrows(IllegalStateError, 'case-solved');
    given(caseDecider, [...solvedWednesday, closedEvent])
      .when(prioritise('high'), at(eightDaysOn))
      .thenThrows(IllegalStateError, 'case-closed');
    given(caseDecider, openedByCustomer)
      .when(assign({ type: 'bot', id: 'x' }), at(wednesday))
      .thenThrows(ValidationError, 'invalid-assignee');
    given(caseDecider, openedByCustomer)
      .when(assign({ type: 'agent', id: '' }), at(wednesday))
      .thenThrows(ValidationError, 'invalid-assignee');
    given(caseDecider, openedByCustomer)
      .when(prioritise('asap'), at(wednesday))
      .thenThrows(ValidationError, 'invalid-priority');
    given(caseDecider).when(assign(toAgent), at(wednesday)).thenThrows(NotFoundError, 'case-not-found');
  });
});

describe('pending and back to open', () => {
  it('marks an open case pending, and resumes it; each repeat is nothing', () => {
    given(caseDecider, openedByCustomer)
      .when(pend, at(wednesday))
      .then([markedPending(wednesday)]);
    given(caseDecider, [...openedByCustomer, markedPending(wednesday)])
      .when(pend, at(thursday))
      .thenNothing();
    given(caseDecider, [...openedByCustomer, markedPending(wednesday)])
      .when(resume, at(thursday))
      .then([resumed(thursday)]);
    given(caseDecider, openedByCustomer).when(resume, at(thursday)).thenNothing();
  });

  it('refuses a solved or closed case and an unknown one', () => {
    given(caseDecider, solvedWednesday).when(pend, at(thursday)).thenThrows(IllegalStateError, 'case-solved');
    given(caseDecider, solvedWednesday)
      .when(resume, at(thursday))
      .thenThrows(IllegalStateError, 'case-solved');
    given(caseDecider, [...solvedWednesday, closedEvent])
      .when(pend, at(eightDaysOn))
      .thenThrows(IllegalStateError, 'case-closed');
    given(caseDecider).when(pend, at(wednesday)).thenThrows(NotFoundError, 'case-not-found');
  });
});

describe('SolveCase, ReopenCase and CloseCase', () => {
  it('solves, recording every cycle with its due instant and whether it was met', () => {
    // Opened Tuesday 10:00, normal: first response due Wednesday 10:00 (8 h), answered then;
    // resolution due Tuesday of the next week, 10:00 (40 h).
    given(caseDecider, [...openedByCustomer, agentMessage('m-2', wednesday)])
      .when(solve, at(thursday))
      .then([
        solved(thursday, [
          { metric: 'firstResponse', cycle: 1, due: wednesday, met: true },
          { metric: 'resolution', cycle: 1, due: '2026-03-10T10:00:00.000Z', met: true },
        ]),
      ]);
  });

  it('solves a pending case, and one never answered: solving is the answer, late or in time', () => {
    given(caseDecider, [...openedByCustomer, markedPending(wednesday)])
      .when(solve, at(thursday))
      .then([
        solved(thursday, [
          { metric: 'firstResponse', cycle: 1, due: wednesday, met: false },
          // Pending from Wednesday 10:00: 8 h used before it, 32 h left from the solution on.
          { metric: 'resolution', cycle: 1, due: '2026-03-11T10:00:00.000Z', met: true },
        ]),
      ]);
  });

  it('refuses a second solution and a closed or unknown case', () => {
    given(caseDecider, solvedWednesday)
      .when(solve, at(thursday))
      .thenThrows(IllegalStateError, 'case-already-solved');
    given(caseDecider, solvedWednesday)
      .when(solve, at(eightDaysOn))
      .thenThrows(IllegalStateError, 'case-closed');
    given(caseDecider).when(solve, at(thursday)).thenThrows(NotFoundError, 'case-not-found');
  });

  it('an agent reopens a solved case within 7 days, never an open or closed one', () => {
    given(caseDecider, solvedWednesday)
      .when(reopen, at(thursday))
      .then([reopened(thursday)]);
    given(caseDecider, openedByCustomer)
      .when(reopen, at(thursday))
      .thenThrows(IllegalStateError, 'case-not-solved');
    given(caseDecider, solvedWednesday)
      .when(reopen, at(eightDaysOn))
      .thenThrows(IllegalStateError, 'case-closed');
    given(caseDecider).when(reopen, at(thursday)).thenThrows(NotFoundError, 'case-not-found');
  });

  it('closes 7 days after solving, at that instant, once', () => {
    given(caseDecider, solvedWednesday).when(close, at(eightDaysOn)).then([closedEvent]);
    given(caseDecider, [...solvedWednesday, closedEvent])
      .when(close, at(eightDaysOn))
      .thenNothing();
    given(caseDecider, solvedWednesday)
      .when(close, at('2026-03-11T09:59:59.000Z'))
      .thenThrows(IllegalStateError, 'case-close-window-open');
    given(caseDecider, openedByCustomer)
      .when(close, at(eightDaysOn))
      .thenThrows(IllegalStateError, 'case-not-solved');
    given(caseDecider).when(close, at(eightDaysOn)).thenThrows(NotFoundError, 'case-not-found');
  });

  it('refuses a command without a valid business time', () => {
    given(caseDecider, openedByCustomer)
      .when(solve, at('yesterday'))
      .thenThrows(ValidationError, 'invalid-instant');
  });
});

describe('RecordSlaBreaches', () => {
  const record: CaseCommand = { type: 'RecordSlaBreaches', data: { caseId } };
  // Normal priority, opened Tuesday 10:00: the first response is due Wednesday 10:00.
  const firstResponseBreached = {
    type: 'SlaBreached',
    data: { caseId, customerId, metric: 'firstResponse', cycle: 1, priority: 'normal', due: wednesday },
  } as CaseEvent;

  it('records a target once it has passed, and only then', () => {
    given(caseDecider, openedByCustomer).when(record, at('2026-03-04T09:59:59.000Z')).thenNothing();
    given(caseDecider, openedByCustomer)
      .when(record, at('2026-03-04T10:00:01.000Z'))
      .then([firstResponseBreached]);
  });

  it('records each metric and cycle once: a repeat, a replay or a second watcher adds nothing', () => {
    given(caseDecider, [...openedByCustomer, firstResponseBreached])
      .when(record, at(thursday))
      .thenNothing();
  });

  it('records a target answered late that nobody recorded in time', () => {
    given(caseDecider, [...openedByCustomer, agentMessage('m-2', '2026-03-04T11:00:00.000Z')])
      .when(record, at(thursday))
      .then([firstResponseBreached]);
    // Later the unsolved case's resolution (due Tuesday 10 March, 10:00) has passed as well.
    given(caseDecider, [
      ...openedByCustomer,
      agentMessage('m-2', '2026-03-04T11:00:00.000Z'),
      firstResponseBreached,
    ])
      .when(record, at(eightDaysOn))
      .then([
        {
          type: 'SlaBreached',
          data: {
            caseId,
            customerId,
            metric: 'resolution',
            cycle: 1,
            priority: 'normal',
            due: '2026-03-10T10:00:00.000Z',
          },
        },
      ]);
  });

  it('records nothing for a resolution held by pending, nor for an unknown case', () => {
    const pendingEarly = [
      ...openedByCustomer,
      agentMessage('m-2', '2026-03-03T11:00:00.000Z'),
      markedPending('2026-03-03T12:00:00.000Z'),
    ];
    given(caseDecider, pendingEarly).when(record, at('2026-03-31T10:00:00.000Z')).thenNothing();
    given(caseDecider).when(record, at(thursday)).thenThrows(NotFoundError, 'case-not-found');
  });
});
