import type { Decider } from './decider';
import { DomainError } from './errors';
import type { Command, Event } from './event';

/**
 * Decider specifications that read as sentences:
 *
 *   given(orderDecider, [placed, shipped]).when(deliver, context).then([delivered]);
 *   given(orderDecider, [placed]).when(deliver, context).thenThrows(IllegalStateError, 'order-not-shipped');
 *
 * Framework-free on purpose (the domain imports no framework): a mismatch throws an
 * AssertionError carrying `actual` and `expected`, which test runners render as a diff.
 */

/** Folds events into a state with the decider's own `evolve`. */
export function stateFrom<C extends Command, E extends Event, S, Ctx>(
  decider: Decider<C, E, S, Ctx>,
  events: readonly E[],
): S {
  return events.reduce(decider.evolve, decider.initialState());
}

type ErrorClass = abstract new (...args: never[]) => Error;

type Outcome<E> = { ok: true; events: readonly E[] } | { ok: false; error: unknown };

export class Specification<E extends Event> {
  constructor(private readonly outcome: Outcome<E>) {}

  /** The command was accepted and produced exactly these events, in this order. */
  // biome-ignore lint/suspicious/noThenProperty: given/when/then is the vocabulary; a specification is never awaited
  then(expected: readonly E[]): void {
    const events = this.acceptedEvents();
    if (!deepEqual(events, expected)) {
      throw assertionError('the decision produced other events than specified', events, expected);
    }
  }

  /** The command was accepted and changed nothing (an idempotent repeat). */
  thenNothing(): void {
    this.then([]);
  }

  /** The command was refused with this error class and, when given, this stable code. */
  thenThrows(errorClass: ErrorClass, code?: string): void {
    if (this.outcome.ok) {
      throw assertionError(
        `expected ${errorClass.name}${code ? ` '${code}'` : ''} but the decision produced events`,
        this.outcome.events,
        [],
      );
    }
    const { error } = this.outcome;
    if (!(error instanceof errorClass)) {
      throw assertionError(`expected ${errorClass.name}`, describeError(error), errorClass.name);
    }
    if (code !== undefined && (!(error instanceof DomainError) || error.code !== code)) {
      throw assertionError(`expected code '${code}'`, describeError(error), code);
    }
  }

  /** The produced events, for property-based tests that assert on them directly. */
  acceptedEvents(): readonly E[] {
    if (!this.outcome.ok) {
      throw assertionError(
        'expected events but the decision was refused',
        describeError(this.outcome.error),
        [],
      );
    }
    return this.outcome.events;
  }
}

export function given<C extends Command, E extends Event, S, Ctx>(
  decider: Decider<C, E, S, Ctx>,
  events: readonly E[] = [],
) {
  return {
    when(command: C, context: Ctx): Specification<E> {
      const state = stateFrom(decider, events);
      try {
        return new Specification<E>({ ok: true, events: decider.decide(command, state, context) });
      } catch (error) {
        return new Specification<E>({ ok: false, error });
      }
    },
  };
}

export function describeError(error: unknown): unknown {
  if (error instanceof DomainError) return `${error.name} '${error.code}': ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return error;
}

export function assertionError(message: string, actual: unknown, expected: unknown): Error {
  const error = new Error(message) as Error & { actual: unknown; expected: unknown; showDiff: boolean };
  error.name = 'AssertionError';
  error.actual = actual;
  error.expected = expected;
  error.showDiff = true;
  return error;
}

/** Structural equality where a property holding `undefined` counts as absent, as in JSON. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!deepEqual(left[key], right[key])) return false;
  }
  return true;
}
