import type { FeedbackSubmitted } from '../feedback/events';
import type { OrderDelivered, OrderPlaced } from '../order/events';
import type { ReturnRefunded } from '../return/events';
import { ValidationError } from '../shared/errors';
import type { Instant } from '../shared/event';
import { streams } from '../streams';
import type {
  AwardFeedbackBonus,
  EarnPointsForDelivery,
  LoyaltyCommand,
  ReversePointsForRefund,
} from './decide';

/**
 * Reactions of the loyalty ledger to facts recorded elsewhere. Pure: the caller (HTTP layer or
 * background reactor) reads the source events, runs these, and decides the command on the
 * ledger's stream with `now = occurredAt`, so the ledger records the business time of the
 * source fact even when the reaction runs late or during a history import.
 */
export type LoyaltyReaction<C extends LoyaltyCommand = LoyaltyCommand> = Readonly<{
  /** The ledger stream the command is decided on. */
  stream: string;
  command: C;
  /** Business time of the source fact: the decision's `now`. */
  occurredAt: Instant;
}>;

/** A delivered order earns per line of the order as placed (the caller supplies OrderPlaced). */
export function earnOnDelivery(
  delivered: OrderDelivered,
  placed: OrderPlaced,
): LoyaltyReaction<EarnPointsForDelivery> {
  if (placed.data.orderId !== delivered.data.orderId) {
    throw new ValidationError('order-mismatch', 'the placed order is not the delivered one', {
      field: 'orderId',
    });
  }
  const { customerId, orderId, deliveredAt } = delivered.data;
  return {
    stream: streams.loyalty(customerId),
    occurredAt: deliveredAt,
    command: {
      type: 'EarnPointsForDelivery',
      data: { customerId, orderId, currency: placed.data.currency, deliveredAt, lines: placed.data.lines },
    },
  };
}

/** A refund reverses the points of the refunded units; exchanges and store credit keep them. */
export function reverseOnRefund(refunded: ReturnRefunded): LoyaltyReaction<ReversePointsForRefund> {
  const { customerId, orderId, returnId, items, refundedAt } = refunded.data;
  return {
    stream: streams.loyalty(customerId),
    occurredAt: refundedAt,
    command: {
      type: 'ReversePointsForRefund',
      data: {
        customerId,
        returnId,
        orderId,
        lines: items.map(({ lineNo, qty }) => ({ lineNo, qty })),
      },
    },
  };
}

/** Feedback earns the bonus only with a comment that says something; otherwise no reaction. */
export function bonusForFeedback(submitted: FeedbackSubmitted): LoyaltyReaction<AwardFeedbackBonus> | null {
  const { customerId, subject, comment, submittedAt } = submitted.data;
  if (comment === undefined || comment.trim() === '') return null;
  return {
    stream: streams.loyalty(customerId),
    occurredAt: submittedAt,
    command: { type: 'AwardFeedbackBonus', data: { customerId, subject, comment } },
  };
}
