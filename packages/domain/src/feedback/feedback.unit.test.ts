import { describe, expect, it } from 'vitest';
import type { ReturnEvent } from '../return/events';
import { evolveReturn, initialReturnState } from '../return/return';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { defaultRulesTimeline } from '../shared/rules';
import { given } from '../shared/testing';
import { streams } from '../streams';
import { type FeedbackCommand, type FeedbackContext, feedbackDecider } from './decide';
import type { FeedbackSubmitted } from './events';
import { type FeedbackSubjectFacts, returnFeedbackFacts } from './subject';

const submittedAt = '2026-03-08T12:00:00.000Z';
/** The subject as the caller read it: by default, customer c-1's subject, ready for feedback. */
const at = (
  now: string,
  subject: FeedbackSubjectFacts = { customerId: 'c-1', status: 'delivered', eligible: true },
): FeedbackContext => ({ now, rules: defaultRulesTimeline, subject });
const subject = { type: 'order', id: 'o-1' } as const;
const submit = (patch: Record<string, unknown> = {}): FeedbackCommand =>
  ({
    type: 'SubmitFeedback',
    data: {
      feedbackId: 'f-1',
      customerId: 'c-1',
      subject,
      csat: 5,
      nps: 9,
      comment: '  Fast and friendly  ',
      ...patch,
    },
  }) as FeedbackCommand;
const submitted: FeedbackSubmitted = {
  type: 'FeedbackSubmitted',
  data: {
    feedbackId: 'f-1',
    customerId: 'c-1',
    subject,
    csat: 5,
    nps: 9,
    comment: 'Fast and friendly',
    submittedAt,
  },
};

describe('SubmitFeedback', () => {
  it('records CSAT, NPS and the trimmed comment about the subject', () => {
    given(feedbackDecider).when(submit(), at(submittedAt)).then([submitted]);
  });

  it('treats a blank comment and an absent NPS as none', () => {
    given(feedbackDecider)
      .when(submit({ nps: undefined, comment: '   ' }), at(submittedAt))
      .then([
        {
          type: 'FeedbackSubmitted',
          data: { feedbackId: 'f-1', customerId: 'c-1', subject, csat: 5, submittedAt },
        },
      ]);
  });

  it.each(['order', 'return', 'repair'] as const)('accepts feedback about a %s', (type) => {
    given(feedbackDecider)
      .when(
        submit({ subject: { type, id: 'x-1' }, nps: undefined, comment: undefined, csat: 1 }),
        at(submittedAt),
      )
      .then([
        {
          type: 'FeedbackSubmitted',
          data: { feedbackId: 'f-1', customerId: 'c-1', subject: { type, id: 'x-1' }, csat: 1, submittedAt },
        },
      ]);
  });

  it('accepts the edges of both scales', () => {
    for (const [csat, nps] of [
      [1, 0],
      [5, 10],
    ]) {
      const [event] = feedbackDecider.decide(
        submit({ csat, nps }),
        feedbackDecider.initialState(),
        at(submittedAt),
      );
      expect(event?.data).toMatchObject({ csat, nps });
    }
  });

  it('refuses a second response on the same subject', () => {
    given(feedbackDecider, [submitted])
      .when(submit({ feedbackId: 'f-2' }), at(submittedAt))
      .thenThrows(IllegalStateError, 'feedback-already-given');
  });

  it.each([
    [{ csat: 0 }, 'invalid-csat'],
    [{ csat: 6 }, 'invalid-csat'],
    [{ csat: 4.5 }, 'invalid-csat'],
    [{ csat: undefined }, 'invalid-csat'],
    [{ nps: -1 }, 'invalid-nps'],
    [{ nps: 11 }, 'invalid-nps'],
    [{ nps: 7.5 }, 'invalid-nps'],
    [{ comment: 42 }, 'invalid-comment'],
    [{ comment: 'x'.repeat(5_001) }, 'invalid-comment'],
    [{ subject: { type: 'shipment', id: 's-1' } }, 'invalid-subject'],
    [{ subject: { type: 'order', id: '' } }, 'invalid-subject'],
    [{ subject: undefined }, 'invalid-subject'],
    [{ feedbackId: '' }, 'invalid-feedback-id'],
    [{ customerId: '' }, 'invalid-customer-id'],
  ])('rejects %j as %s', (patch, code) => {
    given(feedbackDecider).when(submit(patch), at(submittedAt)).thenThrows(ValidationError, code);
  });

  it('refuses a subject that does not exist, and one of another customer, alike', () => {
    given(feedbackDecider)
      .when(submit(), at(submittedAt, null))
      .thenThrows(NotFoundError, 'feedback-subject-not-found');
    given(feedbackDecider)
      .when(submit(), at(submittedAt, { customerId: 'c-2', status: 'delivered', eligible: true }))
      .thenThrows(NotFoundError, 'feedback-subject-not-found');
  });

  it('refuses a subject that has not reached the point of feedback', () => {
    given(feedbackDecider)
      .when(submit(), at(submittedAt, { customerId: 'c-1', status: 'shipped', eligible: false }))
      .thenThrows(IllegalStateError, 'feedback-subject-not-ready');
  });

  it('takes feedback on a return once it is approved or finished, rejected included, not while requested', () => {
    const ids = { returnId: 'r-1', orderId: 'o-1' };
    const requested: ReturnEvent = {
      type: 'ReturnRequested',
      data: {
        ...ids,
        customerId: 'c-1',
        items: [
          { lineNo: 1, sku: 'KET-1', category: 'kitchen', qty: 1, reason: 'damaged', resolution: 'refund' },
        ],
        resolution: 'refund',
        requestedAt: submittedAt,
      },
    };
    const approved: ReturnEvent = { type: 'ReturnApproved', data: { ...ids, approvedAt: submittedAt } };
    const rejected: ReturnEvent = {
      type: 'ReturnRejected',
      data: { ...ids, reason: 'item shows heavy use', rejectedAt: submittedAt },
    };
    const facts = (events: readonly ReturnEvent[]) =>
      returnFeedbackFacts(events.reduce(evolveReturn, initialReturnState()));
    expect(facts([requested])).toEqual({ customerId: 'c-1', status: 'requested', eligible: false });
    expect(facts([requested, approved])?.eligible).toBe(true);
    expect(facts([requested, rejected])).toEqual({ customerId: 'c-1', status: 'rejected', eligible: true });
  });

  it('lives in one stream per subject', () => {
    expect(streams.feedback(subject)).toBe('feedback-order-o-1');
  });
});
