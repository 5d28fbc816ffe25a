import type { Instant } from '../shared/event';
import type { FeedbackEvent, FeedbackSubject } from './events';

/** One stream per subject (`feedback-{type}-{id}`), so the state is the single response, if any. */
export type FeedbackState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: 'submitted';
      feedbackId: string;
      customerId: string;
      subject: FeedbackSubject;
      csat: number;
      nps?: number;
      comment?: string;
      submittedAt: Instant;
    }>;

export function initialFeedbackState(): FeedbackState {
  return { status: 'none' };
}

export function evolveFeedback(state: FeedbackState, event: FeedbackEvent): FeedbackState {
  switch (event.type) {
    case 'FeedbackSubmitted':
      return { status: 'submitted', ...event.data };
    default: {
      const _exhaustive: never = event.type;
      // An event type this version does not know changes nothing.
      return state;
    }
  }
}
