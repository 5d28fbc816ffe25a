import type { DecisionContext } from '@aftersales/domain';
import {
  type AppendResult,
  aggregateStream,
  type CommandDecider,
  type CommandMetadata,
  type DecidedEvent,
  type EventStore,
  type ExpectedRevision,
  type HandledEvent,
  handleCommand,
  type StreamAppend,
  type StreamQueue,
  type StreamStateCache,
  stampEvents,
  upcastToCurrent,
  WrongExpectedRevisionError,
} from '@aftersales/event-store';
import { recoverOutcome } from './recovery';

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
  /** Recently folded streams (see `handleCommand`); every step of a plan shares it. */
  cache?: StreamStateCache;
  /** Commands on one stream one after another in this process (see `StreamQueue`). */
  queue?: StreamQueue;
  /** See `handleCommand`: stores the decision in place of the plain append. */
  append?: (decision: Decision) => Promise<AppendResult>;
}>;

/** A step's decision as its append goes out: the events, the revision they expect, and after. */
export type Decision = Readonly<{
  events: readonly HandledEvent<DecidedEvent>[];
  expectedRevision: ExpectedRevision;
  state: unknown;
  revision: bigint;
}>;

/** A follow-up decided ahead, to be stored with its trigger (see `Step.link`). */
export type LinkedStep = Readonly<{
  append: StreamAppend;
  /** Its outcome once stored with `result`; also keeps the stream's new state in the cache. */
  stored: (result: AppendResult) => StepOutcome;
}>;

/** A stream folded by a step's decider: its state and last revision (`-1n` for none). */
export type Folded = Readonly<{ state: unknown; revision: bigint }>;

export type Step = Readonly<{
  streamId: string;
  /** Decides without appending: throws what the real run would throw, so nothing is half done. */
  check: (store: EventStore, options: StepRunOptions) => Promise<void>;
  /**
   * Starts reading the stream for a later `run`, unless the cache holds it. The promise is
   * already guarded against going unhandled; `run` meets its failure, if it is used.
   */
  prefetch: (store: EventStore, cache?: StreamStateCache) => Promise<Folded> | undefined;
  /** `prefetched`: this step's own `prefetch`, the first read when the cache misses. */
  run: (store: EventStore, options: StepRunOptions, prefetched?: Promise<Folded>) => Promise<StepOutcome>;
  /**
   * Decides on the cached state or the prefetched read, for an append linked to the trigger's.
   * Null when there is nothing to link: no state, a refusal or an empty decision (`run` then
   * answers those on its own, after the trigger).
   */
  link: (options: StepRunOptions, prefetched?: Promise<Folded>) => Promise<LinkedStep | null>;
  /** Everything the stream recorded so far, as if one command had appended it all. */
  history: (store: EventStore) => Promise<StepOutcome>;
}>;

export type StepOptions<Ctx extends DecisionContext> = Readonly<{
  /** Deterministic event ids, so a repeated follow-up is absorbed by the store. */
  eventIds?: (index: number) => string;
  /** Metadata fixed by the step (a follow-up inherits its trigger's time and causation). */
  metadata?: CommandMetadata;
  /** A context of its own (a follow-up decides at its trigger's business time). */
  context?: DecisionContext;
  /**
   * What the decision needs besides its own stream (a return request needs the order), read
   * afresh for the check and again for the run, so the run sees what the effects before it did.
   */
  extendContext?: (base: DecisionContext) => Promise<Ctx>;
}>;

