import type { PlannedCommand } from '../plan/types';

/** What became of one planned command: the event types it appended (with its effects), or the refusal. */
export type CommandOutcome =
  /** `replayed`: an earlier run of the same plan already did it (nothing new is counted). */
  | Readonly<{ status: 'applied'; eventTypes: readonly string[]; replayed?: boolean }>
  | Readonly<{ status: 'refused'; code: string; message: string }>;

/** Runs one planned command through the API or against the store. Throws only for outages. */
export type Executor = (planned: PlannedCommand) => Promise<CommandOutcome>;

/** A command that did not end as the plan meant: refused unexpectedly, or accepted though meant to fail. */
export type Surprise = Readonly<{
  seq: number;
  type: string;
  expected: string;
  got: string;
  message?: string;
}>;
