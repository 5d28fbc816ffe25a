import type { DecisionContext } from '@aftersales/domain';
import {
  type CommandDecider,
  type CommandMetadata,
  type DecidedEvent,
  type HandledEvent,
  handleCommand,
  stampEvents,
} from '../command-handler';
import { WrongExpectedRevisionError } from '../errors';
import type { AppendResult, EventStore, ExpectedRevision, StreamAppend } from '../port';
import { aggregateStream } from '../stream-access';
import type { StreamQueue } from '../stream-queue';
import type { StreamStateCache } from '../stream-state-cache';
import { upcastToCurrent } from '../upcasting';
import { FollowUpsAhead } from './follow-ups-ahead';
import { recoverOutcome, withEarlierAttempts } from './recovery';

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
  /** The outcomes of the plan's effects before this step (see `StepOptions.extendContext`). */
  effects?: readonly StepOutcome[];
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

/**
 * Where a step's first attempt starts: a read of its stream made or under way, and perhaps the
 * step's decision already made on it (by the plan's check). Later attempts read and decide afresh.
 */
export type FirstAttempt = Readonly<{ read: Promise<Folded>; decided?: readonly DecidedEvent[] }>;

/** The check's answer: the stream as folded, and the decision made on it. */
export type Checked = Readonly<{ folded: Folded; decided: readonly DecidedEvent[] }>;

