import type { Instant } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { addDays } from '../shared/time';
import type { CaseState } from './case';
import type { CaseCommand } from './decide';
import type { CaseEvent } from './events';
import { supportRules } from './guards';
import { nextSlaWake, unrecordedAtRisk, unrecordedBreaches } from './sla-clocks';

/**
 * The deadline watcher's errands on a case (DESIGN.md "Support cases"): record at-risk alerts
 * and breaches of its SLA targets, and close it at the end of the close window. Pure: the worker
 * that runs it (packages/command-api/src/deadlines) brings the clock and the store.
 */

/**
 * The name of a fact the watcher records, unique to the fact: a breach or an at-risk alert per
 * case, metric and cycle, a closing per case and solution. Its event id is the uuid v5 of this
 * name, so the same fact appended again (a replay, a restart, a second watcher) is the same event,
 * which the store absorbs. Undefined for events the watcher never records.
 */
export function watcherEventName(event: CaseEvent): string | undefined {
  switch (event.type) {
    case 'SlaBreached':
      return `case-${event.data.caseId}/sla/${event.data.metric}/${event.data.cycle}/breached`;
    case 'SlaAtRisk':
      return `case-${event.data.caseId}/sla/${event.data.metric}/${event.data.cycle}/at-risk`;
    case 'CaseClosed':
      return `case-${event.data.caseId}/closed/${event.data.closedAt}`;
    default:
      return undefined;
  }
}

/** When a solved case closes (under the rules in force when it was opened). */
export function closesAt(state: CaseState, context: DecisionContext): Instant | undefined {
  if (state.status !== 'solved') return undefined;
  return addDays(state.solvedAt, supportRules(state, context).closeAfterDays);
}

/** The instant the watcher must look at this case again; undefined: nothing left to do. */
export function nextWatcherWake(state: CaseState, context: DecisionContext): Instant | undefined {
  if (state.status === 'none' || state.status === 'closed') return undefined;
  const closing = closesAt(state, context);
  const sla = nextSlaWake(state, supportRules(state, context), context.now);
  if (closing === undefined) return sla;
  if (sla === undefined) return closing;
  return Date.parse(sla) <= Date.parse(closing) ? sla : closing;
}

/** The commands the watcher runs on a case at `context.now`: those with something to record. */
export function watcherCommandsAt(state: CaseState, context: DecisionContext): CaseCommand[] {
  if (state.status === 'none' || state.status === 'closed') return [];
  const { caseId } = state;
  const support = supportRules(state, context);
  const commands: CaseCommand[] = [];
  if (unrecordedBreaches(state, support, context.now).length > 0) {
    commands.push({ type: 'RecordSlaBreaches', data: { caseId } });
  }
  if (unrecordedAtRisk(state, support, context.now).length > 0) {
    commands.push({ type: 'RecordSlaAtRisk', data: { caseId } });
  }
  const closing = closesAt(state, context);
  if (closing !== undefined && Date.parse(closing) <= Date.parse(context.now)) {
    commands.push({ type: 'CloseCase', data: { caseId } });
  }
  return commands;
}
