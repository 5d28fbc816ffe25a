import {
  type CaseCommand,
  type CaseEvent,
  type CustomerState,
  caseDecider,
  customerDecider,
  type DomainEvent,
  defaultRulesTimeline,
  noConsents,
} from '@aftersales/domain';

/**
 * A small fixed support history (shop Mon–Fri 09:00–17:00 UTC, the default SLA targets), decided
 * by the domain's case decider so every event is one the system would record. The figures the
 * BI views must give for it are hand-computed in support.int.test.ts.
 *
 * A  email, normal: opened Mon 2 Mar 09:00, answered 11:00, solved 13:00 (everything met).
 * B  chat, normal: opened Fri 6 Mar 16:30 (chat: 10 min to a first response, due 16:40), answered
 *    Mon 9 Mar 10:00 (breach recorded), pending 10:30–11:30, solved 12:00.
 * C  phone, urgent, opened by an agent Tue 3 Mar 09:00, answered 09:30, solved Wed 10:00 (the 8 h
 *    resolution was due Tue 17:00: breached), reopened Wed 12:00, solved again 13:00.
 * D  email, high: opened Wed 4 Mar 09:00, assigned to team returns, never answered (the 4 h
 *    first response, due 13:00, recorded as breached).
 * E  email, normal, in April: opened Tue 14 Apr 09:00, answered 10:00; the customer writes again
 *    11:00 (next response 1), answered 12:30; writes again Wed 15 Apr 16:00 (next response 2, 16 h
 *    due Fri 17 Apr 16:00), answered only Mon 20 Apr 10:00 (late); solved 11:00.
 *
 * The BI views read `now()` and take no "as of", so what depends on the day the test runs is built
 * relative to `now` (an argument, so a rebuild can replay the very same history):
 * F  email, normal, unassigned, opened 2 h ago, still open (backlog < 1 d).
 * G  email, low, assigned to agent-2, opened 2 days ago, pending since 1 day ago (backlog 1-3 d).
 * H  phone, normal, unassigned, opened 5 days ago, still open (backlog 3-7 d).
 * J  email, normal: opened 30 days and 1 h ago, solved 1 h later; no order: its 90 days are not over.
 * K  email, normal: opened 100 days and 1 h ago, solved 1 h later; ordered 95 days ago (a repeat).
 * The March and April cases are always past their 90 days (the history is in the past).
 */
function customer(customerId: string): CustomerState {
  let state = customerDecider.initialState();
  state = customerDecider.evolve(state, {
    type: 'CustomerRegistered',
    data: {
      customerId,
      name: 'Test Customer',
      email: `${customerId}@example.test`,
      language: 'en',
      timezone: 'UTC',
      consents: noConsents,
      registeredAt: '2026-01-01T00:00:00.000Z',
    },
  });
  return state;
}

class CaseStory {
  private state = caseDecider.initialState();
  readonly events: CaseEvent[] = [];
  constructor(
    readonly caseId: string,
    readonly customerId: string,
  ) {}

  run(now: string, command: CaseCommand): this {
    const context = { now, rules: defaultRulesTimeline, customer: customer(this.customerId) };
    for (const event of caseDecider.decide(command, this.state, context)) {
      this.state = caseDecider.evolve(this.state, event);
      this.events.push(event);
    }
    return this;
  }

  open(now: string, channel: 'email' | 'chat' | 'phone', patch: object = {}) {
    return this.run(now, {
      type: 'OpenCase',
      data: {
        caseId: this.caseId,
        customerId: this.customerId,
        channel,
        openedBy: { type: 'customer' },
        message: { messageId: `${this.caseId}-m0`, body: 'Help, please.' },
        ...patch,
      },
    } as CaseCommand);
  }
  reply(now: string) {
    return this.run(now, {
      type: 'AddCaseMessage',
      data: {
        caseId: this.caseId,
        messageId: `${this.caseId}-${now}`,
        direction: 'out',
        agentId: 'agent-1',
        body: 'Done.',
      },
    });
  }
  write(now: string) {
    return this.run(now, {
      type: 'AddCaseMessage',
      data: { caseId: this.caseId, messageId: `${this.caseId}-in-${now}`, direction: 'in', body: 'And?' },
    });
  }
  assign(now: string, assignee: { type: 'agent' | 'team'; id: string }) {
    return this.run(now, { type: 'AssignCase', data: { caseId: this.caseId, assignee } });
  }
  on(now: string, type: 'SolveCase' | 'ReopenCase' | 'MarkCasePending' | 'ResumeCase' | 'RecordSlaBreaches') {
    return this.run(now, { type, data: { caseId: this.caseId } });
  }
}

