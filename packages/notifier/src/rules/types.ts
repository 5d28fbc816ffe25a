import type { DomainEvent, DomainEventType, Instant } from '@aftersales/domain';

export type RuleName =
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

/** What a rule may look at besides the event: state the notifier keeps. */
export type PlanContext = Readonly<{ order?: OrderSnapshot }>;

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

export type RuleDefinition = Readonly<{
  name: RuleName;
  class: MessageClass;
  /** The DESIGN.md "when", for people reading the catalogue and the decisions. */
  when: string;
  trigger: readonly DomainEventType[];
  /** Needs the order's lines from the notifier's own order state. */
  needsOrder?: boolean;
  plan: (event: DomainEvent, context: PlanContext) => readonly PlannedMessage[];
  /** The reason for the message disappeared: pending rows with these cancel keys are cancelled. */
  cancelWhen?: Readonly<{
    on: readonly DomainEventType[];
    keys: (event: DomainEvent) => readonly string[];
  }>;
  /** At most `count` messages of this rule per customer within `withinMs` (the survey throttle). */
  perCustomerLimit?: Readonly<{ count: number; withinMs: number; reason: string }>;
  recheck?: (vars: TemplateVars, queries: RecheckQueries) => Promise<Recheck>;
  /**
   * The one customer channel this message may go on (a support reply answers where the customer
   * wrote); null: none of the notifier's channels, the conversation lives elsewhere. Absent: any.
   */
  channelOf?: (vars: TemplateVars) => 'email' | 'sms' | null;
}>;
