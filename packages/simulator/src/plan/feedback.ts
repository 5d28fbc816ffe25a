import type { SubmitFeedback } from '@aftersales/domain';
import { comments } from './catalog';
import { HOUR, type Story } from './story';

/**
 * Feedback on an order, return or repair; the score follows how it went (a late parcel, a declined
 * quote). Now and then a second answer for the same subject comes in, which the system refuses.
 * `refusedAs`: the answer is planned as refused with that code (a repair whose quote was declined
 * never completes, so it is no subject of feedback: DESIGN.md "Feedback").
 */
export function giveFeedback(
  story: Story,
  at: number,
  subject: { type: 'order' | 'return' | 'repair'; id: string },
  mood: 'good' | 'bad',
  refusedAs?: string,
): void {
  const { rng } = story;
  const csat =
    mood === 'good'
      ? rng.weighted([
          [5, 55],
          [4, 30],
          [3, 10],
          [2, 3],
          [1, 2],
        ])
      : rng.weighted([
          [5, 10],
          [4, 20],
          [3, 25],
          [2, 25],
          [1, 20],
        ]);
  const nps = rng.chance(0.75) ? Math.max(0, Math.min(10, csat * 2 + rng.int(-2, 1))) : undefined;
  const options = comments[story.region.language].filter(([, score]) => Math.abs(score - csat) <= 1);
  const comment = rng.chance(0.45) && options.length > 0 ? rng.pick(options)[0] : undefined;
  const command: SubmitFeedback = {
    type: 'SubmitFeedback',
    data: {
      feedbackId: story.id('f'),
      customerId: story.customerId,
      subject,
      csat,
      ...(nps === undefined ? {} : { nps }),
      ...(comment === undefined ? {} : { comment }),
    },
  };
  if (!story.add(at, command, refusedAs) || refusedAs) return;
  // A second answer for the same subject (a double click, a second device) is refused.
  if (rng.chance(0.02)) {
    story.add(
      at + rng.between(1, 48) * HOUR,
      { type: 'SubmitFeedback', data: { ...command.data, feedbackId: story.id('f') } },
      'feedback-already-given',
    );
  }
}
