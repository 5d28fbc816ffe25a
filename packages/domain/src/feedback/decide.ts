import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, unknownCommand, ValidationError } from '../shared/errors';
import type { Command } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { optionalText, requireInstant, requireIntegerInRange, requireText } from '../shared/validation';
import type { FeedbackEvent, FeedbackSubject, FeedbackSubjectType } from './events';
import { evolveFeedback, type FeedbackState, initialFeedbackState } from './feedback';
import type { FeedbackSubjectFacts } from './subject';

/** Feedback is decided knowing its subject (see `subject.ts`). */
export type FeedbackContext = DecisionContext & Readonly<{ subject: FeedbackSubjectFacts }>;

export type SubmitFeedback = Command<
  'SubmitFeedback',
  {
    feedbackId: string;
    customerId: string;
    subject: FeedbackSubject;
    /** 1–5 */
    csat: number;
    /** 0–10 */
    nps?: number;
    comment?: string;
  }
>;

export type FeedbackCommand = SubmitFeedback;

const SUBJECT_TYPES: readonly FeedbackSubjectType[] = ['order', 'return', 'repair', 'case'];

function requireSubject(value: unknown): FeedbackSubject {
  const subject = (value ?? {}) as Partial<FeedbackSubject>;
  if (!SUBJECT_TYPES.includes(subject.type as FeedbackSubjectType)) {
    throw new ValidationError('invalid-subject', `subject.type must be one of ${SUBJECT_TYPES.join(', ')}`, {
      field: 'subject.type',
    });
  }
  return {
    type: subject.type as FeedbackSubjectType,
    id: requireText(subject.id, 'invalid-subject', 'subject.id', 200),
  };
}

/**
 * One response per subject: the stream is the subject's, so a second is a conflict, not a new
 * fact. The subject must exist and be the customer's own (another customer's subject is answered
 * as missing, so nobody learns which ids exist), and must have reached the point where feedback
 * is asked for; otherwise nothing is recorded and nothing earned.
 */
function submitFeedback(
  { data }: SubmitFeedback,
  state: FeedbackState,
  { now, subject }: FeedbackContext,
): FeedbackEvent[] {
  if (state.status === 'submitted') {
    throw new IllegalStateError('feedback-already-given', 'this subject already has its feedback', {
      subject: state.subject,
      feedbackId: state.feedbackId,
    });
  }
  const nps =
    data.nps === undefined || data.nps === null
      ? undefined
      : requireIntegerInRange(data.nps, 'invalid-nps', 'nps', 0, 10);
  const comment = optionalText(data.comment, 'invalid-comment', 'comment', 5_000);
  const submittedFeedback = {
    feedbackId: requireText(data.feedbackId, 'invalid-feedback-id', 'feedbackId', 200),
    customerId: requireText(data.customerId, 'invalid-customer-id', 'customerId', 200),
    subject: requireSubject(data.subject),
    csat: requireIntegerInRange(data.csat, 'invalid-csat', 'csat', 1, 5),
    ...(nps === undefined ? {} : { nps }),
    ...(comment === undefined ? {} : { comment }),
    submittedAt: now,
  };
  const about = submittedFeedback.subject;
  if (subject === null || subject.customerId !== submittedFeedback.customerId) {
    throw new NotFoundError('feedback-subject-not-found', `this customer has no ${about.type} ${about.id}`, {
      subject: about,
    });
  }
  if (!subject.eligible) {
    throw new IllegalStateError(
      'feedback-subject-not-ready',
      `feedback on a ${about.type} is taken once it is ${ELIGIBLE_WHEN[about.type]}; it is ${subject.status}`,
      { subject: about, status: subject.status },
    );
  }
  return [{ type: 'FeedbackSubmitted', data: submittedFeedback }];
}

const ELIGIBLE_WHEN: Readonly<Record<FeedbackSubjectType, string>> = {
  order: 'delivered',
  return: 'approved or finished',
  repair: 'completed',
  case: 'solved',
};

function decide(command: FeedbackCommand, state: FeedbackState, context: FeedbackContext): FeedbackEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'SubmitFeedback':
      return submitFeedback(command, state, context);
    default: {
      const _exhaustive: never = command.type;
      return unknownCommand(command);
    }
  }
}

export const feedbackDecider: Decider<FeedbackCommand, FeedbackEvent, FeedbackState, FeedbackContext> = {
  initialState: initialFeedbackState,
  evolve: evolveFeedback,
  decide,
};
