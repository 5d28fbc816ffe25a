import type { Command, Event } from './event';

/**
 * A decider: `decide(command, state) → events`, `evolve(state, event) → state`.
 * Pure: time and every other input come in through the command or the context.
 */
export type Decider<C extends Command, E extends Event, S, Ctx = void> = Readonly<{
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  decide: (command: C, state: S, context: Ctx) => readonly E[];
}>;
