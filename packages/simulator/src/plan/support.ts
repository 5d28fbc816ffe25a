import {
  addBusinessMs,
  type CaseChannel,
  type CasePriority,
  escalationCaseId,
  isLowScore,
  rulesAt,
  type SlaMetric,
  slaTargetMinutes,
} from '@aftersales/domain';
import type { Random } from './random';
import { DAY, type DeliveredOrder, HOUR, type Story } from './story';

/**
 * Support cases in a customer's story (DESIGN.md "Support cases"): some delivered orders lead to a
 * case (more often when the delivery disappointed), now and then a question about nothing in
 * particular. The desk works in the shop's business hours: each answer comes after a share of its
 * SLA target in business time, most well inside it, some late, so a realistic share of targets is
 * breached. Customers write back, wait while the case is pending, reopen it now and then, and
 * score it: the CSAT follows how fast they were answered. A low score opens an escalation (the
 * workflow does, with the feedback); the desk takes it up as any other case: answered after a
 * share of its target, talked over, solved, so only the most recent escalations are still open at
 * the end of the history.
 *
 * It draws on its own generator (`rng`), so the rest of the story stays as it was without it.
 */
const channels: readonly (readonly [CaseChannel, number])[] = [
  ['email', 40],
  ['chat', 25],
  ['phone', 15],
  ['web', 12],
  ['social', 8],
];
const priorities: readonly (readonly [CasePriority, number])[] = [
  ['low', 15],
  ['normal', 58],
  ['high', 19],
  ['urgent', 8],
];
const agents = ['agent-1', 'agent-2', 'agent-3', 'agent-4', 'agent-5'];
const teams = ['returns-desk', 'repairs-desk', 'general'];
const MINUTE = 60_000;

const texts = {
  en: ['Where is my order?', 'The item arrived damaged.', 'Thank you, that helps.'],
  fa: ['سفارش من کجاست؟', 'کالا آسیب‌دیده رسید.', 'ممنون، کمک کرد.'],
  ar: ['أين طلبي؟', 'وصل المنتج تالفًا.', 'شكرًا، هذا مفيد.'],
} as const;

/** The share of a target an answer takes: mostly well inside it, about one in eight late. */
function shareOfTarget(rng: Random): number {
  const band = rng.weighted<readonly [number, number]>([
    [[0.05, 0.4], 45],
    [[0.4, 0.75], 30],
    [[0.75, 0.98], 12],
    [[1.05, 2.5], 13],
  ]);
  return rng.between(band[0], band[1]);
}

type CaseRun = {
  caseId: string;
  channel: CaseChannel;
  priority: CasePriority;
  openedAt: number;
  late: boolean;
  fastShare: number;
};

export function supportHistory(story: Story, orders: readonly DeliveredOrder[], rng: Random): void {
  for (const order of orders) {
    if (rng.chance(order.disappointing ? 0.4 : 0.12)) {
      openCase(story, rng, order.deliveredAt + rng.between(0.2, 20) * DAY, order.orderId);
    }
  }
  const first = orders[0];
  if (first && rng.chance(0.06)) openCase(story, rng, first.deliveredAt + rng.between(30, 200) * DAY);
  // Last, so the cases above draw as they did before the desk took up escalations.
  for (const { at, feedbackId } of lowScores(story)) handleEscalation(story, rng, at, feedbackId);
}

/** The customer's low scores that go through (a refused second answer opens nothing). */
function lowScores(story: Story): { at: number; feedbackId: string }[] {
  const found: { at: number; feedbackId: string }[] = [];
  for (const item of story.items) {
    if (!('command' in item) || item.expectedRejection || item.command.type !== 'SubmitFeedback') continue;
    const { data } = item.command;
    if (isLowScore({ ...data, submittedAt: new Date(item.at).toISOString() })) {
      found.push({ at: item.at, feedbackId: data.feedbackId });
    }
  }
  return found;
}

/**
 * The case a low score opened (on e-mail, priority `high`: DESIGN.md "Support cases"), routed and
 * worked by the desk as any other. It is not scored: a low score would escalate the escalation.
 */
function handleEscalation(story: Story, rng: Random, at: number, feedbackId: string): void {
  const run: CaseRun = {
    caseId: escalationCaseId(feedbackId),
    channel: 'email',
    priority: 'high',
    openedAt: at,
    late: false,
    fastShare: 1,
  };
  // One from the last two weeks is still being looked into now and then: answered, not solved.
  const recent = story.ctx.untilMs - at < 14 * DAY;
  workCase(story, rng, run, recent && rng.chance(0.35));
}

