import type { FeedbackSubmitted } from '../feedback/events';
import { streams } from '../streams';
import type { OpenCase } from './decide';

/** DESIGN.md's low score: CSAT ≤ 2 or NPS ≤ 6 (the notifier's `low-score-escalation` too). */
export const isLowScore = (data: FeedbackSubmitted['data']): boolean =>
  data.csat <= 2 || (data.nps !== undefined && data.nps <= 6);

/** The case a low score opens: its id derives from the feedback's, so it is opened once. */
export const escalationCaseId = (feedbackId: string): string => `escalation-${feedbackId}`;

/** The desk's own author for what the escalation does on its behalf. */
export const ESCALATION_AGENT = 'low-score-escalation';

/**
 * A low score opens a support case about what was scored, priority `high` (the default for an
 * escalation), on e-mail (feedback carries no channel, and the apology goes by e-mail). Feedback
 * about a case opens a new one that names it: a solved case is not reopened behind the agent's
 * back. The command carries no message: the comment stays in the feedback. Null for a fair score.
 */
export function escalationFor(
  event: FeedbackSubmitted,
): Readonly<{ stream: string; command: OpenCase }> | null {
  const { data } = event;
  if (!isLowScore(data)) return null;
  const caseId = escalationCaseId(data.feedbackId);
  const about =
    data.subject.type === 'case'
      ? { previousCaseId: data.subject.id }
      : { subject: { type: data.subject.type, id: data.subject.id } };
  return {
    stream: streams.case(caseId),
    command: {
      type: 'OpenCase',
      data: {
        caseId,
        customerId: data.customerId,
        channel: 'email',
        openedBy: { type: 'agent', agentId: ESCALATION_AGENT },
        escalatedFromFeedbackId: data.feedbackId,
        ...about,
      },
    },
  };
}
