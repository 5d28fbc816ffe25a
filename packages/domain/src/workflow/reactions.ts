import type { DomainEvent, DomainEventOf } from '../events';
import type { LoyaltyCommand } from '../loyalty/decide';
import { bonusForFeedback, earnOnDelivery, reverseOnRefund } from '../loyalty/policy';
import type { OrderCommand } from '../order/decide';
import type { OrderState } from '../order/order';
import { recordLineRepairedCommand } from '../repair/order-link';
import { orderCommandForReturnEvent } from '../return/order-link';
import type { Instant } from '../shared/event';
import { streams } from '../streams';

/**
 * A command that another stream must decide because of a recorded event (DESIGN.md's policy):
 * which stream, which aggregate decides it, the command, and the business time it is decided at
 * (the source's). Every writer (the HTTP API, the simulator's store mode) runs these same
 * reactions; the ids of the events they cause derive from the source event (see `causedEventName`).
 */
export type Reaction =
  | Readonly<{ aggregate: 'loyalty'; stream: string; command: LoyaltyCommand; occurredAt: Instant }>
  | Readonly<{ aggregate: 'order'; stream: string; command: OrderCommand; occurredAt: Instant }>;

/**
 * The namespace (uuid v5) of the ids of events caused by another event. One for every writer:
 * the same source event gives the same follow-up ids wherever it is handled, so a follow-up run
 * twice, by the API and by a store-mode import, is appended once.
 */
export const CAUSED_EVENT_NAMESPACE = '6f1c2b7e-4d3a-4b8e-9c0f-2a1e5d7c9b30';

/** The name (in `CAUSED_EVENT_NAMESPACE`) of the `index`-th event caused by `sourceEventId`. */
export const causedEventName = (sourceEventId: string, index: number): string =>
  index === 0 ? sourceEventId : `${sourceEventId}/${index}`;

/** The OrderPlaced facts the delivery's earn rule needs, from the order as the delivery left it. */
function placedFrom(state: OrderState): DomainEventOf<'OrderPlaced'> | null {
  if (state.status === 'none') return null;
  const { orderId, customerId, currency, lines, placedAt } = state;
  return { type: 'OrderPlaced', data: { orderId, customerId, currency, lines, placedAt } };
}

/**
 * The reactions to one recorded event, given the state its own stream reached with it:
 * 1. a delivery earns points; 2. a refund reverses them; 3. feedback with a comment earns the
 * bonus; 4. a rejected return releases its reservation on the order; 5. a completed repair is
 * recorded on its order. Pure.
 */
export function reactionsTo(source: DomainEvent, sourceState: unknown): readonly Reaction[] {
  switch (source.type) {
    case 'OrderDelivered': {
      const placed = placedFrom(sourceState as OrderState);
      return placed ? [{ aggregate: 'loyalty', ...earnOnDelivery(source, placed) }] : [];
    }
    case 'ReturnRefunded':
      return [{ aggregate: 'loyalty', ...reverseOnRefund(source) }];
    case 'FeedbackSubmitted': {
      const bonus = bonusForFeedback(source);
      return bonus ? [{ aggregate: 'loyalty', ...bonus }] : [];
    }
    case 'ReturnRejected': {
      const release = orderCommandForReturnEvent(source);
      return release
        ? [
            {
              aggregate: 'order',
              stream: streams.order(release.data.orderId),
              command: release,
              occurredAt: source.data.rejectedAt,
            },
          ]
        : [];
    }
    case 'RepairCompleted': {
      const record = recordLineRepairedCommand(source);
      return [
        {
          aggregate: 'order',
          stream: streams.order(record.data.orderId),
          command: record,
          occurredAt: source.data.completedAt,
        },
      ];
    }
    default:
      return [];
  }
}
