import {
  bonusForFeedback,
  type DomainEventOf,
  earnOnDelivery,
  type LoyaltyReaction,
  loyaltyDecider,
  type OrderState,
  reverseOnRefund,
} from '@aftersales/domain';
import type { DecidedEvent, HandledEvent } from '@aftersales/event-store';
import { v5 as uuidv5 } from 'uuid';
import type { CommandDeps } from './command-route';
import { type Step, type StepOutcome, step } from './plan';

/** Namespace of the ids of events caused by another event (uuid v5 of the source event id). */
const CAUSED_EVENT_NAMESPACE = '6f1c2b7e-4d3a-4b8e-9c0f-2a1e5d7c9b30';

/** Deterministic: the same source event always yields the same follow-up ids, so retries never double-award. */
export const causedEventId = (sourceEventId: string, index: number): string =>
  uuidv5(index === 0 ? sourceEventId : `${sourceEventId}/${index}`, CAUSED_EVENT_NAMESPACE);

/** The OrderPlaced facts the delivery's earn rule needs, taken from the folded order state. */
function placedFrom(state: OrderState): DomainEventOf<'OrderPlaced'> | null {
  if (state.status === 'none') return null;
  const { orderId, customerId, currency, lines, placedAt } = state;
  return { type: 'OrderPlaced', data: { orderId, customerId, currency, lines, placedAt } };
}

function reactionTo(event: HandledEvent<DecidedEvent>, state: unknown): LoyaltyReaction | null {
  switch (event.type) {
    case 'OrderDelivered': {
      const placed = placedFrom(state as OrderState);
      return placed ? earnOnDelivery(event as unknown as DomainEventOf<'OrderDelivered'>, placed) : null;
    }
    case 'ReturnRefunded':
      return reverseOnRefund(event as unknown as DomainEventOf<'ReturnRefunded'>);
    case 'FeedbackSubmitted':
      return bonusForFeedback(event as unknown as DomainEventOf<'FeedbackSubmitted'>);
    default:
      return null;
  }
}

/**
 * The loyalty ledger's reactions to what a command just recorded (delivery earns, refund
 * reverses, feedback with a comment earns the bonus), decided through the domain's policy at the
 * source fact's business time, with ids and metadata derived from the source event only.
 */
export function loyaltyFollowUps(deps: CommandDeps, outcome: StepOutcome): readonly Step[] {
  const steps: Step[] = [];
  for (const event of outcome.events) {
    const reaction = reactionTo(event, outcome.state);
    if (!reaction) continue;
    const source = event.metadata;
    steps.push(
      step(reaction.stream, loyaltyDecider, reaction.command, {
        eventIds: (index) => causedEventId(source.eventId, index),
        context: { now: reaction.occurredAt, rules: deps.rules },
        metadata: {
          occurredAt: reaction.occurredAt,
          causationId: source.eventId,
          ...(source.correlationId ? { correlationId: source.correlationId } : {}),
          ...(source.actor ? { actor: source.actor } : {}),
        },
      }),
    );
  }
  return steps;
}