/** Binds a decider and a command into a step, keeping their types together. */
export function step<C, E extends DecidedEvent, S, Ctx extends DecisionContext = DecisionContext>(
  streamId: string,
  decider: CommandDecider<C, E, S, Ctx>,
  command: C,
  stepOptions: StepOptions<Ctx> = {},
): Step {
  // Without `extendContext`, Ctx is DecisionContext or adds only optional fields to it.
  const contextFor = async (options: StepRunOptions): Promise<Ctx> => {
    const base = stepOptions.context ?? options.context;
    return stepOptions.extendContext ? stepOptions.extendContext(base) : (base as Ctx);
  };
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
      decider.decide(command, state, await contextFor(options));
    },
    prefetch: (store, cache) => {
      if (cache?.has(streamId)) return undefined;
      const read = aggregateStream(store, streamId, decider.evolve, decider.initialState());
      read.catch(() => undefined);
      return read;
    },
    run: async (store, options, prefetched) => {
      const append = options.append;
      const result = await handleCommand(store, streamId, decider, command, {
        context: await contextFor(options),
        metadata: stepOptions.metadata ?? options.metadata,
        ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }),
        ...(stepOptions.eventIds ? { eventIds: stepOptions.eventIds } : {}),
        ...(options.cache ? { cache: options.cache } : {}),
        ...(options.queue ? { queue: options.queue } : {}),
        // Its own decider folded it: the state has this step's shape.
        ...(prefetched ? { firstRead: prefetched as Promise<{ state: S; revision: bigint }> } : {}),
        ...(append ? { append: (decision) => append(decision) } : {}),
      });
      return {
        streamId,
        events: result.newEvents as readonly HandledEvent<DecidedEvent>[],
        revision: result.nextExpectedRevision,
        state: result.state,
      };
    },
    link: async (options, prefetched) => {
      const folded =
        options.cache?.get<S>(streamId, decider.evolve, upcastToCurrent) ??
        (prefetched ? ((await prefetched) as { state: S; revision: bigint }) : undefined);
      if (!folded) return null;
      let decided: readonly E[];
      try {
        decided = decider.decide(command, folded.state, await contextFor(options));
      } catch {
        return null;
      }
      if (decided.length === 0) return null;
      const events = stampEvents(decided, {
        metadata: stepOptions.metadata ?? options.metadata,
        ...(stepOptions.eventIds ? { eventIds: stepOptions.eventIds } : {}),
      });
      const state = decided.reduce(decider.evolve, folded.state);
      const expected = folded.revision + BigInt(decided.length);
      return {
        append: {
          streamId,
          events,
          expectedRevision: folded.revision < 0n ? 'no_stream' : folded.revision,
        },
        stored: (result) => {
          if (result.nextExpectedRevision === expected) {
            options.cache?.set(streamId, state, expected, decider.evolve, upcastToCurrent);
          }
          return { streamId, events, revision: result.nextExpectedRevision, state };
        },
      };
    },
    history: async (store) => {
      const recorded = await store.readStream(streamId);
      const events = recorded.map((r) => ({ type: r.type, data: r.data as object, metadata: r.metadata }));
      const state = events.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());
      return { streamId, events, revision: recorded.at(-1)?.revision ?? -1n, state };
    },
  };
}

export type CommandPlan = Readonly<{
  target: Step;
  /**
   * The command creates its target stream (register, place, request…): its first decision is
   * made on the initial state without reading, see `assumingNew`.
   */
  createsTarget?: boolean;
  before?: readonly Step[];
  /** Follow-ups of the target's new events; each must be idempotent (see `completeFollowUps`). */
  after?: (target: StepOutcome) => readonly Step[];
}>;

export type PlanOutcome = Readonly<{ target: StepOutcome; related: readonly StepOutcome[] }>;

