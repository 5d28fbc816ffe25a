import {
  addDays,
  addMonths,
  type DomainEvent,
  defaultNotificationRules,
  escalationCaseId,
  type Instant,
} from '@aftersales/domain';
import { DAY_MS, HOUR_MS } from '../clock';
import { type RuleDefinition, type RuleName, rule } from './types';

/**
 * The notification rules of DESIGN.md as data: trigger, class and what cancels them; the
 * numbers (delays, thresholds, the survey throttle) come from the policy document's
 * `notifications` section in force at the trigger (`PlanContext.notifications`). The consumer
 * and the dispatcher interpret this table; no rule has code elsewhere.
 *
 * Staleness (replays and late starts): every planned message carries `validUntil`. A trigger
 * first seen after it is recorded as suppressed 'stale' and never sent. At-once and delayed
 * rules stay valid for 48 h after they fall due (feedback request 7 days, win-back 30 days);
 * points-expiring until the lot expires; warranty-expiring until the warranty ends.
 */
const GRACE_MS = 2 * DAY_MS;

const plus = (instant: Instant, ms: number): Instant => new Date(Date.parse(instant) + ms).toISOString();

const tierRank = { bronze: 0, silver: 1, gold: 2 } as const;

const shipmentDelayed = rule({
  name: 'shipment-delayed',
  class: 'transactional',
  when: 'at once',
  trigger: ['ShipmentDelayed'],
  plan: (e) => {
    const d = e.data;
    return [
      {
        subjectKey: `${d.orderId}:${d.shipmentId}:${d.newEstimatedDeliveryAt}`,
        customerId: d.customerId,
        audience: 'customer',
        dueAt: d.delayedAt,
        validUntil: plus(d.delayedAt, GRACE_MS),
        vars: {
          orderId: d.orderId,
          previousEstimatedDeliveryAt: d.previousEstimatedDeliveryAt,
          newEstimatedDeliveryAt: d.newEstimatedDeliveryAt,
        },
      },
    ];
  },
});

const deliveryOverdue = rule({
  name: 'delivery-overdue',
  class: 'transactional',
  when: 'estimate + 24 h, once per estimate',
  trigger: ['OrderShipped', 'ShipmentDelayed'],
  needsOrder: true,
  plan: (e, { order, notifications }) => {
    // A redelivered shipment event after the delivery must not plan a reminder again.
    if (order && (order.status === 'delivered' || order.status === 'cancelled')) return [];
    const estimate = e.type === 'OrderShipped' ? e.data.estimatedDeliveryAt : e.data.newEstimatedDeliveryAt;
    const dueAt = plus(estimate, notifications.deliveryOverdue.afterHours * HOUR_MS);
    return [
      {
        subjectKey: `${e.data.orderId}:${estimate}`,
        customerId: e.data.customerId,
        audience: 'customer',
        dueAt,
        validUntil: plus(dueAt, GRACE_MS),
        cancelKey: e.data.orderId,
        vars: { orderId: e.data.orderId, estimatedDeliveryAt: estimate },
      },
    ];
  },
  // A new estimate replaces the reminder; delivery or cancellation removes it.
  cancelWhen: {
    on: ['ShipmentDelayed', 'OrderDelivered', 'OrderCancelled'],
    keys: (e) => [e.data.orderId],
  },
  recheck: async (vars, q) => {
    const status = await q.orderStatus(String(vars.orderId));
    return status === 'delivered' || status === 'cancelled' ? { suppress: `order-${status}` } : { ok: true };
  },
});

const refundConfirmed = rule({
  name: 'refund-confirmed',
  class: 'transactional',
  when: 'at once',
  trigger: ['ReturnRefunded'],
  plan: (e) => {
    const d = e.data;
    return [
      {
        subjectKey: d.returnId,
        customerId: d.customerId,
        audience: 'customer',
        dueAt: d.refundedAt,
        validUntil: plus(d.refundedAt, GRACE_MS),
        vars: { returnId: d.returnId, orderId: d.orderId, amount: d.amount, refundedAt: d.refundedAt },
      },
    ];
  },
});

const lowScoreEscalation = rule({
  name: 'low-score-escalation',
  class: 'transactional',
  when: 'at once, to the support webhook, plus an apology',
  trigger: ['FeedbackSubmitted'],
  plan: (e, { notifications }) => {
    const d = e.data;
    const { csatAtMost, npsAtMost } = notifications.lowScore;
    const low = d.csat <= csatAtMost || (d.nps !== undefined && d.nps <= npsAtMost);
    if (!low) return [];
    const common = {
      customerId: d.customerId,
      dueAt: d.submittedAt,
      validUntil: plus(d.submittedAt, GRACE_MS),
    };
    const vars = {
      feedbackId: d.feedbackId,
      customerId: d.customerId,
      subjectType: d.subject.type,
      subjectId: d.subject.id,
      csat: d.csat,
      nps: d.nps ?? null,
      comment: d.comment ?? null,
      // The case the same low score opens (see the domain's escalationFor).
      caseId: escalationCaseId(d.feedbackId),
    };
    return [
      { ...common, subjectKey: d.feedbackId, audience: 'customer', vars },
      { ...common, subjectKey: `${d.feedbackId}:support`, audience: 'support', vars },
    ];
  },
});

