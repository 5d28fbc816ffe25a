import {
  type DomainEvent,
  loyaltyDecider,
  orderDecider,
  type RulesTimeline,
  reactionsTo,
} from '@aftersales/domain';
import { causedEventId, type EventStore, type HandledEvent, handleCommand } from '@aftersales/event-store';

export type FollowUpDeps = Readonly<{ store: EventStore; rules: RulesTimeline; actor: string }>;

/**
 * What the command API does after a command, for a run that writes to the store directly: the
 * domain's reactions (`reactionsTo`) decided on their own streams at the source's business time,
 * with ids derived from the source event in the domain's one namespace (a repeat, by either
 * writer, appends nothing new). Returns the event types appended.
 */
export async function runFollowUps(
  deps: FollowUpDeps,
  sources: readonly HandledEvent<DomainEvent>[],
  sourceState: unknown,
): Promise<string[]> {
  const appended: string[] = [];
  for (const source of sources) {
    for (const reaction of reactionsTo(source, sourceState)) {
      const options = {
        context: { now: reaction.occurredAt, rules: deps.rules },
        metadata: {
          occurredAt: reaction.occurredAt,
          causationId: source.metadata.eventId,
          ...(source.metadata.correlationId ? { correlationId: source.metadata.correlationId } : {}),
          actor: deps.actor,
        },
        eventIds: (index: number) => causedEventId(source.metadata.eventId, index),
      };
      const result =
        reaction.aggregate === 'loyalty'
          ? await handleCommand(deps.store, reaction.stream, loyaltyDecider, reaction.command, options)
          : await handleCommand(deps.store, reaction.stream, orderDecider, reaction.command, options);
      appended.push(...result.newEvents.map((e) => e.type));
    }
  }
  return appended;
}
