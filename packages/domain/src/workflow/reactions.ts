import { escalationFor } from '../case/escalation';
import type { DomainEvent, DomainEventOf } from '../events';
import { bonusForFeedback, earnOnDelivery, reverseOnRefund } from '../loyalty/policy';
import type { OrderState } from '../order/order';
import { recordLineRepairedCommand } from '../repair/order-link';
import { orderCommandForReturnEvent } from '../return/order-link';
import type { Instant } from '../shared/event';
import { streams } from '../streams';
import type { Decision } from './commands';

/**
 * A command that another stream must decide because of a recorded event (DESIGN.md's policy):
 * which stream, which aggregate decides it, the command, and the business time it is decided at
 * (the source's). Every writer (the HTTP API, the simulator's store mode) runs these same
 * reactions; the ids of the events they cause derive from the source event (see `causedEventName`).
 */
export type Reaction = Extract<Decision, { aggregate: 'loyalty' | 'order' | 'case' | 'store-credit' }> &
  Readonly<{ occurredAt: Instant }>;

/**
 * The namespace (uuid v5) of the ids of events caused by another event. One for every writer:
 * the same source event gives the same follow-up ids wherever it is handled, so a follow-up run
 * twice, by the API and by a store-mode import, is appended once.
 */
export const CAUSED_EVENT_NAMESPACE = '6f1c2b7e-4d3a-4b8e-9c0f-2a1e5d7c9b30';

/** The name (in `CAUSED_EVENT_NAMESPACE`) of the `index`-th event caused by `sourceEventId`. */
export const causedEventName = (sourceEventId: string, index: number): string =>
  index === 0 ? sourceEventId : `${sourceEventId}/${index}`;

/**
 * The index (for `causedEventName`) of the `event`-th event of the `reaction`-th reaction to one
 * source: since an exchange has two reactions (points and credit), their events need ids of
 * their own. The first reaction keeps the indexes it always had, so ids already stored stay.
 */
export const causedEventIndex = (reaction: number, event: number): number =>
  reaction === 0 ? event : reaction * 1_000 + event;

/** The OrderPlaced facts the delivery's earn rule needs, from the order as the delivery left it. */
function placedFrom(state: OrderState): DomainEventOf<'OrderPlaced'> | null {
  if (state.status === 'none') return null;
  const { orderId, customerId, currency, lines, placedAt } = state;
  return { type: 'OrderPlaced', data: { orderId, customerId, currency, lines, placedAt } };
}

/**
 * An exchange (DESIGN.md): the returned lines' points are reversed as for a refund (the
 * replacement earns when its order is delivered); a cheaper replacement's difference, when it
 * goes to store credit, is issued on the customer's ledger. A release-1 exchange named no lines
 * and reverses nothing, as it did then.
 */
function exchangeReactions(source: DomainEventOf<'ReturnExchanged'>): readonly Reaction[] {
  const { customerId, returnId, orderId, items, priceDifference, differenceSettledAs, exchangedAt } =
    source.data;
  const reactions: Reaction[] = [];
  if (items && items.length > 0) {
    const lines = items.map(({ lineNo, qty }) => ({ lineNo, qty }));
    reactions.push({
      aggregate: 'loyalty',
      stream: streams.loyalty(customerId),
      occurredAt: exchangedAt,
      command: { type: 'ReversePointsForRefund', data: { customerId, returnId, orderId, lines } },
    });
  }
  if (differenceSettledAs === 'store-credit' && priceDifference && priceDifference.amount < 0) {
    const creditId = `${returnId}/exchange/${(items ?? []).map((item) => item.lineNo).join(',')}`;
    reactions.push({
      aggregate: 'store-credit',
      stream: streams.storeCredit(customerId),
      occurredAt: exchangedAt,
      command: {
        type: 'IssueStoreCredit',
        data: {
          customerId,
          creditId,
          returnId,
          orderId,
          amount: { amount: -priceDifference.amount, currency: priceDifference.currency },
        },
      },
    });
  }
  return reactions;
}

/**
 * The reactions to one recorded event, given the state its own stream reached with it:
 * 1. a delivery earns points; 2. a refund reverses them; 3. feedback with a comment earns the
 * bonus, and a low score opens a support case; 4. a rejected return releases its reservation on
 * the order; 5. a completed repair is recorded on its order; 6. store credit of a return is issued
 * on the customer's ledger; 7. an exchange reverses the returned lines' points and credits a
 * difference owed (see `exchangeReactions`). Pure.
 */
export function reactionsTo(source: DomainEvent, sourceState: unknown): readonly Reaction[] {
  switch (source.type) {
    case 'OrderDelivered': {
      const placed = placedFrom(sourceState as OrderState);
      return placed ? [{ aggregate: 'loyalty', ...earnOnDelivery(source, placed) }] : [];
    }
    case 'ReturnRefunded':
      return [{ aggregate: 'loyalty', ...reverseOnRefund(source) }];
    case 'ReturnStoreCredited': {
      const { customerId, returnId, orderId, amount, items, creditedAt } = source.data;
      const creditId = `${returnId}/credit/${(items ?? []).map((item) => item.lineNo).join(',')}`;
      return [
        {
          aggregate: 'store-credit',
          stream: streams.storeCredit(customerId),
          command: { type: 'IssueStoreCredit', data: { customerId, creditId, returnId, orderId, amount } },
          occurredAt: creditedAt,
        },
      ];
    }
    case 'ReturnExchanged':
      return exchangeReactions(source);
    case 'FeedbackSubmitted': {
      // The bonus for a comment; a low score opens a support case (its id from the feedback's).
      const bonus = bonusForFeedback(source);
      const escalation = escalationFor(source);
      return [
        ...(bonus ? [{ aggregate: 'loyalty' as const, ...bonus }] : []),
        ...(escalation
          ? [{ aggregate: 'case' as const, ...escalation, occurredAt: source.data.submittedAt }]
          : []),
      ];
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