const feedbackRequest = rule({
  name: 'feedback-request',
  class: 'transactional',
  when: 'delivered + 3 days, unless feedback given or a return opened; one survey per customer per 30 days',
  trigger: ['OrderDelivered'],
  plan: (e, { notifications }) => {
    const dueAt = addDays(e.data.deliveredAt, notifications.feedbackRequest.afterDays);
    return [
      {
        subjectKey: e.data.orderId,
        customerId: e.data.customerId,
        audience: 'customer',
        dueAt,
        validUntil: addDays(dueAt, 7),
        cancelKey: e.data.orderId,
        vars: { orderId: e.data.orderId, deliveredAt: e.data.deliveredAt },
      },
    ];
  },
  cancelWhen: {
    on: ['FeedbackSubmitted', 'ReturnRequested'],
    keys: (e) =>
      e.type === 'ReturnRequested'
        ? [e.data.orderId]
        : e.data.subject.type === 'order'
          ? [e.data.subject.id]
          : [],
  },
  perCustomerLimit: ({ feedbackRequest: { perCustomer } }) => ({
    count: perCustomer.count,
    withinMs: perCustomer.withinDays * DAY_MS,
    reason: 'survey-throttle',
  }),
});

const repairFollowUp = rule({
  name: 'repair-follow-up',
  class: 'transactional',
  when: 'completed + 7 days',
  trigger: ['RepairCompleted'],
  plan: (e, { notifications }) => {
    const dueAt = addDays(e.data.completedAt, notifications.repairFollowUp.afterDays);
    return [
      {
        subjectKey: e.data.repairId,
        customerId: e.data.customerId,
        audience: 'customer',
        dueAt,
        validUntil: plus(dueAt, GRACE_MS),
        vars: { repairId: e.data.repairId, orderId: e.data.orderId, outcome: e.data.outcome },
      },
    ];
  },
});

const pointsExpiring = rule({
  name: 'points-expiring',
  class: 'marketing',
  when: '≥ 100 points of a lot expire within 30 days, once per lot',
  trigger: ['PointsEarned', 'BonusPointsAwarded'],
  plan: (e, { notifications }) => {
    const { minPoints, beforeDays } = notifications.pointsExpiring;
    const lots =
      e.type === 'PointsEarned'
        ? e.data.lots.map((l) => ({ lotId: l.lotId, points: l.points, expiresAt: l.expiresAt }))
        : [{ lotId: e.data.lotId, points: e.data.points, expiresAt: e.data.expiresAt }];
    return lots
      .filter((lot) => lot.points >= minPoints)
      .map((lot) => ({
        subjectKey: lot.lotId,
        customerId: e.data.customerId,
        audience: 'customer' as const,
        dueAt: addDays(lot.expiresAt, -beforeDays),
        validUntil: lot.expiresAt,
        vars: { lotId: lot.lotId, points: lot.points, expiresAt: lot.expiresAt, minPoints },
      }));
  },
  // Reversals and redemptions shrink a lot; what is left decides when it falls due.
  recheck: async (vars, q) => {
    const lot = await q.lotRemaining(String(vars.lotId));
    // The threshold the lot was planned under (rows planned before it was policy: the default).
    const threshold =
      typeof vars.minPoints === 'number' ? vars.minPoints : defaultNotificationRules.pointsExpiring.minPoints;
    if (!lot || lot.remaining < threshold) return { suppress: 'below-threshold' };
    return { vars: { ...vars, points: lot.remaining } };
  },
});

const tierUpgraded = rule({
  name: 'tier-upgraded',
  class: 'marketing',
  when: 'at once, when the tier goes up',
  trigger: ['LoyaltyTierChanged'],
  plan: (e) => {
    if (tierRank[e.data.to] <= tierRank[e.data.from]) return [];
    return [
      {
        subjectKey: `${e.data.customerId}:${e.data.to}:${e.data.changedAt}`,
        customerId: e.data.customerId,
        audience: 'customer',
        dueAt: e.data.changedAt,
        validUntil: plus(e.data.changedAt, GRACE_MS),
        vars: { from: e.data.from, to: e.data.to },
      },
    ];
  },
});

const winBack = rule({
  name: 'win-back',
  class: 'marketing',
  when: 'no order for 90 days, once per lapse',
  trigger: ['OrderPlaced'],
  // A lapse is named by the last order before it; the next order cancels that lapse.
  plan: (e, { notifications }) => {
    const dueAt = addDays(e.data.placedAt, notifications.winBack.afterDays);
    return [
      {
        subjectKey: `${e.data.customerId}:${e.data.orderId}`,
        customerId: e.data.customerId,
        audience: 'customer',
        dueAt,
        validUntil: addDays(dueAt, 30),
        cancelKey: e.data.customerId,
        vars: { lastOrderId: e.data.orderId, lastOrderAt: e.data.placedAt },
      },
    ];
  },
  cancelWhen: { on: ['OrderPlaced'], keys: (e) => [e.data.customerId] },
});

