import type { CommandMetadata, DecidedEvent, HandledEvent } from '../command-handler';
import type { EventStore, RecordedEvent } from '../port';
import type { CommandPlan, PlanOutcome, StepOutcome } from './plan';

const handled = (e: RecordedEvent): HandledEvent<DecidedEvent> =>
  ({ type: e.type, data: e.data as object, metadata: e.metadata }) as HandledEvent<DecidedEvent>;

/** The events of `streamId` that `caused` picks, as the step that recorded them answered. */
async function outcomeOf(
  store: EventStore,
  streamId: string,
  caused: (e: RecordedEvent) => boolean,
): Promise<StepOutcome> {
  const recorded = await store.readStream(streamId);
  const mine = recorded.filter(caused);
  const revision = (mine.at(-1) ?? recorded.at(-1))?.revision ?? -1n;
  return { streamId, events: mine.map(handled), revision, state: undefined };
}

/**
 * The answer a command gave, rebuilt from the events it recorded: for a retry of an
 * Idempotency-Key whose first run took effect but whose answer was never stored (the API or
 * Postgres crashed in between, and the client was told nothing or 503). The domain then refuses
 * the repeat ("already delivered"); what the caller needs is the first answer. The command's own
 * events carry its key as `causationId` and its caller as `actor`; the effects before the target
 * carry the same; the follow-ups are caused by the target's events, with ids derived from them.
 * Null when the target stream holds nothing of this command: the refusal stands.
 */
export async function recoverOutcome(
  store: EventStore,
  plan: CommandPlan,
  metadata: CommandMetadata,
): Promise<PlanOutcome | null> {
  const key = metadata.causationId;
  if (key === undefined) return null;
  const byThisCommand = (e: RecordedEvent) =>
    e.metadata.causationId === key && e.metadata.actor === metadata.actor;
  const recorded = await outcomeOf(store, plan.target.streamId, byThisCommand);
  if (recorded.events.length === 0) return null;
  // The follow-ups read the target's state (a delivery's points need the order's lines).
  const target = { ...recorded, state: (await plan.target.history(store)).state };
  const related: StepOutcome[] = [];
  for (const effect of plan.before ?? [])
    related.push(await outcomeOf(store, effect.streamId, byThisCommand));
  const sources = new Set(target.events.map((e) => e.metadata.eventId));
  const bySources = (e: RecordedEvent) =>
    e.metadata.causationId !== undefined && sources.has(e.metadata.causationId);
  for (const followUp of plan.after?.(target) ?? []) {
    related.push(await outcomeOf(store, followUp.streamId, bySources));
  }
  return { target, related, recovered: true };
}

/**
 * An outcome that lists what the command recorded, also when an earlier attempt of the same key
 * recorded it: an attempt cut off after its append (its answer never stored, the caller told 503
 * or nothing) leaves the retry deciding "nothing new" — the shipment delay is already recorded,
 * the return's reservation on the order already held. The retry then answers with those events
 * rather than none. Only steps that decided nothing are looked up, so the usual path reads nothing.
 */
export async function withEarlierAttempts(
  store: EventStore,
  plan: CommandPlan,
  metadata: CommandMetadata,
  outcome: PlanOutcome,
): Promise<PlanOutcome> {
  const key = metadata.causationId;
  if (key === undefined || outcome.recovered) return outcome;
  if (outcome.target.events.length === 0) return (await recoverOutcome(store, plan, metadata)) ?? outcome;
  const before = plan.before ?? [];
  if (!outcome.related.slice(0, before.length).some((step) => step.events.length === 0)) return outcome;
  const byThisCommand = (e: RecordedEvent) =>
    e.metadata.causationId === key && e.metadata.actor === metadata.actor;
  const related = await Promise.all(
    outcome.related.map(async (step, index) => {
      if (index >= before.length || step.events.length > 0) return step;
      const earlier = await outcomeOf(store, step.streamId, byThisCommand);
      return earlier.events.length > 0 ? { ...step, events: earlier.events } : step;
    }),
  );
  return { ...outcome, related };
}
