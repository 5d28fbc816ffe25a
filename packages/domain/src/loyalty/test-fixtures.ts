import type { FeedbackSubject } from '../feedback/events';
import type { OrderLine } from '../order/events';
import type { Instant } from '../shared/event';
import {
  type DecisionContext,
  defaultRules,
  defaultRulesTimeline,
  type RulesTimeline,
} from '../shared/rules';
import type {
  AwardFeedbackBonus,
  EarnPointsForDelivery,
  LoyaltyCommand,
  RedeemPoints,
  ReversePointsForRefund,
} from './decide';
import { loyaltyDecider } from './decide';
import type { LoyaltyEvent } from './events';

/** Builders for the loyalty specifications; test support only, not exported by the package. */

export const customerId = 'cus-7';

export const at = (now: Instant, rules: RulesTimeline = defaultRulesTimeline): DecisionContext => ({
  now,
  rules,
});

export const line = (lineNo: number, qty: number, unitPrice: number, category = 'home'): OrderLine => ({
  lineNo,
  sku: `SKU-${lineNo}`,
  name: `Item ${lineNo}`,
  category,
  qty,
  unitPrice,
  warrantyMonths: 24,
});

export const earn = (
  orderId: string,
  deliveredAt: Instant,
  lines: readonly OrderLine[],
  currency = 'EUR',
): EarnPointsForDelivery => ({
  type: 'EarnPointsForDelivery',
  data: { customerId, orderId, currency, deliveredAt, lines },
});

export const refund = (
  returnId: string,
  orderId: string,
  lines: readonly { lineNo: number; qty: number }[],
): ReversePointsForRefund => ({
  type: 'ReversePointsForRefund',
  data: { customerId, returnId, orderId, lines },
});

export const bonus = (subject: FeedbackSubject, comment = 'Fast and friendly.'): AwardFeedbackBonus => ({
  type: 'AwardFeedbackBonus',
  data: { customerId, subject, comment },
});

export const redeem = (redemptionId: string, points: number): RedeemPoints => ({
  type: 'RedeemPoints',
  data: { customerId, redemptionId, points },
});

/**
 * Runs commands through the decider one after another, each at its own instant, and returns
 * every event recorded: a realistic `given` without writing lots by hand.
 */
export function history(
  steps: readonly (readonly [LoyaltyCommand, Instant])[],
  rules: RulesTimeline = defaultRulesTimeline,
): LoyaltyEvent[] {
  const events: LoyaltyEvent[] = [];
  let state = loyaltyDecider.initialState();
  for (const [command, now] of steps) {
    for (const event of loyaltyDecider.decide(command, state, at(now, rules))) {
      events.push(event);
      state = loyaltyDecider.evolve(state, event);
    }
  }
  return events;
}

/** A timeline whose multipliers double from `from` on: rules that change after an award. */
export function doubledMultipliersFrom(from: Instant): RulesTimeline {
  return [
    ...defaultRulesTimeline,
    {
      effectiveFrom: from,
      rules: {
        ...defaultRules,
        loyalty: {
          ...defaultRules.loyalty,
          currencies: Object.fromEntries(
            Object.entries(defaultRules.loyalty.currencies).map(([currency, earning]) => [
              currency,
              {
                ...earning,
                tiers: earning.tiers.map((tier) => ({ ...tier, multiplier: tier.multiplier * 2 })),
              },
            ]),
          ),
        },
      },
    },
  ];
}
