import {
  type CaseEvent,
  type CaseState,
  caseDecider,
  caseSlaClocks,
  type DomainEventOf,
  defaultRulesTimeline,
  type OpenedCase,
  type RulesTimeline,
  rulesAt,
  type SlaCycle,
} from '@aftersales/domain';

export const CASE_EVENT_TYPES = [
  'CaseOpened',
  'CaseMessageAdded',
  'CaseAssigned',
  'CasePriorityChanged',
  'CaseMarkedPending',
  'CaseResumed',
  'CaseSolved',
  'CaseReopened',
  'CaseClosed',
  'SlaBreached',
  'SlaAtRisk',
] as const satisfies readonly CaseEvent['type'][];
export const SUPPORT_EVENT_TYPES = [
  ...CASE_EVENT_TYPES,
  'FeedbackSubmitted',
  'OrderPlaced',
  'OrderCancelled',
] as const;
export type SupportEvent = DomainEventOf<(typeof SUPPORT_EVENT_TYPES)[number]>;

/** What a case row remembers beyond its state: times the state does not keep. */
type CaseTimes = {
  firstResponseAt?: string;
  firstSolvedAt?: string;
  lastSolvedAt?: string;
  closedAt?: string;
};
export type StoredCase = Readonly<{ state: CaseState; times: CaseTimes }>;

const isCaseEvent = (event: SupportEvent): event is CaseEvent =>
  (CASE_EVENT_TYPES as readonly string[]).includes(event.type);

/** Folds a batch's case events onto the stored cases (only those the batch touches change). */
export function foldCases(
  events: readonly SupportEvent[],
  stored: ReadonlyMap<string, StoredCase>,
): Map<string, StoredCase> {
  const touched = new Map<string, StoredCase>();
  for (const event of events) {
    if (!isCaseEvent(event)) continue;
    const caseId = event.data.caseId;
    const before = touched.get(caseId) ??
      stored.get(caseId) ?? { state: caseDecider.initialState(), times: {} };
    const times = { ...before.times };
    if (event.type === 'CaseMessageAdded' && event.data.direction === 'out') {
      times.firstResponseAt ??= event.data.addedAt;
    }
    if (event.type === 'CaseSolved') {
      times.firstSolvedAt ??= event.data.solvedAt;
      times.lastSolvedAt = event.data.solvedAt;
    }
    if (event.type === 'CaseClosed') times.closedAt = event.data.closedAt;
    touched.set(caseId, { state: caseDecider.evolve(before.state, event), times });
  }
  return touched;
}

const secondsBetween = (from: string, to: string) => Math.trunc((Date.parse(to) - Date.parse(from)) / 1000);

/** Wall-clock seconds a stopped cycle ran: start to stop, less its pauses. */
function wallSeconds(cycle: SlaCycle): number | null {
  if (!cycle.stoppedAt) return null;
  const paused = cycle.pauses.reduce(
    (sum, p) => sum + secondsBetween(p.from, p.to ?? cycle.stoppedAt ?? p.from),
    0,
  );
  return secondsBetween(cycle.startedAt, cycle.stoppedAt) - paused;
}

export function caseRow(caseId: string, { state, times }: StoredCase) {
  const opened = state as OpenedCase;
  return {
    case_id: caseId,
    customer_id: opened.customerId,
    channel: opened.channel,
    priority: opened.priority,
    status: opened.status,
    opened_at: opened.openedAt,
    first_response_at: times.firstResponseAt ?? null,
    first_solved_at: times.firstSolvedAt ?? null,
    last_solved_at: times.lastSolvedAt ?? null,
    closed_at: times.closedAt ?? null,
    assignee: opened.assignee ? `${opened.assignee.type}:${opened.assignee.id}` : null,
    reopen_count: opened.reopenCount,
    breaches: opened.breaches.length,
    escalated_from_feedback_id: opened.escalatedFromFeedbackId ?? null,
  };
}

/**
 * The case's SLA cycles, measured with the domain's clocks under the rules in force at its
 * opening. Deterministic: a stopped cycle's figures depend on its own instants only, and a running
 * one is undecided until its breach is recorded.
 */
export function cycleRows(
  caseId: string,
  { state }: StoredCase,
  rules: RulesTimeline = defaultRulesTimeline,
) {
  const opened = state as OpenedCase;
  const support = rulesAt(rules, opened.openedAt).support;
  const clocks = caseSlaClocks(opened, support, opened.openedAt);
  return opened.cycles.map((cycle, index) => {
    const clock = clocks[index];
    const recorded = opened.breaches.includes(`${cycle.metric}:${cycle.cycle}`);
    const stopped = cycle.stoppedAt !== undefined;
    const late =
      stopped && clock?.due !== undefined && Date.parse(cycle.stoppedAt ?? '') > Date.parse(clock.due);
    return {
      case_id: caseId,
      metric: cycle.metric,
      cycle: cycle.cycle,
      channel: opened.channel,
      priority: cycle.priority,
      started_at: cycle.startedAt,
      stopped_at: cycle.stoppedAt ?? null,
      target_minutes: clock?.targetMinutes ?? 0,
      due_at: clock?.due ?? null,
      business_seconds: stopped ? (clock?.businessSeconds ?? null) : null,
      wall_seconds: wallSeconds(cycle),
      outcome: late || recorded ? 'breached' : stopped ? 'met' : null,
    };
  });
}

export function feedbackRow(event: DomainEventOf<'FeedbackSubmitted'>) {
  const d = event.data;
  if (d.subject.type !== 'case') return null;
  return {
    feedback_id: d.feedbackId,
    case_id: d.subject.id,
    customer_id: d.customerId,
    csat: d.csat,
    nps: d.nps ?? null,
    submitted_at: d.submittedAt,
  };
}
