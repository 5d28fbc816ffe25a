import {
  bonusForFeedback,
  type DecisionContext,
  type DomainEventOf,
  type DomainEventType,
  earnOnDelivery,
  loyaltyDecider,
  type OrderState,
  orderCommandForReturnEvent,
  orderDecider,
  recordLineRepairedCommand,
  reverseOnRefund,
  streams,
} from '@aftersales/domain';
import type { CommandMetadata, DecidedEvent, HandledEvent } from '@aftersales/event-store';
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

type Source = HandledEvent<DecidedEvent>;
/** The shell's events are the domain's, typed loosely; the `switch` on `type` says which one. */
const as = <T extends DomainEventType>(event: Source) => event as unknown as DomainEventOf<T>;

/**
 * Everything in a follow-up derives from its source event: the ids (uuid v5), the business time
 * (the source's), the causation and correlation. A repeat therefore appends byte-identical events,
 * which the store absorbs, and the deciders' own checks answer a repeat with nothing.
 */
function causedBy(source: Source, occurredAt: string, rules: CommandDeps['rules']) {
  const metadata: CommandMetadata = {
    occurredAt,
    causationId: source.metadata.eventId,
    ...(source.metadata.correlationId ? { correlationId: source.metadata.correlationId } : {}),
    ...(source.metadata.actor ? { actor: source.metadata.actor } : {}),
  };
  const context: DecisionContext = { now: occurredAt, rules };
  return { metadata, context, eventIds: (index: number) => causedEventId(source.metadata.eventId, index) };
}

function followUpsOfEvent(deps: CommandDeps, source: Source, state: unknown): Step[] {
  const occurredAt = source.metadata.occurredAt;
  switch (source.type) {
    case 'OrderDelivered': {
      const placed = placedFrom(state as OrderState);
      if (!placed) return [];
      const earn = earnOnDelivery(as<'OrderDelivered'>(source), placed);
      return [step(earn.stream, loyaltyDecider, earn.command, causedBy(source, earn.occurredAt, deps.rules))];
    }
    case 'ReturnRefunded': {
      const reverse = reverseOnRefund(as<'ReturnRefunded'>(source));
      return [
        step(
          reverse.stream,
          loyaltyDecider,
          reverse.command,
          causedBy(source, reverse.occurredAt, deps.rules),
        ),
      ];
    }
    case 'FeedbackSubmitted': {
      const bonus = bonusForFeedback(as<'FeedbackSubmitted'>(source));
      return bonus
        ? [step(bonus.stream, loyaltyDecider, bonus.command, causedBy(source, bonus.occurredAt, deps.rules))]
        : [];
    }
    case 'ReturnRejected': {
      const release = orderCommandForReturnEvent(as<'ReturnRejected'>(source));
      return release
        ? [
            step(
              streams.order(release.data.orderId),
              orderDecider,
              release,
              causedBy(source, occurredAt, deps.rules),
            ),
          ]
        : [];
    }
    case 'RepairCompleted': {
      const record = recordLineRepairedCommand(as<'RepairCompleted'>(source));
      return [
        step(
          streams.order(record.data.orderId),
          orderDecider,
          record,
          causedBy(source, occurredAt, deps.rules),
        ),
      ];
    }
    default:
      return [];
  }
}

/**
 * The effects of what a command just recorded on other streams, through the domain's policies:
 * delivery earns points, a refund reverses them, feedback with a comment earns the bonus, a
 * rejected return releases its reservation, a completed repair is recorded on its order.
 */
export function followUpsOf(deps: CommandDeps, outcome: StepOutcome): readonly Step[] {
  return outcome.events.flatMap((event) => followUpsOfEvent(deps, event, outcome.state));
}
