import {
  type DecisionContext,
  type DomainEvent,
  loyaltyDecider,
  orderDecider,
  type Reaction,
  reactionsTo,
} from '@aftersales/domain';
import {
  type CommandMetadata,
  causedEventId,
  type DecidedEvent,
  type HandledEvent,
} from '@aftersales/event-store';
import type { CommandDeps } from './command-route';
import { type Step, type StepOutcome, step } from './plan';

export { causedEventId };

type Source = HandledEvent<DecidedEvent>;

/**
 * Everything in a follow-up derives from its source event: the ids (uuid v5 in the domain's one
 * namespace), the business time (the source's), the causation and correlation. A repeat therefore
 * appends byte-identical events, which the store absorbs, and the deciders' own checks answer a
 * repeat with nothing.
 */
function causedBy(source: Source, occurredAt: string, rules: CommandDeps['rules']) {
  const metadata: CommandMetadata = {
    occurredAt,
    causationId: source.metadata.eventId,
    ...(source.metadata.correlationId ? { correlationId: source.metadata.correlationId } : {}),
    ...(source.metadata.actor ? { actor: source.metadata.actor } : {}),
    // In the command's trace too; derived from the source, so a repeat stays byte-identical.
    ...(typeof source.metadata.traceparent === 'string' ? { traceparent: source.metadata.traceparent } : {}),
  };
  const context: DecisionContext = { now: occurredAt, rules };
  return { metadata, context, eventIds: (index: number) => causedEventId(source.metadata.eventId, index) };
}

/** A reaction (see the domain's `reactionsTo`) as a step of the plan, decided by its aggregate. */
function stepOf(deps: CommandDeps, source: Source, reaction: Reaction): Step {
  const caused = causedBy(source, reaction.occurredAt, deps.rules);
  return reaction.aggregate === 'loyalty'
    ? step(reaction.stream, loyaltyDecider, reaction.command, caused)
    : step(reaction.stream, orderDecider, reaction.command, caused);
}

/**
 * The effects of what a command just recorded on other streams, through the domain's policies:
 * delivery earns points, a refund reverses them, feedback with a comment earns the bonus, a
 * rejected return releases its reservation, a completed repair is recorded on its order.
 */
export function followUpsOf(deps: CommandDeps, outcome: StepOutcome): readonly Step[] {
  return outcome.events.flatMap((event) =>
    // The shell's events are the domain's, typed loosely.
    reactionsTo(event as unknown as DomainEvent, outcome.state).map((reaction) =>
      stepOf(deps, event, reaction),
    ),
  );
}
