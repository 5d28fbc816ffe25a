import type { AppendResult, EventStore } from '../port';
import type { Decision, Folded, LinkedStep, Step, StepOutcome, StepRunOptions } from './plan';

/** The follow-ups as planned from one decision of the target, and their outcomes once stored with it. */
export type PlannedFollowUps = Readonly<{
  steps: readonly Step[];
  reads: readonly (Promise<Folded> | undefined)[];
  stored?: readonly StepOutcome[];
}>;

/**
 * A speed-up of the plan, and nothing of its meaning: the follow-ups depend on the target's
 * decision only, so they are planned while its append goes out (`append` replaces the target's
 * plain append). Where the store links appends, they are decided ahead and stored in the
 * target's own transaction (a delivery and its points are one commit, all or none). Otherwise,
 * or when that is refused, their streams are at least read while the target's append is in
 * flight, and `runPlan` runs them after it on those reads. Without this wrapper, `runPlan`
 * gives the same answers with more round trips.
 */
export class FollowUpsAhead {
  private early: { outcome: StepOutcome; planned: PlannedFollowUps } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly targetStream: string,
    private readonly after: (target: StepOutcome) => readonly Step[],
    /** The options the follow-ups run with (see `runPlan`). */
    private readonly shared: StepRunOptions,
  ) {}

  /** The target's append, given each attempt's decision: stores the follow-ups with it when it can. */
  readonly append = async (decision: Decision): Promise<AppendResult> => {
    const appendAlone = () =>
      this.store.appendToStream(this.targetStream, decision.events, {
        expectedRevision: decision.expectedRevision,
      });
    this.early = undefined;
    const outcome: StepOutcome = {
      streamId: this.targetStream,
      events: decision.events,
      revision: decision.revision,
      state: decision.state,
    };
    let steps: readonly Step[];
    try {
      steps = this.after(outcome);
    } catch {
      // Computed again after the append, where its failure is handled.
      return appendAlone();
    }
    const reads = steps.map((s) => s.prefetch(this.store, this.shared.cache));
    const early = { outcome, planned: { steps, reads } as PlannedFollowUps };
    this.early = early;
    // Most commands cause nothing on other streams: their append goes out as it is.
    if (steps.length === 0) return appendAlone();
    const linked = await this.linkable(steps, reads);
    if (!linked || !this.store.appendLinked) return appendAlone();
    try {
      const [result, ...results] = await this.store.appendLinked([
        { streamId: this.targetStream, events: decision.events, expectedRevision: decision.expectedRevision },
        ...linked.map((link) => link.append),
      ]);
      early.planned = {
        ...early.planned,
        stored: linked.map((link, i) => link.stored(results[i] as AppendResult)),
      };
      return result as AppendResult;
    } catch {
      // Refused as a whole, or its outcome unknown: one by one gives the precise answers
      // (appends are idempotent by event id, should it have been stored after all).
      return appendAlone();
    }
  };

  /** The follow-ups decided ahead on distinct streams, or null when any of them cannot be. */
  private async linkable(
    steps: readonly Step[],
    reads: readonly (Promise<Folded> | undefined)[],
  ): Promise<LinkedStep[] | null> {
    if (!this.store.appendLinked || steps.length === 0) return null;
    const links = await Promise.all(steps.map((s, i) => s.link(this.shared, reads[i]).catch(() => null)));
    const streams = new Set([this.targetStream, ...steps.map((s) => s.streamId)]);
    if (links.some((link) => link === null) || streams.size !== steps.length + 1) return null;
    return links as LinkedStep[];
  }

  /** What was planned, when the append recorded exactly the decision it was planned from. */
  plannedFor(target: StepOutcome): PlannedFollowUps | undefined {
    const early = this.early;
    if (!early || early.outcome.revision !== target.revision) return undefined;
    // The same events (by id) at the same revision: revisions name immutable prefixes.
    const planned = early.outcome.events.map((e) => e.metadata.eventId);
    const recorded = target.events.map((e) => e.metadata.eventId);
    const same = planned.length === recorded.length && planned.every((id, i) => id === recorded[i]);
    return same ? early.planned : undefined;
  }
}
