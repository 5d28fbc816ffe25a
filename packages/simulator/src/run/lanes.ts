import type { PlannedCommand } from '../plan/types';
import type { CommandOutcome, Executor } from './outcome';

export type LaneOptions = Readonly<{
  /** Commands in flight at once, across customers. */
  concurrency: number;
  onDone: (planned: PlannedCommand, outcome: CommandOutcome) => void;
}>;

/**
 * Runs the plan with bounded concurrency. Each customer is a lane: its commands run one after
 * another in plan order (a delivery after its shipment), while different customers run side by
 * side. Commands start in plan order, so the log stays close to business-time order too.
 * The first outage stops the run: nothing new starts, what is in flight finishes, then it throws.
 */
export async function runInLanes(
  commands: readonly PlannedCommand[],
  execute: Executor,
  options: LaneOptions,
): Promise<void> {
  const lanes = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let failure: { err: unknown } | undefined;

  for (const planned of commands) {
    while (inFlight.size >= options.concurrency && !failure) await Promise.race(inFlight);
    if (failure) break;
    const previous = lanes.get(planned.customerId);
    const task: Promise<void> = (previous ?? Promise.resolve())
      .then(async () => {
        if (failure) return;
        options.onDone(planned, await execute(planned));
      })
      .catch((err: unknown) => {
        failure ??= { err };
      })
      .finally(() => {
        inFlight.delete(task);
        if (lanes.get(planned.customerId) === task) lanes.delete(planned.customerId);
      });
    inFlight.add(task);
    lanes.set(planned.customerId, task);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.err;
}