const feedback = (caseId: string, customerId: string, csat: number, submittedAt: string): DomainEvent => ({
  type: 'FeedbackSubmitted',
  data: { feedbackId: `f-${caseId}`, customerId, subject: { type: 'case', id: caseId }, csat, submittedAt },
});
const order = (orderId: string, customerId: string, placedAt: string): DomainEvent => ({
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId,
    currency: 'EUR',
    lines: [
      {
        lineNo: 1,
        sku: 'K-1',
        name: 'Kettle',
        category: 'kitchen',
        qty: 1,
        unitPrice: 4_000,
        warrantyMonths: 0,
      },
    ],
    placedAt,
  },
});

export function supportScenario(now: Date = new Date()): DomainEvent[] {
  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
  const day = 24;
  const a = new CaseStory('case-a', 'cus-a')
    .open('2026-03-02T09:00:00.000Z', 'email')
    .reply('2026-03-02T11:00:00.000Z')
    .on('2026-03-02T13:00:00.000Z', 'SolveCase');
  const b = new CaseStory('case-b', 'cus-b')
    .open('2026-03-06T16:30:00.000Z', 'chat')
    .on('2026-03-06T16:41:00.000Z', 'RecordSlaBreaches')
    .reply('2026-03-09T10:00:00.000Z')
    .on('2026-03-09T10:30:00.000Z', 'MarkCasePending')
    .on('2026-03-09T11:30:00.000Z', 'ResumeCase')
    .on('2026-03-09T12:00:00.000Z', 'SolveCase');
  const c = new CaseStory('case-c', 'cus-c')
    .open('2026-03-03T09:00:00.000Z', 'phone', {
      openedBy: { type: 'agent', agentId: 'agent-1' },
      message: undefined,
      priority: 'urgent',
    })
    .reply('2026-03-03T09:30:00.000Z')
    .on('2026-03-03T17:01:00.000Z', 'RecordSlaBreaches')
    .on('2026-03-04T10:00:00.000Z', 'SolveCase')
    .on('2026-03-04T12:00:00.000Z', 'ReopenCase')
    .on('2026-03-04T13:00:00.000Z', 'SolveCase');
  const d = new CaseStory('case-d', 'cus-d')
    .open('2026-03-04T09:00:00.000Z', 'email', { priority: 'high' })
    .run('2026-03-04T09:05:00.000Z', {
      type: 'AssignCase',
      data: { caseId: 'case-d', assignee: { type: 'team', id: 'returns' } },
    })
    .on('2026-03-04T13:01:00.000Z', 'RecordSlaBreaches');
  const e = new CaseStory('case-e', 'cus-e')
    .open('2026-04-14T09:00:00.000Z', 'email')
    .reply('2026-04-14T10:00:00.000Z')
    .write('2026-04-14T11:00:00.000Z')
    .reply('2026-04-14T12:30:00.000Z')
    .write('2026-04-15T16:00:00.000Z')
    .reply('2026-04-20T10:00:00.000Z')
    .on('2026-04-20T11:00:00.000Z', 'SolveCase');
  const f = new CaseStory('case-f', 'cus-f').open(ago(2), 'email');
  const g = new CaseStory('case-g', 'cus-g')
    .open(ago(2 * day), 'email', { priority: 'low' })
    .assign(ago(2 * day - 1), { type: 'agent', id: 'agent-2' })
    .on(ago(day), 'MarkCasePending');
  const h = new CaseStory('case-h', 'cus-h').open(ago(5 * day), 'phone');
  const j = new CaseStory('case-j', 'cus-j').open(ago(30 * day + 1), 'email').on(ago(30 * day), 'SolveCase');
  const k = new CaseStory('case-k', 'cus-k')
    .open(ago(100 * day + 1), 'email')
    .on(ago(100 * day), 'SolveCase');
  return [
    ...a.events,
    feedback('case-a', 'cus-a', 5, '2026-03-02T14:00:00.000Z'),
    ...c.events,
    feedback('case-c', 'cus-c', 4, '2026-03-04T14:00:00.000Z'),
    ...d.events,
    ...b.events,
    feedback('case-b', 'cus-b', 2, '2026-03-09T13:00:00.000Z'),
    ...e.events,
    feedback('case-e', 'cus-e', 3, '2026-04-20T12:00:00.000Z'),
    ...f.events,
    ...g.events,
    ...h.events,
    ...j.events,
    ...k.events,
    order('o-k', 'cus-k', ago(95 * day)),
    // A comes back within 90 days; B only after them; C's order is cancelled.
    order('o-a', 'cus-a', '2026-04-01T10:00:00.000Z'),
    order('o-b', 'cus-b', '2026-07-01T10:00:00.000Z'),
    order('o-c', 'cus-c', '2026-03-20T10:00:00.000Z'),
    {
      type: 'OrderCancelled',
      data: {
        orderId: 'o-c',
        customerId: 'cus-c',
        reason: 'changed-mind',
        cancelledAt: '2026-03-21T10:00:00.000Z',
      },
    },
  ];
}
