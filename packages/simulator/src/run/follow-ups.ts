import {
  bonusForFeedback,
  type DecisionContext,
  type DomainEvent,
  type DomainEventOf,
  earnOnDelivery,
  loyaltyDecider,
  type OrderState,
  orderCommandForReturnEvent,
  orderDecider,
  type RulesTimeline,
  recordLineRepairedCommand,
  reverseOnRefund,
  streams,
} from '@aftersales/domain';
import { type EventStore, type HandledEvent, handleCommand } from '@aftersales/event-store';
import { v5 as uuidv5 } from 'uuid';

/** Namespace of the ids of events caused by another event in a store-mode run. */
const CAUSED_EVENT_NAMESPACE = 'b3a4c1d2-6e5f-4a7b-8c9d-0e1f2a3b4c5d';
const causedEventId = (sourceEventId: string, index: number) =>
  uuidv5(index === 0 ? sourceEventId : `${sourceEventId}/${index}`, CAUSED_EVENT_NAMESPACE);

export type FollowUpDeps = Readonly<{ store: EventStore; rules: RulesTimeline; actor: string }>;

/** The OrderPlaced facts the earn rule needs, from the order as the delivery left it. */
function placedFrom(state: OrderState): DomainEventOf<'OrderPlaced'> | null {
  if (state.status === 'none') return null;
  const { orderId, customerId, currency, lines, placedAt } = state;
  return { type: 'OrderPlaced', data: { orderId, customerId, currency, lines, placedAt } };
}

/**
 * What the command API does after a command, for a run that writes to the store directly: the
 * domain's reactions decided on their own streams at the source's business time, with ids derived
 * from the source event (a repeat appends nothing new). Returns the event types appended.
 * 1. a delivery earns points; 2. a refund reverses them; 3. feedback with a comment earns the
 * bonus; 4. a rejected return releases its reservation; 5. a completed repair is recorded on its order.
 */
export async function runFollowUps(
  deps: FollowUpDeps,
  sources: readonly HandledEvent<DomainEvent>[],
  sourceState: unknown,
): Promise<string[]> {
  const appended: string[] = [];
  for (const source of sources) {
    const occurredAt = source.metadata.occurredAt;
    const options = (at: string) => ({
      context: { now: at, rules: deps.rules } satisfies DecisionContext,
      metadata: {
        occurredAt: at,
        causationId: source.metadata.eventId,
        ...(source.metadata.correlationId ? { correlationId: source.metadata.correlationId } : {}),
        actor: deps.actor,
      },
      eventIds: (index: number) => causedEventId(source.metadata.eventId, index),
    });
    const loyalty = reactionOf(source, sourceState);
    if (loyalty) {
      const result = await handleCommand(
        deps.store,
        loyalty.stream,
        loyaltyDecider,
        loyalty.command,
        options(loyalty.occurredAt),
      );
      appended.push(...result.newEvents.map((e) => e.type));
    }
    const onOrder =
      source.type === 'ReturnRejected'
        ? orderCommandForReturnEvent(source)
        : source.type === 'RepairCompleted'
          ? recordLineRepairedCommand(source)
          : undefined;
    if (onOrder) {
      const result = await handleCommand(
        deps.store,
        streams.order(onOrder.data.orderId),
        orderDecider,
        onOrder,
        options(occurredAt),
      );
      appended.push(...result.newEvents.map((e) => e.type));
    }
  }
  return appended;
}

function reactionOf(source: DomainEvent, sourceState: unknown) {
  switch (source.type) {
    case 'OrderDelivered': {
      const placed = placedFrom(sourceState as OrderState);
      return placed ? earnOnDelivery(source, placed) : null;
    }
    case 'ReturnRefunded':
      return reverseOnRefund(source);
    case 'FeedbackSubmitted':
      return bonusForFeedback(source);
    default:
      return null;
  }
}
