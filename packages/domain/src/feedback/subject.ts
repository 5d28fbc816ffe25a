import { type CaseState, evolveCase, initialCaseState } from '../case/case';
import type { CaseEvent } from '../case/events';
import type { DomainEvent } from '../events';
import type { OrderEvent } from '../order/events';
import { evolveOrder, initialOrderState, type OrderState } from '../order/order';
import type { RepairEvent } from '../repair/events';
import { evolveRepair, initialRepairState, type RepairState } from '../repair/repair';
import type { ReturnEvent } from '../return/events';
import { evolveReturn, initialReturnState, type ReturnState } from '../return/return';
import { streams } from '../streams';
import type { FeedbackSubject } from './events';

/**
 * What a feedback decision must know of its subject, read by the caller from the subject's own
 * stream: whose it is, and whether it has reached the point where feedback makes sense (an order
 * delivered, a return approved or finished (settled or rejected), a repair completed, a support case solved or closed).
 * Null: no such subject.
 */
export type FeedbackSubjectFacts = Readonly<{ customerId: string; status: string; eligible: boolean }> | null;

/**
 * Approved, or finished: settled (refunded, exchanged, credited) or rejected — a customer whose
 * return was turned down is the one whose answer the shop most needs. Only a return still
 * waiting for its decision is not yet a subject of feedback.
 */
const RETURN_ELIGIBLE: readonly string[] = [
  'approved',
  'received',
  'refunded',
  'exchanged',
  'credited',
  'rejected',
];

export function orderFeedbackFacts(order: OrderState): FeedbackSubjectFacts {
  if (order.status === 'none') return null;
  return { customerId: order.customerId, status: order.status, eligible: order.status === 'delivered' };
}

export function returnFeedbackFacts(state: ReturnState): FeedbackSubjectFacts {
  if (state.status === 'none') return null;
  return {
    customerId: state.customerId,
    status: state.status,
    eligible: RETURN_ELIGIBLE.includes(state.status),
  };
}

export function repairFeedbackFacts(state: RepairState): FeedbackSubjectFacts {
  if (state.status === 'none') return null;
  return { customerId: state.customerId, status: state.status, eligible: state.status === 'completed' };
}

export function caseFeedbackFacts(state: CaseState): FeedbackSubjectFacts {
  if (state.status === 'none') return null;
  return {
    customerId: state.customerId,
    status: state.status,
    eligible: state.status === 'solved' || state.status === 'closed',
  };
}

/** The stream a feedback's subject lives in. */
export function subjectStream(subject: FeedbackSubject): string {
  switch (subject.type) {
    case 'order':
      return streams.order(subject.id);
    case 'return':
      return streams.return(subject.id);
    case 'repair':
      return streams.repair(subject.id);
    case 'case':
      return streams.case(subject.id);
    default: {
      const _exhaustive: never = subject.type;
      return _exhaustive;
    }
  }
}

/** The facts of a subject from its stream's events (upcast), folded by the subject's own decider. */
export function feedbackSubjectFacts(
  subject: FeedbackSubject,
  events: readonly DomainEvent[],
): FeedbackSubjectFacts {
  switch (subject.type) {
    case 'order':
      return orderFeedbackFacts((events as readonly OrderEvent[]).reduce(evolveOrder, initialOrderState()));
    case 'return':
      return returnFeedbackFacts(
        (events as readonly ReturnEvent[]).reduce(evolveReturn, initialReturnState()),
      );
    case 'repair':
      return repairFeedbackFacts(
        (events as readonly RepairEvent[]).reduce(evolveRepair, initialRepairState()),
      );
    case 'case':
      return caseFeedbackFacts((events as readonly CaseEvent[]).reduce(evolveCase, initialCaseState()));
    default: {
      const _exhaustive: never = subject.type;
      return _exhaustive;
    }
  }
}
