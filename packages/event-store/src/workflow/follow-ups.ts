import {
  causedEventIndex,
  contextWith,
  type Decision,
  type DecisionContext,
  type DomainEvent,
  deciderOf,
  policyVersionAt,
  type RulesTimeline,
  reactionsTo,
  workflowOf,
} from '@aftersales/domain';
import { causedEventId } from '../caused-event-id';
import type { CommandMetadata, DecidedEvent, HandledEvent } from '../command-handler';
import type { EventStore } from '../port';
import { aggregateStream } from '../stream-access';
import { type Step, type StepOptions, type StepOutcome, step } from './plan';

type Source = HandledEvent<DecidedEvent>;

/** A domain decision (see the domain's `workflowOf`) as a step, decided by its aggregate. */
export const stepOf = (decision: Decision, options: StepOptions<DecisionContext> = {}): Step =>
  step(decision.stream, deciderOf(decision.aggregate), decision.command, options);

/**
 * Everything in a follow-up derives from its source event: the ids (uuid v5 in the domain's one
 * namespace), the business time (the source's), the causation and correlation. A repeat therefore
 * appends byte-identical events, which the store absorbs, and the deciders' own checks answer a
 * repeat with nothing.
 */
function causedBy(
  source: Source,
  occurredAt: string,
  rules: RulesTimeline,
  reactionIndex: number,
): StepOptions<DecisionContext> {
  const metadata: CommandMetadata = {
    occurredAt,
    policyVersion: policyVersionAt(rules, occurredAt),
    causationId: source.metadata.eventId,
    ...(source.metadata.correlationId ? { correlationId: source.metadata.correlationId } : {}),
    ...(source.metadata.actor ? { actor: source.metadata.actor } : {}),
    // In the command's trace too; derived from the source, so a repeat stays byte-identical.
    ...(typeof source.metadata.traceparent === 'string' ? { traceparent: source.metadata.traceparent } : {}),
  };
  const context: DecisionContext = { now: occurredAt, rules };
  return {
    metadata,
    context,
    // An exchange has two reactions (points and credit): each needs event ids of its own.
    eventIds: (index: number) =>
      causedEventId(source.metadata.eventId, causedEventIndex(reactionIndex, index)),
  };
}

/**
 * The effects of what a command just recorded on other streams, through the domain's reactions
 * (`reactionsTo`): delivery earns points, a refund reverses them, feedback with a comment earns
 * the bonus (and a low score opens a support case), a rejected return releases its reservation,
 * a completed repair is recorded on its order, store credit is issued on the customer's ledger, an
 * exchange reverses points and credits a difference.
 */
export function followUpsOf(store: EventStore, rules: RulesTimeline, outcome: StepOutcome): readonly Step[] {
  return outcome.events.flatMap((event) =>
    // The shell's events are the domain's, typed loosely.
    reactionsTo(event as unknown as DomainEvent, outcome.state).map((reaction, reactionIndex) => {
      // A reaction reads what its command's workflow reads (a case a low score opens: the
      // customer and the scored subject), afresh for its check and again for its run.
      const { loads } = workflowOf(reaction.command);
      const caused = causedBy(event, reaction.occurredAt, rules, reactionIndex);
      return stepOf(
        reaction,
        loads.length === 0
          ? caused
          : {
              ...caused,
              extendContext: async (base) =>
                contextWith(
                  base,
                  await Promise.all(
                    loads.map(async (load) => ({
                      load,
                      folded: (await aggregateStream(store, load.stream, load.evolve, load.initialState()))
                        .state,
                    })),
                  ),
                ),
            },
      );
    }),
  );
}
