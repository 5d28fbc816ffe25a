/** Where a case stands for a decision: refusals with their codes, and the windows after solving. */
import { IllegalStateError, NotFoundError } from '../shared/errors';
import { type DecisionContext, rulesAt } from '../shared/rules';
import { addDays, isBefore } from '../shared/time';
import type { CaseState, OpenedCase } from './case';

export function refusal(code: string, state: OpenedCase): IllegalStateError {
  return new IllegalStateError(code, `case ${state.caseId} is ${state.status}`, {
    caseId: state.caseId,
    status: state.status,
  });
}

export function requireCase(state: CaseState, caseId: string): OpenedCase {
  if (state.status === 'none') {
    throw new NotFoundError('case-not-found', `case ${caseId} was never opened`, { caseId });
  }
  return state;
}

export function supportRules(state: OpenedCase, context: DecisionContext) {
  return rulesAt(context.rules, state.openedAt).support;
}

/** Solved and past the close window is closed, whether or not CaseClosed is recorded yet. */
export function isClosed(state: OpenedCase, context: DecisionContext): boolean {
  if (state.status === 'closed') return true;
  if (state.status !== 'solved') return false;
  const closesAt = addDays(state.solvedAt, supportRules(state, context).closeAfterDays);
  return !isBefore(context.now, closesAt);
}

export function withinReopenWindow(
  state: OpenedCase & { status: 'solved' },
  context: DecisionContext,
): boolean {
  return isBefore(context.now, addDays(state.solvedAt, supportRules(state, context).reopenWindowDays));
}

/** A case that can still change: not closed (a closed case never reopens). */
export function requireNotClosed(state: CaseState, caseId: string, context: DecisionContext): OpenedCase {
  const found = requireCase(state, caseId);
  if (isClosed(found, context)) throw refusal('case-closed', found);
  return found;
}

export function requireUnsolved(state: CaseState, caseId: string, context: DecisionContext) {
  const found = requireNotClosed(state, caseId, context);
  if (found.status === 'solved') throw refusal('case-solved', found);
  return found;
}
