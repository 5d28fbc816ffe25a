import type { Instant } from '../shared/event';
import type { CaseAssignee, CaseAuthor, CaseChannel, CaseEvent, CasePriority, CaseSubject } from './events';
import type { SlaMetric } from './sla-policy';

/**
 * A support case's lifecycle:
 *
 *   open ⇄ pending          (waiting for the customer; a customer reply resumes it)
 *   open | pending ──▶ solved ──(customer reply or agent, within 7 days)──▶ open
 *   solved ──(7 days after solving)──▶ closed        (never reopens)
 */
export const caseLifecycle = {
  none: ['open'],
  open: ['pending', 'solved'],
  pending: ['open', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
} as const satisfies Record<string, readonly string[]>;

export type CaseStatus = keyof typeof caseLifecycle;

/**
 * One measured span of an SLA metric. First response: opening → the first agent message.
 * Next response: a customer message → the next agent message (a new cycle each time).
 * Resolution: opening (or reopening) → solved, less the spans spent pending.
 */
export type SlaCycle = Readonly<{
  metric: SlaMetric;
  /** 1, 2, … per metric. */
  cycle: number;
  startedAt: Instant;
  /** The priority whose target applies: the case's while running, kept as it was once stopped. */
  priority: CasePriority;
  stoppedAt?: Instant;
  /** Pending spans (resolution only); `to` is absent while the case is pending. */
  pauses: readonly Readonly<{ from: Instant; to?: Instant }>[];
}>;

type CaseFacts = Readonly<{
  caseId: string;
  customerId: string;
  channel: CaseChannel;
  priority: CasePriority;
  openedBy: CaseAuthor;
  subject?: CaseSubject;
  escalatedFromFeedbackId?: string;
  previousCaseId?: string;
  openedAt: Instant;
  assignee?: CaseAssignee;
  /** Ids of the messages recorded, so a repeated message is recognised. */
  messageIds: readonly string[];
  cycles: readonly SlaCycle[];
  /** `metric:cycle` of every breach recorded, so each is recorded once. */
  breaches: readonly string[];
  /** `metric:cycle` of every at-risk alert recorded (at most one per cycle). */
  atRisk: readonly string[];
  reopenCount: number;
}>;

export type CaseState =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'open' }> & CaseFacts)
  | (Readonly<{ status: 'pending'; pendingSince: Instant }> & CaseFacts)
  | (Readonly<{ status: 'solved'; solvedAt: Instant }> & CaseFacts)
  | (Readonly<{ status: 'closed'; solvedAt: Instant; closedAt: Instant }> & CaseFacts);

export type OpenedCase = Exclude<CaseState, { status: 'none' }>;

export function initialCaseState(): CaseState {
  return { status: 'none' };
}

export const breachKey = (metric: SlaMetric, cycle: number) => `${metric}:${cycle}`;

const running = (cycle: SlaCycle) => cycle.stoppedAt === undefined;
const isResponse = (cycle: SlaCycle) => cycle.metric !== 'resolution';

function startCycle(cycles: readonly SlaCycle[], metric: SlaMetric, at: Instant, priority: CasePriority) {
  const cycle = cycles.filter((c) => c.metric === metric).length + 1;
  return [...cycles, { metric, cycle, startedAt: at, priority, pauses: [] }];
}

function stopCycles(cycles: readonly SlaCycle[], which: (cycle: SlaCycle) => boolean, at: Instant) {
  return cycles.map((cycle) =>
    running(cycle) && which(cycle)
      ? { ...cycle, stoppedAt: at, pauses: cycle.pauses.map((pause) => ({ to: at, ...pause })) }
      : cycle,
  );
}

function pauseResolution(cycles: readonly SlaCycle[], at: Instant) {
  return cycles.map((cycle) =>
    running(cycle) && cycle.metric === 'resolution'
      ? { ...cycle, pauses: [...cycle.pauses, { from: at }] }
      : cycle,
  );
}

function resumeResolution(cycles: readonly SlaCycle[], at: Instant) {
  return cycles.map((cycle) =>
    running(cycle) && cycle.metric === 'resolution'
      ? { ...cycle, pauses: cycle.pauses.map((pause) => ({ to: at, ...pause })) }
      : cycle,
  );
}

/** A customer message while the case is open starts a next-response cycle, unless one runs. */
function afterMessage(state: OpenedCase, direction: 'in' | 'out', at: Instant): readonly SlaCycle[] {
  if (direction === 'out') return stopCycles(state.cycles, isResponse, at);
  const answered = !state.cycles.some((cycle) => isResponse(cycle) && running(cycle));
  if (state.status !== 'open' || !answered) return state.cycles;
  return startCycle(state.cycles, 'nextResponse', at, state.priority);
}

/** The facts of a case without the fields that belong to one status. */
function factsOf(state: OpenedCase): CaseFacts {
  const { status: _status, ...rest } = state;
  const {
    pendingSince: _p,
    solvedAt: _s,
    closedAt: _c,
    ...facts
  } = rest as typeof rest & {
    pendingSince?: Instant;
    solvedAt?: Instant;
    closedAt?: Instant;
  };
  return facts;
}

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') {
    const { openedAt, priority, ...opened } = event.data;
    const cycles = startCycle(
      startCycle([], 'firstResponse', openedAt, priority),
      'resolution',
      openedAt,
      priority,
    );
    return {
      status: 'open',
      ...opened,
      priority,
      openedAt,
      messageIds: [],
      cycles,
      breaches: [],
      atRisk: [],
      reopenCount: 0,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CaseMessageAdded': {
      const { messageId, direction, addedAt } = event.data;
      return {
        ...state,
        messageIds: [...state.messageIds, messageId],
        cycles: afterMessage(state, direction, addedAt),
      };
    }
    case 'CaseAssigned':
      return { ...state, assignee: event.data.assignee };
    case 'CasePriorityChanged': {
      const priority = event.data.to;
      const cycles = state.cycles.map((cycle) => (running(cycle) ? { ...cycle, priority } : cycle));
      return { ...state, priority, cycles };
    }
    case 'CaseMarkedPending':
      if (state.status !== 'open') return state;
      return {
        ...state,
        status: 'pending',
        pendingSince: event.data.pendingAt,
        cycles: pauseResolution(state.cycles, event.data.pendingAt),
      };
    case 'CaseResumed':
      if (state.status !== 'pending') return state;
      return {
        ...factsOf(state),
        status: 'open',
        cycles: resumeResolution(state.cycles, event.data.resumedAt),
      };
    case 'CaseSolved':
      if (state.status !== 'open' && state.status !== 'pending') return state;
      return {
        ...factsOf(state),
        status: 'solved',
        solvedAt: event.data.solvedAt,
        cycles: stopCycles(state.cycles, () => true, event.data.solvedAt),
      };
    case 'CaseReopened': {
      if (state.status !== 'solved') return state;
      const { reopenedAt } = event.data;
      return {
        ...factsOf(state),
        status: 'open',
        reopenCount: state.reopenCount + 1,
        cycles: startCycle(state.cycles, 'resolution', reopenedAt, state.priority),
      };
    }
    case 'CaseClosed':
      if (state.status !== 'solved') return state;
      return { ...state, status: 'closed', closedAt: event.data.closedAt };
    case 'SlaBreached':
      return { ...state, breaches: [...state.breaches, breachKey(event.data.metric, event.data.cycle)] };
    case 'SlaAtRisk':
      return { ...state, atRisk: [...state.atRisk, breachKey(event.data.metric, event.data.cycle)] };
    default: {
      const _exhaustive: never = event;
      // An event type this version does not know changes nothing.
      return state;
    }
  }
}