const warrantyExpiring = rule({
  name: 'warranty-expiring',
  class: 'marketing',
  when: 'warranty ends in 30 days, once per item',
  trigger: ['OrderDelivered'],
  needsOrder: true,
  plan: (e, { order, notifications }) => {
    if (!order) return [];
    return order.lines
      .filter((line) => line.warrantyMonths > 0)
      .map((line) => {
        const endsAt = addMonths(e.data.deliveredAt, line.warrantyMonths);
        return {
          subjectKey: `${e.data.orderId}:${line.lineNo}`,
          customerId: e.data.customerId,
          audience: 'customer' as const,
          dueAt: addDays(endsAt, -notifications.warrantyExpiring.beforeDays),
          validUntil: endsAt,
          vars: {
            orderId: e.data.orderId,
            lineNo: line.lineNo,
            productName: line.name,
            warrantyEndsAt: endsAt,
          },
        };
      });
  },
});

/** Where a reply on a case's channel can go: e-mail as e-mail, a phone case by SMS. */
const replyChannels: Readonly<Record<string, 'email' | 'sms'>> = { email: 'email', phone: 'sms' };

const caseReply = rule({
  name: 'case-reply',
  class: 'transactional',
  when: "at once, on the case's channel",
  trigger: ['CaseMessageAdded'],
  plan: (e) => {
    if (e.data.direction !== 'out') return [];
    const d = e.data;
    // The body stays in the sealed log: the message tells the customer there is an answer.
    return [
      {
        subjectKey: `${d.caseId}:${d.messageId}`,
        customerId: d.customerId,
        audience: 'customer',
        dueAt: d.addedAt,
        validUntil: plus(d.addedAt, GRACE_MS),
        vars: { caseId: d.caseId, channel: d.channel },
      },
    ];
  },
  // Chat, web and social conversations are answered in the desk's own tools.
  channelOf: (vars) => replyChannels[String(vars.channel)] ?? null,
});

const caseSurvey = rule({
  name: 'case-survey',
  class: 'transactional',
  when: 'solved + 1 day, unless reopened (or answered)',
  trigger: ['CaseSolved'],
  plan: (e, { notifications }) => {
    const dueAt = addDays(e.data.solvedAt, notifications.caseSurvey.afterDays);
    return [
      {
        // Per solution: a case reopened and solved again is asked about its last solution.
        subjectKey: `${e.data.caseId}:${e.data.solvedAt}`,
        customerId: e.data.customerId,
        audience: 'customer',
        dueAt,
        validUntil: plus(dueAt, GRACE_MS),
        cancelKey: e.data.caseId,
        vars: { caseId: e.data.caseId, solvedAt: e.data.solvedAt },
      },
    ];
  },
  cancelWhen: {
    on: ['CaseReopened', 'FeedbackSubmitted'],
    keys: (e) =>
      e.type === 'CaseReopened' ? [e.data.caseId] : e.data.subject.type === 'case' ? [e.data.subject.id] : [],
  },
});

/** An SLA alert to the support webhook, one per case, metric and cycle, due at `dueAt`. */
const slaAlert = (
  d: Readonly<{
    caseId: string;
    customerId: string;
    metric: string;
    cycle: number;
    priority: string;
    due: string;
  }>,
  dueAt: string,
  validUntil: string,
) => [
  {
    subjectKey: `${d.caseId}:${d.metric}:${d.cycle}`,
    customerId: d.customerId,
    audience: 'support' as const,
    dueAt,
    validUntil,
    vars: { caseId: d.caseId, metric: d.metric, cycle: d.cycle, priority: d.priority, due: d.due },
  },
];

const slaAtRisk = rule({
  name: 'sla-at-risk',
  class: 'transactional',
  when: 'at once, to the support webhook, when 75 % of an SLA target is used',
  trigger: ['SlaAtRisk'],
  // Once the target has passed, the breach alert says it.
  plan: (e) => slaAlert(e.data, e.data.atRiskAt, e.data.due),
});

const slaBreached = rule({
  name: 'sla-breached',
  class: 'transactional',
  when: 'at once, to the support webhook, when an SLA target passes',
  trigger: ['SlaBreached'],
  plan: (e) => slaAlert(e.data, e.data.due, plus(e.data.due, GRACE_MS)),
});

export const notificationRules: readonly RuleDefinition[] = [
  shipmentDelayed,
  deliveryOverdue,
  refundConfirmed,
  lowScoreEscalation,
  feedbackRequest,
  repairFollowUp,
  pointsExpiring,
  tierUpgraded,
  winBack,
  warrantyExpiring,
  caseReply,
  caseSurvey,
  slaAtRisk,
  slaBreached,
];

const byName = new Map(notificationRules.map((rule) => [rule.name, rule]));

export function ruleNamed(name: string): RuleDefinition | undefined {
  return byName.get(name as RuleName);
}

/** Event types the notifier acts on (rules' triggers and cancellations). */
export function isRelevant(rules: readonly RuleDefinition[], event: DomainEvent): boolean {
  return rules.some((r) => r.trigger.includes(event.type) || r.cancelWhen?.on.includes(event.type));
}
