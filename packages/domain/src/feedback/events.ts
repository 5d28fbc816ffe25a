import type { Event, Instant } from '../shared/event';

export type FeedbackSubjectType = 'order' | 'return' | 'repair' | 'case';
export type FeedbackSubject = Readonly<{ type: FeedbackSubjectType; id: string }>;

/**
 * Lives in the stream `feedback-{subjectType}-{subjectId}`: one stream per subject, so
 * "one response per subject" is enforced by the expected revision, also under concurrency.
 */
export type FeedbackSubmitted = Event<
  'FeedbackSubmitted',
  {
    feedbackId: string;
    customerId: string;
    subject: FeedbackSubject;
    /** 1–5 */
    csat: number;
    /** 0–10, optional */
    nps?: number;
    comment?: string;
    submittedAt: Instant;
  }
>;

export type FeedbackEvent = FeedbackSubmitted;
