import type { DomainEvent } from '../events';
import type { DecisionContext } from '../shared/rules';
import { assertionError, deepEqual, describeError } from '../shared/testing';
import { contextWith, type Decision, type DomainCommand, deciderOf, workflowOf } from './commands';
import { reactionsTo } from './reactions';

/**
 * Workflow specifications, in the deciders' vocabulary but across streams:
 *
 *   givenStreams({ 'order-o-1': [placed, delivered] })
 *     .when(requestReturn, context)
 *     .then({ 'order-o-1': [reserved], 'return-r-1': [requested] });
 *
 * The workflow is evaluated in memory, as the runner runs it against a store: the target is
 * checked first (a refusal appends nothing anywhere), then the effects before it, the target on
 * what they left, and the reactions to what it recorded, at the source's business time. A reaction
 * the domain refuses fails the specification (the runner logs it and keeps the command). What a
 * store adds (revisions, retries, ids) is the runner's and tested with it.
 */
type Streams = Readonly<Record<string, readonly DomainEvent[]>>;

type Outcome = { ok: true; appended: Record<string, DomainEvent[]> } | { ok: false; error: unknown };

function evaluate(given: Streams, command: DomainCommand, base: DecisionContext): Outcome {
  const streams = new Map(Object.entries(given).map(([id, events]) => [id, [...events]]));
  const appended: Record<string, DomainEvent[]> = {};
  const eventsOf = (stream: string) => streams.get(stream) ?? [];
  const stateOf = (decision: Decision) => {
    const decider = deciderOf(decision.aggregate);
    return eventsOf(decision.stream).reduce(decider.evolve, decider.initialState());
  };
  const decide = (decision: Decision, context: DecisionContext) =>
    deciderOf(decision.aggregate).decide(decision.command, stateOf(decision), context);
  const append = (stream: string, events: readonly DomainEvent[]) => {
    if (events.length === 0) return;
    streams.set(stream, [...eventsOf(stream), ...events]);
    appended[stream] = [...(appended[stream] ?? []), ...events];
  };
  const workflow = workflowOf(command);
  const targetContext = () =>
    contextWith(
      base,
      workflow.loads.map((load) => ({
        load,
        folded: eventsOf(load.stream).reduce(load.evolve, load.initialState()),
      })),
    );
  try {
    if (workflow.before.length > 0) decide(workflow.target, targetContext());
    for (const effect of workflow.before) append(effect.stream, decide(effect, base));
    const recorded = decide(workflow.target, targetContext());
    append(workflow.target.stream, recorded);
    const targetState = stateOf(workflow.target);
    for (const source of recorded) {
      for (const reaction of reactionsTo(source, targetState)) {
        append(reaction.stream, decide(reaction, { ...base, now: reaction.occurredAt }));
      }
    }
    return { ok: true, appended };
  } catch (error) {
    return { ok: false, error };
  }
}

export class WorkflowSpecification {
  constructor(private readonly outcome: Outcome) {}

  /** The command was accepted and appended exactly these events, stream by stream. */
  // biome-ignore lint/suspicious/noThenProperty: given/when/then is the vocabulary; a specification is never awaited
  then(expected: Streams): void {
    if (!this.outcome.ok) {
      throw assertionError(
        'expected events but the workflow was refused',
        describeError(this.outcome.error),
        expected,
      );
    }
    if (!deepEqual(this.outcome.appended, expected)) {
      throw assertionError(
        'the workflow appended other events than specified',
        this.outcome.appended,
        expected,
      );
    }
  }

  /** The command was refused with this stable code, and nothing was appended anywhere. */
  thenRefuses(code: string): void {
    if (this.outcome.ok) {
      throw assertionError(`expected '${code}' but the workflow appended`, this.outcome.appended, {});
    }
    const actual = (this.outcome.error as { code?: unknown } | null)?.code;
    if (actual !== code)
      throw assertionError(`expected code '${code}'`, describeError(this.outcome.error), code);
  }
}

export const givenStreams = (streams: Streams = {}) => ({
  when: (command: DomainCommand, context: DecisionContext) =>
    new WorkflowSpecification(evaluate(streams, command, context)),
});
