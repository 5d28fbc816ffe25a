import {
  balanceAsOf,
  bonusForFeedback,
  type DomainEventOf,
  earnOnDelivery,
  type LoyaltyCommand,
  type LoyaltyState,
  loyaltyDecider,
  type OrderLine,
  type RulesTimeline,
  reverseOnRefund,
} from '@aftersales/domain';
import type { Draft, StoryItem } from './types';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sizes each checkout redemption from the customer's ledger as it will stand at that instant.
 * The ledger is folded here with the domain's own loyalty decider and the same reactions the
 * system runs (earn on delivery, reverse on refund, bonus for a comment), so a planned
 * redemption never asks for points that are not there — unless it overdraws on purpose.
 * Items must be in business-time order; a redemption with too little to spend is dropped.
 */
export function sizeRedemptions(items: readonly StoryItem[], rules: RulesTimeline): Draft[] {
  const orders = new Map<string, { customerId: string; currency: string; lines: OrderLine[] }>();
  const returnOrders = new Map<string, string>();
  let ledger: LoyaltyState = loyaltyDecider.initialState();
  const apply = (command: LoyaltyCommand, at: string) => {
    const events = loyaltyDecider.decide(command, ledger, { now: at, rules });
    ledger = events.reduce(loyaltyDecider.evolve, ledger);
  };

  const drafts: Draft[] = [];
  for (const item of items) {
    const at = iso(item.at);
    if ('redemption' in item) {
      const { customerId, redemptionId, share, overdraw } = item.redemption;
      const available = balanceAsOf(ledger, at, rules).available;
      const points = overdraw ? available + 500 : Math.floor((available * share) / 10) * 10;
      if (!overdraw && points < 100) continue;
      const command = { type: 'RedeemPoints', data: { customerId, redemptionId, points } } as const;
      if (overdraw) {
        drafts.push({ at: item.at, key: item.key, command, expectedRejection: 'insufficient-points' });
      } else {
        apply(command, at);
        drafts.push({ at: item.at, key: item.key, command });
      }
      continue;
    }
    drafts.push(item);
    if (item.expectedRejection) continue;
    const { command } = item;
    switch (command.type) {
      case 'PlaceOrder': {
        const lines = command.data.lines.map((line, i) => ({ ...line, lineNo: i + 1 }));
        orders.set(command.data.orderId, { ...command.data, lines });
        break;
      }
      case 'DeliverOrder': {
        const order = orders.get(command.data.orderId);
        if (!order) break;
        const { orderId } = command.data;
        const placed: DomainEventOf<'OrderPlaced'> = {
          type: 'OrderPlaced',
          data: { orderId, ...order, placedAt: at },
        };
        const delivered: DomainEventOf<'OrderDelivered'> = {
          type: 'OrderDelivered',
          data: { orderId, customerId: order.customerId, deliveredAt: at },
        };
        const earn = earnOnDelivery(delivered, placed);
        apply(earn.command, earn.occurredAt);
        break;
      }
      case 'RequestReturn':
        returnOrders.set(command.data.returnId, command.data.orderId);
        break;
      case 'RefundReturn': {
        const orderId = returnOrders.get(command.data.returnId);
        const order = orderId === undefined ? undefined : orders.get(orderId);
        if (!orderId || !order) break;
        const refunded: DomainEventOf<'ReturnRefunded'> = {
          type: 'ReturnRefunded',
          data: {
            returnId: command.data.returnId,
            orderId,
            customerId: order.customerId,
            amount: command.data.amount,
            items: command.data.items ?? [],
            refundedAt: at,
          },
        };
        const reverse = reverseOnRefund(refunded);
        apply(reverse.command, reverse.occurredAt);
        break;
      }
      case 'ExchangeReturn': {
        // The exchanged lines' points are reversed as for a refund (the domain's reaction).
        const orderId = returnOrders.get(command.data.returnId);
        const order = orderId === undefined ? undefined : orders.get(orderId);
        if (!orderId || !order || !command.data.items) break;
        const lines = command.data.items.map(({ lineNo, qty }) => ({ lineNo, qty }));
        apply(
          {
            type: 'ReversePointsForRefund',
            data: { customerId: order.customerId, returnId: command.data.returnId, orderId, lines },
          },
          at,
        );
        break;
      }
      case 'SubmitFeedback': {
        const bonus = bonusForFeedback({
          type: 'FeedbackSubmitted',
          data: { ...command.data, submittedAt: at },
        });
        if (bonus) apply(bonus.command, bonus.occurredAt);
        break;
      }
      default:
        break;
    }
  }
  return drafts;
}
