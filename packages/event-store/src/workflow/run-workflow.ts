import {
  type ContextLoad,
  contextWith,
  type Decision,
  type DecisionContext,
  type DomainCommand,
  type DomainEvent,
  deciderOf,
  QUIET_AGGREGATES,
  type RulesTimeline,
  workflowOf,
} from '@aftersales/domain';
import type { EventStore } from '../port';
import { aggregateStream } from '../stream-access';
import { followUpsOf, stepOf } from './follow-ups';
import {
  type CommandPlan,
  type FirstAttempt,
  type PlanOutcome,
  runPlan,
  type Step,
  type StepOutcome,
  type StepRunOptions,
} from './plan';

/**
 * Folds what a decision needs besides its own stream (see the domain's `ContextLoad`), each
 * stream once in a plan. A stream an effect before it decides on (the order a return request
 * reserves on) is, in the run, that effect's outcome, folded by the same decider; in the check,
 * before the effect ran, it is read and the effect decided on the read, so the target is checked
 * on the stream as the effect will leave it, and the effect's run appends that decision on that
 * read (`firsts`) rather than reading and deciding again. Any other stream is read.
 */
function loaded(
  store: EventStore,
  loads: readonly ContextLoad[],
  base: DecisionContext,
  before: readonly Decision[],
  effects: readonly StepOutcome[],
  firsts: Map<string, FirstAttempt>,
) {
  return Promise.all(
    loads.map(async (load) => {
      const index = before.findIndex(
        (effect) => effect.stream === load.stream && deciderOf(effect.aggregate).evolve === load.evolve,
      );
      const effect = before[index];
      const outcome = effects[index];
      if (outcome) return { load, folded: outcome.state };
      const read = await aggregateStream(store, load.stream, load.evolve, load.initialState());
      if (!effect) return { load, folded: read.state };
      const decider = deciderOf(effect.aggregate);
      let decided: readonly DomainEvent[];
      try {
        decided = decider.decide(effect.command, read.state, base);
      } catch {
        // The effect's run meets its refusal; the target is checked on the stream as it is.
        firsts.set(load.stream, { read: Promise.resolve(read) });
        return { load, folded: read.state };
      }
      firsts.set(load.stream, { read: Promise.resolve(read), decided });
      return { load, folded: decided.reduce(decider.evolve, read.state) };
    }),
  );
}

/** An effect's step whose first attempt is the check's read of its stream and decision, when there was one. */
function startingFrom(step: Step, firsts: Map<string, FirstAttempt>): Step {
  return {
    ...step,
    run: (store, options, first) => {
      const checked = firsts.get(step.streamId);
      firsts.delete(step.streamId);
      return step.run(store, options, first ?? checked);
    },
  };
}

/**
 * The plan of a command's workflow, as the domain defines it (`workflowOf`, `reactionsTo`): the
 * target decided on the context its loads add, the effects before it, the reactions after it.
 */
export function workflowPlan(store: EventStore, command: DomainCommand, rules: RulesTimeline): CommandPlan {
  const workflow = workflowOf(command);
  const { loads, before } = workflow;
  const firsts = new Map<string, FirstAttempt>();
  return {
    target: stepOf(
      workflow.target,
      loads.length === 0
        ? {}
        : {
            extendContext: async (base, effects) =>
              contextWith(base, await loaded(store, loads, base, before, effects, firsts)),
          },
    ),
    createsTarget: workflow.createsStream,
    before: before.map((effect) => startingFrom(stepOf(effect), firsts)),
    // A command on a quiet aggregate has no follow-ups: with none planned, the shell may decide it
    // together with the commands waiting for the same stream.
    ...(QUIET_AGGREGATES.has(workflow.target.aggregate)
      ? {}
      : { after: (outcome: StepOutcome) => followUpsOf(store, rules, outcome) }),
  };
}

/**
 * Runs a command's workflow against the store: the one runner of the HTTP API and the
 * simulator's store mode (see `runPlan` for the steps).
 */
export const runWorkflow = (
  store: EventStore,
  command: DomainCommand,
  options: StepRunOptions,
  onFollowUpFailed?: (err: unknown) => void,
): Promise<PlanOutcome> =>
  runPlan(store, workflowPlan(store, command, options.context.rules), options, onFollowUpFailed);
