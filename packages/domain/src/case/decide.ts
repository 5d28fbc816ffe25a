import type { CustomerState } from '../customer/customer';
import type { FeedbackSubjectFacts } from '../feedback/subject';
import type { Decider } from '../shared/decider';
import { unknownCommand } from '../shared/errors';
import type { Command } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { addDays, isBefore } from '../shared/time';
import { requireInstant } from '../shared/validation';
import { type CaseState, evolveCase, initialCaseState } from './case';
import type { CaseAssignee, CaseAuthor, CaseChannel, CaseEvent, CasePriority, CaseSubject } from './events';
import {
  refusal,
  requireCase,
  requireNotClosed,
  requireUnsolved,
  supportRules,
  withinReopenWindow,
} from './guards';
import { openCase } from './open';
import { caseSlaClocks, slaOutcomes, unrecordedAtRisk, unrecordedBreaches } from './sla-clocks';
import {
  requireAgentId,
  requireAssignee,
  requireBody,
  requireChannel,
  requireDirection,
  requireId,
  requirePriority,
} from './validate';

export type OpenCase = Command<
  'OpenCase',
  {
    caseId: string;
    customerId: string;
    channel: CaseChannel;
    openedBy: CaseAuthor;
    /** Default `normal`; `high` for a case opened by a low-score escalation. */
    priority?: CasePriority;
    subject?: CaseSubject;
    /** The customer's message that opens the case (required when the customer opens it). */
    message?: Readonly<{ messageId: string; body: string }>;
    escalatedFromFeedbackId?: string;
    previousCaseId?: string;
  }
>;
export type AddCaseMessage = Command<
  'AddCaseMessage',
  {
    caseId: string;
    messageId: string;
    direction: 'in' | 'out';
    /** The agent who writes; required for `out`. */
    agentId?: string;
    /** Default: the case's channel. */
    channel?: CaseChannel;
    body: string;
  }
>;
export type AssignCase = Command<'AssignCase', { caseId: string; assignee: CaseAssignee }>;
export type ChangeCasePriority = Command<'ChangeCasePriority', { caseId: string; priority: CasePriority }>;
export type MarkCasePending = Command<'MarkCasePending', { caseId: string }>;
export type ResumeCase = Command<'ResumeCase', { caseId: string }>;
export type SolveCase = Command<'SolveCase', { caseId: string }>;
export type ReopenCase = Command<'ReopenCase', { caseId: string }>;
/** Recorded once the close window after solving has passed (by whoever watches deadlines). */
export type CloseCase = Command<'CloseCase', { caseId: string }>;

/** Records every target of the case that has passed unrecorded (the deadline watcher's command). */
export type RecordSlaBreaches = Command<'RecordSlaBreaches', { caseId: string }>;
/** The deadline watcher's other record: targets at the at-risk share, still unanswered. */
export type RecordSlaAtRisk = Command<'RecordSlaAtRisk', { caseId: string }>;

export type CaseCommand =
  | RecordSlaBreaches
  | RecordSlaAtRisk
  | OpenCase
  | AddCaseMessage
  | AssignCase
  | ChangeCasePriority
  | MarkCasePending
  | ResumeCase
  | SolveCase
  | ReopenCase
  | CloseCase;

/**
 * Opening is decided knowing the customer and, when one is named, the subject (read by the
 * caller from their streams); the later steps need only the case's own stream.
 */
export type CaseOpenContext = DecisionContext &
  Readonly<{ customer: CustomerState; subject?: FeedbackSubjectFacts }>;
export type CaseDecisionContext = DecisionContext &
  Readonly<{ customer?: CustomerState; subject?: FeedbackSubjectFacts }>;

/**
 * A message is recorded once per id (a repeat changes nothing). A customer's reply resumes a
 * pending case and reopens a solved one within the reopen window; after it the case is closed.
 */
function addMessage({ data }: AddCaseMessage, state: CaseState, context: DecisionContext): CaseEvent[] {
  const found = requireCase(state, data.caseId);
  const messageId = requireId(data.messageId, 'messageId');
  if (found.messageIds.includes(messageId)) return [];
  const direction = requireDirection(data.direction);
  const author: CaseAuthor =
    direction === 'in' ? { type: 'customer' } : { type: 'agent', agentId: requireAgentId(data.agentId) };
  const channel = data.channel === undefined ? found.channel : requireChannel(data.channel);
  const body = requireBody(data.body);
  const current = requireNotClosed(state, found.caseId, context);
  const { now } = context;
  const message: CaseEvent = {
    type: 'CaseMessageAdded',
    data: {
      caseId: current.caseId,
      customerId: current.customerId,
      messageId,
      direction,
      channel,
      author,
      body,
      addedAt: now,
    },
  };
  if (direction === 'in' && current.status === 'pending') {
    return [
      { type: 'CaseResumed', data: { caseId: current.caseId, by: 'customer-reply', resumedAt: now } },
      message,
    ];
  }
  if (direction === 'in' && current.status === 'solved' && withinReopenWindow(current, context)) {
    return [
      {
        type: 'CaseReopened',
        data: {
          caseId: current.caseId,
          customerId: current.customerId,
          by: 'customer-reply',
          reopenedAt: now,
        },
      },
      message,
    ];
  }
  return [message];
}

function assignCase({ data }: AssignCase, state: CaseState, context: DecisionContext): CaseEvent[] {
  const found = requireUnsolved(state, data.caseId, context);
  const assignee = requireAssignee(data.assignee);
  const previous = found.assignee;
  if (previous && previous.type === assignee.type && previous.id === assignee.id) return [];
  return [
    {
      type: 'CaseAssigned',
      data: { caseId: found.caseId, assignee, ...(previous ? { previous } : {}), assignedAt: context.now },
    },
  ];
}

