import { z } from 'zod';
import { entry, id, instant } from './entry';

const customerId = id('the customer');
const caseId = id('the support case');
const subject = z.object({ type: z.enum(['order', 'return', 'repair', 'case']), id: z.string() });
const tier = z.enum(['bronze', 'silver', 'gold']);
const channel = z.enum(['email', 'phone', 'chat', 'web', 'social']);
const priority = z.enum(['low', 'normal', 'high', 'urgent']);
const author = z.object({ type: z.enum(['customer', 'agent']), agentId: z.string().optional() });
const authorOf = (a: { type: 'customer' } | { type: 'agent'; agentId: string }) =>
  a.type === 'agent' ? { type: a.type, agentId: a.agentId } : { type: a.type };
const assignee = z.object({ type: z.enum(['agent', 'team']), id: z.string() });

export const feedbackEntries = [
  entry({
    aggregate: 'feedback',
    fact: 'submitted',
    summary: 'A customer rated an order, return, repair or case (the comment stays inside)',
    from: 'FeedbackSubmitted',
    data: z.object({
      feedbackId: id('the feedback'),
      customerId,
      subject,
      csat: z.int().min(1).max(5),
      nps: z.int().min(0).max(10).optional(),
      hasComment: z.boolean(),
      submittedAt: instant('submitted'),
    }),
    map: (d) => ({
      feedbackId: d.feedbackId,
      customerId: d.customerId,
      subject: { type: d.subject.type, id: d.subject.id },
      csat: d.csat,
      ...(d.nps === undefined ? {} : { nps: d.nps }),
      hasComment: Boolean(d.comment),
      submittedAt: d.submittedAt,
    }),
  }),
] as const;

export const loyaltyEntries = [
  entry({
    aggregate: 'loyalty',
    fact: 'points-earned',
    summary: 'A delivery earned points (pending until the return window closes)',
    from: 'PointsEarned',
    data: z.object({
      customerId,
      orderId: id('the order'),
      tier,
      points: z.int().min(0),
      availableAt: instant('the last lot becomes available').optional(),
      earnedAt: instant('earned'),
    }),
    map: (d) => {
      const last = d.lots
        .map((lot) => lot.availableAt)
        .sort()
        .at(-1);
      return {
        customerId: d.customerId,
        orderId: d.orderId,
        tier: d.tier,
        points: d.lots.reduce((sum, lot) => sum + lot.points, 0),
        ...(last ? { availableAt: last } : {}),
        earnedAt: d.earnedAt,
      };
    },
  }),
  entry({
    aggregate: 'loyalty',
    fact: 'points-reversed',
    summary: 'A refund took back points',
    from: 'PointsReversed',
    data: z.object({
      customerId,
      orderId: id('the order'),
      returnId: id('the return'),
      points: z.int().min(0),
      reversedAt: instant('reversed'),
    }),
    map: (d) => ({
      customerId: d.customerId,
      orderId: d.orderId,
      returnId: d.returnId,
      points: d.lines.reduce((sum, line) => sum + line.points, 0),
      reversedAt: d.reversedAt,
    }),
  }),
  entry({
    aggregate: 'loyalty',
    fact: 'bonus-awarded',
    summary: 'Bonus points for feedback with a comment',
    from: 'BonusPointsAwarded',
    data: z.object({
      customerId,
      points: z.int().min(0),
      subject,
      awardedAt: instant('awarded'),
      expiresAt: instant('expires'),
    }),
    map: (d) => ({
      customerId: d.customerId,
      points: d.points,
      subject: { type: d.subject.type, id: d.subject.id },
      awardedAt: d.awardedAt,
      expiresAt: d.expiresAt,
    }),
  }),
  entry({
    aggregate: 'loyalty',
    fact: 'points-redeemed',
    summary: 'Points were redeemed',
    from: 'PointsRedeemed',
    data: z.object({
      customerId,
      redemptionId: id('the redemption'),
      points: z.int().min(1),
      redeemedAt: instant('redeemed'),
    }),
    map: (d) => ({
      customerId: d.customerId,
      redemptionId: d.redemptionId,
      points: d.points,
      redeemedAt: d.redeemedAt,
    }),
  }),
  entry({
    aggregate: 'loyalty',
    fact: 'tier-changed',
    summary: "The customer's tier went up or down",
    from: 'LoyaltyTierChanged',
    data: z.object({ customerId, from: tier, to: tier, changedAt: instant('changed') }),
    map: (d) => ({ customerId: d.customerId, from: d.from, to: d.to, changedAt: d.changedAt }),
  }),
] as const;

