import { defaultNotificationRules, type Language } from '@aftersales/domain';
import type { ChannelName } from '../channels/types';
import type { Audience, MessageClass } from '../rules/types';
import { type QuietHours, quietHoursEnd } from './quiet-hours';

export type CustomerProfile = Readonly<{
  customerId: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: Language;
  timezone: string;
  consents: Readonly<Record<'email' | 'sms', Readonly<Record<MessageClass, boolean>>>>;
  forgotten: boolean;
}>;

export type MarketingCap = Readonly<{ count: number; withinMs: number }>;

/** The policy's default (DESIGN.md: 2 per 7 days); `notifications.marketingCap` decides. */
export const defaultMarketingCap: MarketingCap = {
  count: defaultNotificationRules.marketingCap.count,
  withinMs: defaultNotificationRules.marketingCap.withinDays * 24 * 60 * 60 * 1000,
};

export type PolicyInput = Readonly<{
  audience: Audience;
  class: MessageClass;
  customer: CustomerProfile | undefined;
  now: Date;
  /** Channels configured in this deployment, in order of preference. */
  channels: readonly Extract<ChannelName, 'email' | 'sms'>[];
  /** Marketing messages sent to this customer within the cap's window. */
  marketingSentRecently: number;
  /** The reason when the rule's per-customer limit (the survey throttle) is used up, else null. */
  ruleLimitReached: string | null;
  quietHours: QuietHours;
  cap: MarketingCap;
}>;

export type PolicyDecision =
  | Readonly<{ kind: 'send'; channel: ChannelName }>
  | Readonly<{ kind: 'defer'; until: Date; reason: 'quiet-hours' }>
  | Readonly<{ kind: 'suppress'; reason: string }>;

/**
 * Decides what happens to a message that fell due. Final reasons come first (no consent, cap,
 * throttle): deferring those would only postpone a suppression. Quiet hours come last and
 * defer, never drop. The marketing cap suppresses (reason 'cap'): a capped promotion is not
 * worth sending late, and deferring would pile capped messages onto the next window.
 */
export function decide(input: PolicyInput): PolicyDecision {
  if (input.audience === 'support') return { kind: 'send', channel: 'support' };
  const customer = input.customer;
  if (!customer) return { kind: 'suppress', reason: 'unknown-customer' };
  if (customer.forgotten) return { kind: 'suppress', reason: 'forgotten' };
  const channel = input.channels.find(
    (ch) =>
      (ch === 'email' ? customer.email : customer.phone) && customer.consents[ch]?.[input.class] === true,
  );
  if (!channel) {
    return { kind: 'suppress', reason: input.class === 'marketing' ? 'no-marketing-consent' : 'opted-out' };
  }
  if (input.ruleLimitReached) return { kind: 'suppress', reason: input.ruleLimitReached };
  if (input.class === 'marketing' && input.marketingSentRecently >= input.cap.count) {
    return { kind: 'suppress', reason: 'cap' };
  }
  const until = quietHoursEnd(input.now, customer.timezone, input.quietHours);
  if (until) return { kind: 'defer', until, reason: 'quiet-hours' };
  return { kind: 'send', channel };
}