function openCase(story: Story, rng: Random, at: number, orderId?: string): void {
  const channel = rng.weighted(channels);
  const priority = rng.weighted(priorities);
  const caseId = story.id('s');
  const lines = texts[story.region.language];
  const byAgent = channel === 'phone' && rng.chance(0.5);
  const opened = story.add(at, {
    type: 'OpenCase',
    data: {
      caseId,
      customerId: story.customerId,
      channel,
      priority,
      ...(orderId ? { subject: { type: 'order' as const, id: orderId } } : {}),
      ...(byAgent
        ? { openedBy: { type: 'agent' as const, agentId: rng.pick(agents) } }
        : {
            openedBy: { type: 'customer' as const },
            message: { messageId: story.id('m'), body: rng.pick(lines.slice(0, 2)) },
          }),
    },
  });
  if (!opened) return;
  const run: CaseRun = { caseId, channel, priority, openedAt: at, late: false, fastShare: 1 };
  const solvedAt = workCase(story, rng, run);
  if (solvedAt !== null) score(story, rng, run, solvedAt);
}

/**
 * The desk's work on an open case, from routing to the (last) solution; null if not solved.
 * `answerOnly`: routed and answered, then left open (still being looked into at the end).
 */
function workCase(story: Story, rng: Random, run: CaseRun, answerOnly = false): number | null {
  const { caseId, channel, priority, openedAt: at } = run;
  const support = rulesAt(story.ctx.rules, new Date(at).toISOString()).support;
  const lines = texts[story.region.language];
  const later = (from: number, metric: SlaMetric) => {
    const share = shareOfTarget(rng);
    run.fastShare = Math.min(run.fastShare, share);
    if (share > 1) run.late = true;
    const targetMs = slaTargetMinutes(support.sla, metric, run.priority, channel) * MINUTE;
    return addBusinessMs(support.calendar, from, Math.round(targetMs * share));
  };
  const agentWrites = (when: number) =>
    story.add(when, {
      type: 'AddCaseMessage',
      data: { caseId, messageId: story.id('m'), direction: 'out', agentId: rng.pick(agents), body: lines[2] },
    });
  const customerWrites = (when: number) =>
    story.add(when, {
      type: 'AddCaseMessage',
      data: { caseId, messageId: story.id('m'), direction: 'in', body: rng.pick(lines) },
    });

  // 1. Routed at opening (most cases), sometimes escalated; 2. the first answer.
  if (rng.chance(0.75)) {
    const assignee = rng.chance(0.6)
      ? { type: 'agent' as const, id: rng.pick(agents) }
      : { type: 'team' as const, id: rng.pick(teams) };
    story.add(at, { type: 'AssignCase', data: { caseId, assignee } });
  }
  if (priority !== 'urgent' && rng.chance(0.05)) {
    story.add(at, { type: 'ChangeCasePriority', data: { caseId, priority: 'urgent' } });
    run.priority = 'urgent';
  }
  let last = later(at, 'firstResponse');
  if (!agentWrites(last) || answerOnly) return null;
  // 3. A conversation: the customer writes back, waits while pending, gets the next answer.
  while (rng.chance(0.35)) {
    if (rng.chance(0.3)) story.add(last + 5 * MINUTE, { type: 'MarkCasePending', data: { caseId } });
    const reply = last + rng.between(1, 60) * HOUR;
    if (!customerWrites(reply)) return null;
    last = later(reply, 'nextResponse');
    if (!agentWrites(last)) return null;
  }
  // 4. Solved soon after the last answer, or late against the resolution target.
  const resolutionMs = slaTargetMinutes(support.sla, 'resolution', run.priority, channel) * MINUTE;
  let solvedAt = addBusinessMs(support.calendar, last, rng.between(0.1, 4) * HOUR);
  if (rng.chance(0.08)) {
    solvedAt = Math.max(solvedAt, addBusinessMs(support.calendar, at, resolutionMs * rng.between(1.05, 1.6)));
    run.late = true;
  }
  if (!story.add(solvedAt, { type: 'SolveCase', data: { caseId } })) return null;
  // 5. Reopened by a customer reply within the 7 days, now and then; answered and solved again.
  if (rng.chance(0.08)) {
    const reopenedAt = solvedAt + rng.between(0.2, 6) * DAY;
    if (!customerWrites(reopenedAt)) return null;
    const answer = later(reopenedAt, 'nextResponse');
    if (!agentWrites(answer)) return null;
    solvedAt = addBusinessMs(support.calendar, answer, rng.between(0.1, 3) * HOUR);
    if (!story.add(solvedAt, { type: 'SolveCase', data: { caseId } })) return null;
  }
  return solvedAt;
}

/** CSAT after the (last) solution: quick answers please, late ones do not. */
function score(story: Story, rng: Random, run: CaseRun, solvedAt: number): void {
  if (!rng.chance(0.55)) return;
  const csat = run.late
    ? rng.weighted([
        [5, 8],
        [4, 17],
        [3, 25],
        [2, 28],
        [1, 22],
      ])
    : run.fastShare < 0.4
      ? rng.weighted([
          [5, 62],
          [4, 28],
          [3, 7],
          [2, 2],
          [1, 1],
        ])
      : rng.weighted([
          [5, 38],
          [4, 37],
          [3, 15],
          [2, 6],
          [1, 4],
        ]);
  story.add(solvedAt + rng.between(2, 60) * HOUR, {
    type: 'SubmitFeedback',
    data: {
      feedbackId: story.id('f'),
      customerId: story.customerId,
      subject: { type: 'case', id: run.caseId },
      csat,
    },
  });
}