export const caseEntries = [
  entry({
    aggregate: 'case',
    fact: 'opened',
    summary: 'A support case was opened',
    from: 'CaseOpened',
    data: z.object({
      caseId,
      customerId,
      channel,
      priority,
      openedBy: author,
      subject: z.object({ type: z.enum(['order', 'return', 'repair']), id: z.string() }).optional(),
      previousCaseId: z.string().optional(),
      openedAt: instant('opened'),
    }),
    map: (d) => ({
      caseId: d.caseId,
      customerId: d.customerId,
      channel: d.channel,
      priority: d.priority,
      openedBy: authorOf(d.openedBy),
      ...(d.subject ? { subject: { type: d.subject.type, id: d.subject.id } } : {}),
      ...(d.previousCaseId ? { previousCaseId: d.previousCaseId } : {}),
      openedAt: d.openedAt,
    }),
  }),
  entry({
    aggregate: 'case',
    fact: 'message-added',
    summary: 'A message on a case, in or out (the body stays inside)',
    from: 'CaseMessageAdded',
    data: z.object({
      caseId,
      customerId,
      messageId: id('the message'),
      direction: z.enum(['in', 'out']),
      channel,
      author,
      addedAt: instant('added'),
    }),
    map: (d) => ({
      caseId: d.caseId,
      customerId: d.customerId,
      messageId: d.messageId,
      direction: d.direction,
      channel: d.channel,
      author: authorOf(d.author),
      addedAt: d.addedAt,
    }),
  }),
  entry({
    aggregate: 'case',
    fact: 'assigned',
    summary: 'A case was assigned to an agent or a team',
    from: 'CaseAssigned',
    data: z.object({ caseId, assignee, assignedAt: instant('assigned') }),
    map: (d) => ({
      caseId: d.caseId,
      assignee: { type: d.assignee.type, id: d.assignee.id },
      assignedAt: d.assignedAt,
    }),
  }),
  entry({
    aggregate: 'case',
    fact: 'priority-changed',
    summary: "A case's priority changed",
    from: 'CasePriorityChanged',
    data: z.object({ caseId, from: priority, to: priority, changedAt: instant('changed') }),
    map: (d) => ({ caseId: d.caseId, from: d.from, to: d.to, changedAt: d.changedAt }),
  }),
  entry({
    aggregate: 'case',
    fact: 'solved',
    summary: 'A case was solved',
    from: 'CaseSolved',
    data: z.object({
      caseId,
      customerId,
      slaMet: z.boolean().meta({ description: 'every target of the case met' }),
      solvedAt: instant('solved'),
    }),
    map: (d) => ({
      caseId: d.caseId,
      customerId: d.customerId,
      slaMet: d.sla.every((s) => s.met),
      solvedAt: d.solvedAt,
    }),
  }),
  entry({
    aggregate: 'case',
    fact: 'reopened',
    summary: 'A solved case was reopened',
    from: 'CaseReopened',
    data: z.object({
      caseId,
      customerId,
      by: z.enum(['customer-reply', 'agent']),
      reopenedAt: instant('reopened'),
    }),
    map: (d) => ({ caseId: d.caseId, customerId: d.customerId, by: d.by, reopenedAt: d.reopenedAt }),
  }),
  entry({
    aggregate: 'case',
    fact: 'closed',
    summary: 'A case was closed (it never reopens)',
    from: 'CaseClosed',
    data: z.object({ caseId, customerId, closedAt: instant('closed') }),
    map: (d) => ({ caseId: d.caseId, customerId: d.customerId, closedAt: d.closedAt }),
  }),
  entry({
    aggregate: 'case',
    fact: 'sla-breached',
    summary: 'A service-level target of a case passed',
    from: 'SlaBreached',
    data: z.object({
      caseId,
      customerId,
      metric: z.enum(['firstResponse', 'nextResponse', 'resolution']),
      cycle: z.int().min(0),
      priority,
      due: instant('was due'),
    }),
    map: (d) => ({
      caseId: d.caseId,
      customerId: d.customerId,
      metric: d.metric,
      cycle: d.cycle,
      priority: d.priority,
      due: d.due,
    }),
  }),
] as const;