function changePriority(
  { data }: ChangeCasePriority,
  state: CaseState,
  context: DecisionContext,
): CaseEvent[] {
  const found = requireUnsolved(state, data.caseId, context);
  const priority = requirePriority(data.priority);
  if (priority === found.priority) return [];
  return [
    {
      type: 'CasePriorityChanged',
      data: { caseId: found.caseId, from: found.priority, to: priority, changedAt: context.now },
    },
  ];
}

function markPending({ data }: MarkCasePending, state: CaseState, context: DecisionContext): CaseEvent[] {
  const found = requireUnsolved(state, data.caseId, context);
  if (found.status === 'pending') return [];
  return [{ type: 'CaseMarkedPending', data: { caseId: found.caseId, pendingAt: context.now } }];
}

function resume({ data }: ResumeCase, state: CaseState, context: DecisionContext): CaseEvent[] {
  const found = requireUnsolved(state, data.caseId, context);
  if (found.status !== 'pending') return [];
  return [{ type: 'CaseResumed', data: { caseId: found.caseId, by: 'agent', resumedAt: context.now } }];
}

/** Solving stops every clock; the event records each cycle's due instant and whether it was met. */
function solve({ data }: SolveCase, state: CaseState, context: DecisionContext): CaseEvent[] {
  const found = requireNotClosed(state, data.caseId, context);
  if (found.status === 'solved') throw refusal('case-already-solved', found);
  const { now } = context;
  const solved = evolveCase(found, {
    type: 'CaseSolved',
    data: { caseId: found.caseId, customerId: found.customerId, sla: [], solvedAt: now },
  });
  const sla =
    solved.status === 'none' ? [] : slaOutcomes(caseSlaClocks(solved, supportRules(found, context), now));
  return [
    { type: 'CaseSolved', data: { caseId: found.caseId, customerId: found.customerId, sla, solvedAt: now } },
  ];
}

function reopen({ data }: ReopenCase, state: CaseState, context: DecisionContext): CaseEvent[] {
  const found = requireNotClosed(state, data.caseId, context);
  if (found.status !== 'solved') throw refusal('case-not-solved', found);
  if (!withinReopenWindow(found, context)) throw refusal('case-reopen-window-passed', found);
  return [
    {
      type: 'CaseReopened',
      data: { caseId: found.caseId, customerId: found.customerId, by: 'agent', reopenedAt: context.now },
    },
  ];
}

/** Closed at the end of the close window (not whenever this runs), and only once. */
function close({ data }: CloseCase, state: CaseState, context: DecisionContext): CaseEvent[] {
  const found = requireCase(state, data.caseId);
  if (found.status === 'closed') return [];
  if (found.status !== 'solved') throw refusal('case-not-solved', found);
  const closesAt = addDays(found.solvedAt, supportRules(found, context).closeAfterDays);
  if (isBefore(context.now, closesAt)) throw refusal('case-close-window-open', found);
  return [
    { type: 'CaseClosed', data: { caseId: found.caseId, customerId: found.customerId, closedAt: closesAt } },
  ];
}

/** Once per metric and cycle, whenever it runs: a repeat, a replay or a second watcher adds nothing. */
function recordBreaches(
  { data }: RecordSlaBreaches,
  state: CaseState,
  context: DecisionContext,
): CaseEvent[] {
  const found = requireCase(state, data.caseId);
  return unrecordedBreaches(found, supportRules(found, context), context.now).map((clock) => ({
    type: 'SlaBreached',
    data: {
      caseId: found.caseId,
      customerId: found.customerId,
      metric: clock.metric,
      cycle: clock.cycle,
      priority: clock.priority,
      due: clock.due ?? context.now,
    },
  }));
}

/** Once per metric and cycle, as breaches are; never for a target already passed or stopped. */
function recordAtRisk({ data }: RecordSlaAtRisk, state: CaseState, context: DecisionContext): CaseEvent[] {
  const found = requireCase(state, data.caseId);
  return unrecordedAtRisk(found, supportRules(found, context), context.now).flatMap((clock) =>
    clock.atRiskAt && clock.due
      ? [
          {
            type: 'SlaAtRisk' as const,
            data: {
              caseId: found.caseId,
              customerId: found.customerId,
              metric: clock.metric,
              cycle: clock.cycle,
              priority: clock.priority,
              atRiskAt: clock.atRiskAt,
              due: clock.due,
            },
          },
        ]
      : [],
  );
}

function decide(command: CaseCommand, state: CaseState, context: CaseDecisionContext): CaseEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'OpenCase':
      return openCase(command, state, context);
    case 'AddCaseMessage':
      return addMessage(command, state, context);
    case 'AssignCase':
      return assignCase(command, state, context);
    case 'ChangeCasePriority':
      return changePriority(command, state, context);
    case 'MarkCasePending':
      return markPending(command, state, context);
    case 'ResumeCase':
      return resume(command, state, context);
    case 'SolveCase':
      return solve(command, state, context);
    case 'ReopenCase':
      return reopen(command, state, context);
    case 'CloseCase':
      return close(command, state, context);
    case 'RecordSlaBreaches':
      return recordBreaches(command, state, context);
    case 'RecordSlaAtRisk':
      return recordAtRisk(command, state, context);
    default: {
      const _exhaustive: never = command;
      return unknownCommand(_exhaustive);
    }
  }
}

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState, CaseDecisionContext> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide,
};
