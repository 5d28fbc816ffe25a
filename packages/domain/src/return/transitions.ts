import { IllegalStateError, NotFoundError } from '../shared/errors';
import type { ReturnState, ReturnStatus } from './return';

/**
 * Refusals of illegal lifecycle steps, each with a stable code that tells the caller where the
 * return stands: a step is deciding (approve/reject), receiving, or resolving (refund/exchange/credit).
 */
export type ReturnStep = 'decide' | 'receive' | 'resolve';

const RESOLVED: readonly ReturnStatus[] = ['refunded', 'exchanged', 'credited'];

function refusalCode(step: ReturnStep, status: ReturnStatus): string {
  if (RESOLVED.includes(status)) return 'return-already-resolved';
  if (step === 'decide') return 'return-already-decided';
  if (status === 'rejected') return 'return-rejected';
  if (step === 'receive') return status === 'requested' ? 'return-not-approved' : 'return-already-received';
  return 'return-not-received';
}

export function refusal(code: string, state: Exclude<ReturnState, { status: 'none' }>): IllegalStateError {
  return new IllegalStateError(code, `return ${state.returnId} is ${state.status}`, {
    returnId: state.returnId,
    status: state.status,
  });
}

/** The state, narrowed to the one status the step may start from, or the refusal why not. */
export function requireStatus<S extends Exclude<ReturnStatus, 'none'>>(
  state: ReturnState,
  returnId: string,
  step: ReturnStep,
  from: S,
): Extract<ReturnState, { status: S }> {
  if (state.status === 'none') {
    throw new NotFoundError('return-not-found', `return ${returnId} was never requested`, { returnId });
  }
  if (state.status !== from) throw refusal(refusalCode(step, state.status), state);
  return state as Extract<ReturnState, { status: S }>;
}