const kindOf = (err: unknown) => (err as { kind?: unknown } | null)?.kind;
const isIllegalState = (err: unknown) => kindOf(err) === 'illegal-state';
const isDomainError = (err: unknown) => typeof kindOf(err) === 'string';

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
  /** A follow-up the domain refused (logged by the caller; the command itself stands). */
  onFollowUpFailed: (err: unknown) => void = () => undefined,
): Promise<PlanOutcome> {
  const before = plan.before ?? [];
  if (before.length > 0) {
    try {
      await plan.target.check(store, options);
    } catch (err) {
      // The retry of a command whose first run took effect is refused here already ("return
      // already requested"): its first answer, rebuilt from its events, as below.
      const recovered = isDomainError(err) ? await recoverOutcome(store, plan, options.metadata) : null;
      if (recovered) return recovered;
      throw err;
    }
  }
  const related: StepOutcome[] = [];
  const shared: StepRunOptions = {
    context: options.context,
    metadata: options.metadata,
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
  };
  for (const effect of before) related.push(await effect.run(store, shared));
  // The follow-ups depend on the target's decision only. Where the store links appends, they
  // are decided ahead and stored in the target's own transaction: a delivery and its points are
  // one commit, all or none. Otherwise (or when that is refused) their streams are at least read
  // while the target's append is in flight, and they run after it, as below.
  let early: Early | undefined;
  const after = plan.after;
  const targetOptions: StepRunOptions = after
    ? {
        ...options,
        append: async (decision) => {
          const appendAlone = () =>
            store.appendToStream(plan.target.streamId, decision.events, {
              expectedRevision: decision.expectedRevision,
            });
          early = undefined;
          const outcome: StepOutcome = {
            streamId: plan.target.streamId,
            events: decision.events,
            revision: decision.revision,
            state: decision.state,
          };
          let steps: readonly Step[];
          try {
            steps = after(outcome);
          } catch {
            // Computed again after the append, where its failure is handled.
            return appendAlone();
          }
          const current: Early = {
            outcome,
            steps,
            reads: steps.map((s) => s.prefetch(store, options.cache)),
          };
          early = current;
          if (!store.appendLinked || steps.length === 0) return appendAlone();
          const links = await Promise.all(
            steps.map((s, index) => s.link(shared, current.reads[index]).catch(() => null)),
          );
          const streams = new Set([plan.target.streamId, ...steps.map((s) => s.streamId)]);
          if (links.some((link) => link === null) || streams.size !== steps.length + 1) return appendAlone();
          const linked = links as LinkedStep[];
          try {
            const [result, ...results] = await store.appendLinked([
              {
                streamId: plan.target.streamId,
                events: decision.events,
                expectedRevision: decision.expectedRevision,
              },
              ...linked.map((link) => link.append),
            ]);
            current.stored = linked.map((link, index) => link.stored(results[index] as AppendResult));
            return result as AppendResult;
          } catch {
            // Refused as a whole, or its outcome unknown: one by one gives the precise answers
            // (appends are idempotent by event id, should it have been stored after all).
            return appendAlone();
          }
        },
      }
    : options;
  let target: StepOutcome;
  try {
    target = await runTarget(store, plan, targetOptions);
  } catch (err) {
    // A repeat of a command whose follow-ups were cut short by a crash is refused by the
    // domain ("already delivered"); completing the follow-ups from history heals that gap.
    if (plan.after && isIllegalState(err)) await completeFollowUps(store, plan, shared, onFollowUpFailed);
    // A retry of an Idempotency-Key whose first run took effect: its first answer, not the refusal.
    const recovered = isDomainError(err) ? await recoverOutcome(store, plan, options.metadata) : null;
    if (recovered) return recovered;
    throw err;
  }
  // The early steps hold when the append recorded exactly the decision they were made from.
  const planned: Early | undefined =
    early && early.outcome.events === target.events && early.outcome.revision === target.revision
      ? early
      : undefined;
  if (planned?.stored) return { target, related: [...related, ...planned.stored] };
  const followUps = planned?.steps ?? after?.(target) ?? [];
  for (const [index, followUp] of followUps.entries()) {
    try {
      related.push(await followUp.run(store, shared, planned?.reads[index]));
    } catch (err) {
      // The target's fact is recorded; a follow-up the domain refuses must not turn that into an
      // error the caller would retry. Outages do propagate (503): the retry then heals the gap.
      if (!isDomainError(err)) throw err;
      onFollowUpFailed(err);
    }
  }
  return { target, related };
}

/** The follow-ups as planned from the target's decision, and their outcomes once stored with it. */
type Early = {
  outcome: StepOutcome;
  steps: readonly Step[];
  reads: (Promise<Folded> | undefined)[];
  stored?: StepOutcome[];
};

/** The target's decision; a creating command first assumes its stream is new (one read fewer). */
async function runTarget(
  store: EventStore,
  plan: CommandPlan,
  options: StepRunOptions,
): Promise<StepOutcome> {
  const exact = typeof options.expectedRevision === 'bigint' && options.expectedRevision >= 0n;
  // A stream in the cache is known to exist (or not) already: no need to assume.
  const known = options.cache?.has(plan.target.streamId) ?? false;
  if (!plan.createsTarget || exact || known) return plan.target.run(store, options);
  try {
    return await plan.target.run(assumingNew(store, plan.target.streamId), options);
  } catch (err) {
    // A refusal is decided again on what the stream really holds, so its answer is the same
    // as without the assumption (a repeat is "already registered", not a check of the new state).
    if (!isDomainError(err)) throw err;
    return plan.target.run(store, options);
  }
}

/**
 * The store as a creating command sees it: its first read of `streamId` answers "no events"
 * without a round trip, so the decision is made on the initial state and appended with
 * `no_stream`. Sound because the store refuses that append when the stream exists after all;
 * the shell then reads for real and decides again (under `If-Match`, it answers the conflict).
 */
export function assumingNew(store: EventStore, streamId: string): EventStore {
  let assumed = false;
  return {
    kind: store.kind,
    appendToStream: (id, events, options) => store.appendToStream(id, events, options),
    readStream: async (id, options) => {
      if (!assumed && id === streamId && options === undefined) {
        assumed = true;
        return [];
      }
      return store.readStream(id, options);
    },
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

/** Re-runs the follow-ups of everything the target stream recorded; each finds its work done or does it. */
async function completeFollowUps(
  store: EventStore,
  plan: CommandPlan,
  options: StepRunOptions,
  onFollowUpFailed: (err: unknown) => void,
): Promise<void> {
  try {
    const history = await plan.target.history(store);
    for (const followUp of plan.after?.(history) ?? []) await followUp.run(store, options);
  } catch (err) {
    // Best effort on a request that is refused anyway: the caller gets the original refusal.
    onFollowUpFailed(err);
  }
}
