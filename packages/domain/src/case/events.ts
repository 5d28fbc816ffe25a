import type { Event, Instant } from '../shared/event';
import type { SlaMetric } from './sla-policy';

export const CASE_CHANNELS = ['email', 'phone', 'chat', 'web', 'social'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** What a case is about besides its customer. */
export type CaseSubject = Readonly<{ type: 'order' | 'return' | 'repair'; id: string }>;
/** Who wrote a message or opened a case: the case's customer, or an agent by id. */
export type CaseAuthor = Readonly<{ type: 'customer' } | { type: 'agent'; agentId: string }>;
export type CaseAssignee = Readonly<{ type: 'agent' | 'team'; id: string }>;
/** In: from the customer; out: from an agent to the customer. */
export type MessageDirection = 'in' | 'out';

/** How one SLA cycle stood when the case was solved. */
export type SlaOutcome = Readonly<{ metric: SlaMetric; cycle: number; due: Instant; met: boolean }>;

export type CaseOpened = Event<
  'CaseOpened',
  {
    caseId: string;
    customerId: string;
    channel: CaseChannel;
    priority: CasePriority;
    openedBy: CaseAuthor;
    subject?: CaseSubject;
    /** The feedback whose low score opened this case. */
    escalatedFromFeedbackId?: string;
    /** A closed case never reopens: a new case names the one it continues. */
    previousCaseId?: string;
    openedAt: Instant;
  }
>;
/** `body` is personal data: sealed with the customer's key (see packages/privacy). */
export type CaseMessageAdded = Event<
  'CaseMessageAdded',
  {
    caseId: string;
    customerId: string;
    messageId: string;
    direction: MessageDirection;
    channel: CaseChannel;
    author: CaseAuthor;
    body: string;
    addedAt: Instant;
  }
>;
export type CaseAssigned = Event<
  'CaseAssigned',
  { caseId: string; assignee: CaseAssignee; previous?: CaseAssignee; assignedAt: Instant }
>;
export type CasePriorityChanged = Event<
  'CasePriorityChanged',
  { caseId: string; from: CasePriority; to: CasePriority; changedAt: Instant }
>;
/** Waiting for the customer: the resolution clock stops until the case is open again. */
export type CaseMarkedPending = Event<'CaseMarkedPending', { caseId: string; pendingAt: Instant }>;
export type CaseResumed = Event<
  'CaseResumed',
  { caseId: string; by: 'customer-reply' | 'agent'; resumedAt: Instant }
>;
export type CaseSolved = Event<
  'CaseSolved',
  { caseId: string; customerId: string; sla: readonly SlaOutcome[]; solvedAt: Instant }
>;
/**
 * The customer's id rides along so that every reader partitioned by customer (the notifier's
 * lanes) sees the reopening in order with the solution before it.
 */
export type CaseReopened = Event<
  'CaseReopened',
  { caseId: string; customerId: string; by: 'customer-reply' | 'agent'; reopenedAt: Instant }
>;
export type CaseClosed = Event<'CaseClosed', { caseId: string; customerId: string; closedAt: Instant }>;
/** A target that passed, recorded once per metric and cycle (whenever the watcher noticed). */
export type SlaBreached = Event<
  'SlaBreached',
  {
    caseId: string;
    customerId: string;
    metric: SlaMetric;
    cycle: number;
    priority: CasePriority;
    due: Instant;
  }
>;

/**
 * A running target reached the policy's at-risk share (75 %) unanswered: the `sla-at-risk` alert.
 * Recorded once per metric and cycle, like a breach, by the deadline watcher.
 */
export type SlaAtRisk = Event<
  'SlaAtRisk',
  {
    caseId: string;
    customerId: string;
    metric: SlaMetric;
    cycle: number;
    priority: CasePriority;
    atRiskAt: Instant;
    due: Instant;
  }
>;

export type CaseEvent =
  | CaseOpened
  | CaseMessageAdded
  | CaseAssigned
  | CasePriorityChanged
  | CaseMarkedPending
  | CaseResumed
  | CaseSolved
  | CaseReopened
  | CaseClosed
  | SlaBreached
  | SlaAtRisk;