export type Step = Readonly<{
  streamId: string;
  /**
   * Decides without appending: throws what the real run would throw, so nothing is half done.
   * Answers the stream as it folded it and the decision, for the run's first attempt.
   */
  check: (store: EventStore, options: StepRunOptions) => Promise<Checked>;
  /**
   * Starts reading the stream for a later `run`, unless the cache holds it. The promise is
   * already guarded against going unhandled; `run` meets its failure, if it is used.
   */
  prefetch: (store: EventStore, cache?: StreamStateCache) => Promise<Folded> | undefined;
  /**
   * `first`: this step's own `prefetch` (the first read when the cache misses), or its check's
   * read and decision (the first attempt, without deciding again).
   */
  run: (store: EventStore, options: StepRunOptions, first?: FirstAttempt) => Promise<StepOutcome>;
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
   * What the decision needs besides its own stream (a return request needs the order), for the
   * check and again for the run, so the run sees what the effects before it did: `effects` are
   * their outcomes (none for the check), whose states need no read.
   */
  extendContext?: (base: DecisionContext, effects: readonly StepOutcome[]) => Promise<Ctx>;
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
    return stepOptions.extendContext ? stepOptions.extendContext(base, options.effects ?? []) : (base as Ctx);
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
      const decided = decider.decide(command, state, await contextFor(options));
      return { folded: { state, revision }, decided };
    },
    prefetch: (store, cache) => {
      if (cache?.has(streamId)) return undefined;
      const read = aggregateStream(store, streamId, decider.evolve, decider.initialState());
      read.catch(() => undefined);
      return read;
    },
    run: async (store, options, first) => {
      const append = options.append;
      const result = await handleCommand(store, streamId, decider, command, {
        context: await contextFor(options),
        metadata: stepOptions.metadata ?? options.metadata,
        ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }),
        ...(stepOptions.eventIds ? { eventIds: stepOptions.eventIds } : {}),
        ...(options.cache ? { cache: options.cache } : {}),
        ...(options.queue ? { queue: options.queue } : {}),
        // Its own decider folded it and decided on it: state and events have this step's shapes.
        ...(first ? { firstRead: first.read as Promise<{ state: S; revision: bigint }> } : {}),
        ...(first?.decided ? { firstDecision: first.decided as readonly E[] } : {}),
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

export type PlanOutcome = Readonly<{
  target: StepOutcome;
  related: readonly StepOutcome[];
  /** The command's first run had taken effect: this is its answer, rebuilt (see `recoverOutcome`). */
  recovered?: true;
}>;

const kindOf = (err: unknown) => (err as { kind?: unknown } | null)?.kind;
const isIllegalState = (err: unknown) => kindOf(err) === 'illegal-state';
const isDomainError = (err: unknown) => typeof kindOf(err) === 'string';

/**
 * Runs a plan:
 * 1. when there are effects before the target, check the target first, so a command the
 *    domain refuses leaves no reservation behind; the check's decision is the one the target
 *    appends (each command is decided once, unless a conflict makes it decide again);
 * 2. run the effects before it, each idempotent (a retry after a crash finds them done);
 * 3. run the target with the caller's expected revision (its follow-ups planned meanwhile, and
 *    stored with it where the store links appends: see `FollowUpsAhead`);
 * 4. run the follow-ups not stored with it; their deterministic event ids make a repeat harmless;
 * 5. where a step decided nothing, list what an earlier attempt of the same key recorded there.
 * A refusal of a command whose first run took effect is answered with that run's outcome.
 */
export async function runPlan(
  store: EventStore,
  plan: CommandPlan,
  options: StepRunOptions,
  /** A follow-up the domain refused (logged by the caller; the command itself stands). */
  onFollowUpFailed: (err: unknown) => void = () => undefined,
): Promise<PlanOutcome> {
  const outcome = await runSteps(store, plan, options, onFollowUpFailed);
  // 5. A step that decided nothing may be a retry of an attempt that recorded it.
  return withEarlierAttempts(store, plan, options.metadata, outcome);
}

async function runSteps(
  store: EventStore,
  plan: CommandPlan,
  options: StepRunOptions,
  onFollowUpFailed: (err: unknown) => void,
): Promise<PlanOutcome> {
  const shared: StepRunOptions = {
    context: options.context,
    metadata: options.metadata,
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
  };
  const recovered = async (err: unknown) =>
    isDomainError(err) ? await recoverOutcome(store, plan, options.metadata) : null;
  // 1. The check.
  const before = plan.before ?? [];
  let checked: Checked | undefined;
  if (before.length > 0) {
    try {
      checked = await plan.target.check(store, options);
    } catch (err) {
      // The retry of a command whose first run took effect is refused here already.
      const first = await recovered(err);
      if (first) return first;
      throw err;
    }
  }
  // 2. The effects before the target.
  const related: StepOutcome[] = [];
  for (const effect of before) related.push(await effect.run(store, shared));
  // 3. The target.
  const ahead = plan.after ? new FollowUpsAhead(store, plan.target.streamId, plan.after, shared) : undefined;
  let target: StepOutcome;
  try {
    const targetOptions = { ...options, effects: related, ...(ahead ? { append: ahead.append } : {}) };
    target = await runTarget(store, plan, targetOptions, checked);
  } catch (err) {
    // A repeat of a command whose follow-ups were cut short by a crash is refused by the
    // domain ("already delivered"); completing the follow-ups from history heals that gap.
    if (plan.after && isIllegalState(err)) await completeFollowUps(store, plan, shared, onFollowUpFailed);
    const first = await recovered(err);
    if (first) return first;
    throw err;
  }
  // 4. The follow-ups.
  const planned = ahead?.plannedFor(target);
  if (planned?.stored) return { target, related: [...related, ...planned.stored] };
  const followUps = planned?.steps ?? plan.after?.(target) ?? [];
  for (const [index, followUp] of followUps.entries()) {
    try {
      const read = planned?.reads[index];
      related.push(await followUp.run(store, shared, read ? { read } : undefined));
    } catch (err) {
      // The target's fact is recorded; a follow-up the domain refuses must not turn that into an
      // error the caller would retry. Outages do propagate (503): the retry then heals the gap.
      if (!isDomainError(err)) throw err;
      onFollowUpFailed(err);
    }
  }
  return { target, related };
}

/**
 * The target's decision: the check's when there was one (on the stream as the check folded it);
 * else a creating command first assumes its stream is new (one read fewer).
 */
async function runTarget(
  store: EventStore,
  plan: CommandPlan,
  options: StepRunOptions,
  checked: Checked | undefined,
): Promise<StepOutcome> {
  if (checked) {
    return plan.target.run(store, options, {
      read: Promise.resolve(checked.folded),
      decided: checked.decided,
    });
  }
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
