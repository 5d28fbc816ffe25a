import type { DecisionContext } from '@aftersales/domain';
import {
  aggregateStream,
  type CommandDecider,
  type CommandMetadata,
  type DecidedEvent,
  type EventStore,
  type HandledEvent,
  handleCommand,
  WrongExpectedRevisionError,
} from '@aftersales/event-store';

/**
 * A command as the API runs it: the decision on the target stream (the one `If-Match` and `ETag`
 * speak of), idempotent effects on other streams that must hold before it (a return's
 * reservation on the order), and follow-ups derived from what the target recorded (loyalty).
 */
export type StepOutcome = Readonly<{
  streamId: string;
  events: readonly HandledEvent<DecidedEvent>[];
  revision: bigint;
  state: unknown;
}>;

export type StepRunOptions = Readonly<{
  context: DecisionContext;
  metadata: CommandMetadata;
  expectedRevision?: bigint | 'no_stream';
}>;

export type Step = Readonly<{
  streamId: string;
  /** Decides without appending: throws what the real run would throw, so nothing is half done. */
  check: (store: EventStore, options: StepRunOptions) => Promise<void>;
  run: (store: EventStore, options: StepRunOptions) => Promise<StepOutcome>;
}>;

export type StepOptions = Readonly<{
  /** Deterministic event ids, so a repeated follow-up is absorbed by the store. */
  eventIds?: (index: number) => string;
  /** Metadata fixed by the step (a follow-up inherits its trigger's time and causation). */
  metadata?: CommandMetadata;
  context?: DecisionContext;
}>;

/** Binds a decider and a command into a step, keeping their types together. */
export function step<C, E extends DecidedEvent, S>(
  streamId: string,
  decider: CommandDecider<C, E, S, DecisionContext>,
  command: C,
  stepOptions: StepOptions = {},
): Step {
  return {
    streamId,
    check: async (store, options) => {
      const { state, revision } = await aggregateStream(
        store,
        streamId,
        decider.evolve,
        decider.initialState(),
      );
      const expected = options.expectedRevision === 'no_stream' ? -1n : options.expectedRevision;
      if (expected !== undefined && expected !== revision) {
        throw new WrongExpectedRevisionError(
          streamId,
          options.expectedRevision ?? 'any',
          revision < 0n ? 'no_stream' : revision,
        );
      }
      decider.decide(command, state, stepOptions.context ?? options.context);
    },
    run: async (store, options) => {
      const result = await handleCommand(store, streamId, decider, command, {
        context: stepOptions.context ?? options.context,
        metadata: stepOptions.metadata ?? options.metadata,
        ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }),
        ...(stepOptions.eventIds ? { eventIds: stepOptions.eventIds } : {}),
      });
      return {
        streamId,
        events: result.newEvents as readonly HandledEvent<DecidedEvent>[],
        revision: result.nextExpectedRevision,
        state: result.state,
      };
    },
  };
}

export type CommandPlan = Readonly<{
  target: Step;
  before?: readonly Step[];
  /** Follow-ups from the target's new events. */
  after?: (target: StepOutcome) => readonly Step[] | Promise<readonly Step[]>;
}>;

export type PlanOutcome = Readonly<{ target: StepOutcome; related: readonly StepOutcome[] }>;

/**
 * Runs a plan:
 * 1. when there are effects before the target, check the target first, so a command the
 *    domain refuses leaves no reservation behind;
 * 2. run the effects before it, each idempotent (a retry after a crash finds them done);
 * 3. run the target with the caller's expected revision;
 * 4. run the follow-ups, whose deterministic event ids make a repeat harmless.
 */
export async function runPlan(
  store: EventStore,
  plan: CommandPlan,
  options: StepRunOptions,
): Promise<PlanOutcome> {
  const before = plan.before ?? [];
  if (before.length > 0) await plan.target.check(store, options);
  const related: StepOutcome[] = [];
  const shared = { context: options.context, metadata: options.metadata };
  for (const effect of before) related.push(await effect.run(store, shared));
  const target = await plan.target.run(store, options);
  const followUps = plan.after ? await plan.after(target) : [];
  for (const followUp of followUps) related.push(await followUp.run(store, shared));
  return { target, related };
}
