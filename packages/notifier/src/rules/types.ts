import type { DomainEvent, DomainEventType, Instant, NotificationRules } from '@aftersales/domain';

/** Rules whose messages go to the support desk only (no customer texts). */
export type SupportAlertRule = 'sla-at-risk' | 'sla-breached';

export type RuleName = CustomerRuleName | SupportAlertRule;

/** Rules with a message to the customer, in fa, ar and en. */
export type CustomerRuleName =
  | 'shipment-delayed'
  | 'delivery-overdue'
  | 'refund-confirmed'
  | 'low-score-escalation'
  | 'feedback-request'
  | 'repair-follow-up'
  | 'points-expiring'
  | 'tier-upgraded'
  | 'win-back'
  | 'warranty-expiring'
  | 'case-reply'
  | 'case-survey';

export type MessageClass = 'transactional' | 'marketing';
/** Customer messages obey consent, quiet hours and caps; support alerts go to the support desk. */
export type Audience = 'customer' | 'support';

export type TemplateValue = string | number | boolean | null | Readonly<{ amount: number; currency: string }>;
export type TemplateVars = Readonly<Record<string, TemplateValue>>;

export type OrderSnapshot = Readonly<{
  orderId: string;
  customerId: string;
  currency: string;
  status: string;
  lines: readonly Readonly<{ lineNo: number; name: string; warrantyMonths: number }>[];
}>;

/**
 * What a rule may look at besides the event: state the notifier keeps, and the policy's
 * notification rules in force at the event's business time.
 */
export type PlanContext = Readonly<{ order?: OrderSnapshot; notifications: NotificationRules }>;

/** One message a trigger asks for. `(rule, subjectKey)` is unique for ever. */
export type PlannedMessage = Readonly<{
  subjectKey: string;
  customerId: string;
  audience: Audience;
  dueAt: Instant;
  /**
   * Past this instant the message no longer makes sense: a trigger first seen after it (a replay
   * of old history, a late start) is recorded as suppressed 'stale' and never sent.
   */
  validUntil: Instant;
  /** Pending rows of this rule with this key are cancelled by the rule's `cancelWhen` events. */
  cancelKey?: string;
  vars: TemplateVars;
}>;

/** Re-checked when the message is due: a reason to suppress it, or fresh values for the template. */
export type Recheck = Readonly<{ suppress: string } | { vars: TemplateVars } | { ok: true }>;

export interface RecheckQueries {
  lotRemaining(lotId: string): Promise<{ remaining: number; expiresAt: Date } | undefined>;
  orderStatus(orderId: string): Promise<string | undefined>;
}

/** The domain event of one of the types `T`. */
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/**
 * A rule as it is written: typed by its triggers `T` and its cancelling events `K`, so `plan`
 * and `cancelWhen.keys` are given only those events and need not check their type.
 */
export type Rule<T extends DomainEventType, K extends DomainEventType> = Readonly<{
  name: RuleName;
  class: MessageClass;
  /** The DESIGN.md "when", for people reading the catalogue and the decisions. */
  when: string;
  trigger: readonly T[];
  /** Needs the order's lines from the notifier's own order state. */
  needsOrder?: boolean;
  plan: (event: EventOf<T>, context: PlanContext) => readonly PlannedMessage[];
  /** The reason for the message disappeared: pending rows with these cancel keys are cancelled. */
  cancelWhen?: Readonly<{
    on: readonly K[];
    keys: (event: EventOf<K>) => readonly string[];
  }>;
  /**
   * At most `count` messages of this rule per customer within `withinMs` (the survey throttle),
   * by the policy version the message was planned under.
   */
  perCustomerLimit?: (
    notifications: NotificationRules,
  ) => Readonly<{ count: number; withinMs: number; reason: string }>;
  recheck?: (vars: TemplateVars, queries: RecheckQueries) => Promise<Recheck>;
  /**
   * The one customer channel this message may go on (a support reply answers where the customer
   * wrote); null: none of the notifier's channels, the conversation lives elsewhere. Absent: any.
   */
  channelOf?: (vars: TemplateVars) => 'email' | 'sms' | null;
}>;

/**
 * A rule as the consumer and the dispatcher hold the catalogue, its event types erased: `plan`
 * and `keys` answer nothing for an event that is not theirs (see `rule`).
 */
export type RuleDefinition = Omit<Rule<DomainEventType, DomainEventType>, 'plan' | 'cancelWhen'> &
  Readonly<{
    plan: (event: DomainEvent, context: PlanContext) => readonly PlannedMessage[];
    cancelWhen?: Readonly<{
      on: readonly DomainEventType[];
      keys: (event: DomainEvent) => readonly string[];
    }>;
  }>;

const isOf = <T extends DomainEventType>(types: readonly T[], event: DomainEvent): event is EventOf<T> =>
  (types as readonly DomainEventType[]).includes(event.type);

/** A rule for the catalogue: the one place its events' types are checked and erased. */
export function rule<const T extends DomainEventType, const K extends DomainEventType = never>(
  definition: Rule<T, K>,
): RuleDefinition {
  const { plan, cancelWhen, ...rest } = definition;
  return {
    ...rest,
    plan: (event, context) => (isOf(definition.trigger, event) ? plan(event, context) : []),
    ...(cancelWhen
      ? {
          cancelWhen: {
            on: cancelWhen.on,
            keys: (event: DomainEvent) => (isOf(cancelWhen.on, event) ? cancelWhen.keys(event) : []),
          },
        }
      : {}),
  };
}
