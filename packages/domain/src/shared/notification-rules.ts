/**
 * The numbers of DESIGN.md "Notifications", as data in the policy document (`notifications`).
 * Which message a rule sends and what cancels it stay in the notifier's catalogue; when it goes
 * out, how often and what counts as low are here. The rule set in force at a message's trigger
 * (the business time of the event that planned it) decides it.
 */
export type NotificationRules = Readonly<{
  /** In the customer's time zone: from `startHour` (21:00) to `endHour` (08:00); equal hours: none. */
  quietHours: Readonly<{ startHour: number; endHour: number }>;
  /** Marketing messages: at most `count` per customer within `withinDays`. */
  marketingCap: Readonly<{ count: number; withinDays: number }>;
  /** Shipped, not delivered by the estimate + `afterHours`: the delivery-overdue reminder. */
  deliveryOverdue: Readonly<{ afterHours: number }>;
  /** CSAT at most `csatAtMost` or NPS at most `npsAtMost`: the low-score escalation. */
  lowScore: Readonly<{ csatAtMost: number; npsAtMost: number }>;
  /** The survey `afterDays` after delivery; at most `perCustomer.count` within `perCustomer.withinDays`. */
  feedbackRequest: Readonly<{
    afterDays: number;
    perCustomer: Readonly<{ count: number; withinDays: number }>;
  }>;
  repairFollowUp: Readonly<{ afterDays: number }>;
  /** A lot of at least `minPoints` points: told `beforeDays` before it expires. */
  pointsExpiring: Readonly<{ minPoints: number; beforeDays: number }>;
  /** No order for `afterDays`. */
  winBack: Readonly<{ afterDays: number }>;
  /** Told `beforeDays` before an item's warranty ends. */
  warrantyExpiring: Readonly<{ beforeDays: number }>;
  /** The case survey `afterDays` after solving. */
  caseSurvey: Readonly<{ afterDays: number }>;
}>;

export const defaultNotificationRules: NotificationRules = {
  quietHours: { startHour: 21, endHour: 8 },
  marketingCap: { count: 2, withinDays: 7 },
  deliveryOverdue: { afterHours: 24 },
  lowScore: { csatAtMost: 2, npsAtMost: 6 },
  feedbackRequest: { afterDays: 3, perCustomer: { count: 1, withinDays: 30 } },
  repairFollowUp: { afterDays: 7 },
  pointsExpiring: { minPoints: 100, beforeDays: 30 },
  winBack: { afterDays: 90 },
  warrantyExpiring: { beforeDays: 30 },
  caseSurvey: { afterDays: 1 },
};
