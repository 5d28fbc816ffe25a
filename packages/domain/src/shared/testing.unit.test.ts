import { describe, expect, it } from 'vitest';
import type { Decider } from './decider';
import { IllegalStateError, ValidationError } from './errors';
import type { Command, Event } from './event';
import { deepEqual, given } from './testing';

// A counter that refuses to go above 2: small enough to show what the helper checks.
type Incremented = Event<'Incremented', { by: number; note?: string }>;
type Increment = Command<'Increment', { by: number }>;
const counter: Decider<Increment, Incremented, number, void> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) => {
    if (command.data.by <= 0) throw new ValidationError('invalid-by', 'by must be positive');
    if (state + command.data.by > 2) throw new IllegalStateError('limit-reached', 'at most 2');
    return [{ type: 'Incremented', data: { by: command.data.by } }];
  },
};
const inc = (by: number): Increment => ({ type: 'Increment', data: { by } });
const incremented = (by: number): Incremented => ({ type: 'Incremented', data: { by } });

describe('given/when/then', () => {
  it('passes when the events match and fails with a diff when they do not', () => {
    given(counter, [incremented(1)])
      .when(inc(1), undefined)
      .then([incremented(1)]);
    expect(() =>
      given(counter)
        .when(inc(1), undefined)
        .then([incremented(2)]),
    ).toThrow(
      expect.objectContaining({
        name: 'AssertionError',
        expected: [incremented(2)],
        actual: [incremented(1)],
      }),
    );
  });

  it('checks the error class and the stable code', () => {
    given(counter, [incremented(2)])
      .when(inc(1), undefined)
      .thenThrows(IllegalStateError, 'limit-reached');
    given(counter).when(inc(0), undefined).thenThrows(ValidationError);
    expect(() => given(counter).when(inc(0), undefined).thenThrows(IllegalStateError)).toThrow(
      /IllegalStateError/,
    );
    expect(() => given(counter).when(inc(0), undefined).thenThrows(ValidationError, 'other')).toThrow(
      /'other'/,
    );
    expect(() => given(counter).when(inc(1), undefined).thenThrows(ValidationError)).toThrow(
      /produced events/,
    );
  });

  it('fails then() when the decision was refused', () => {
    expect(() => given(counter).when(inc(0), undefined).then([])).toThrow(/refused/);
  });

  it('compares like JSON: an undefined property counts as absent, order of keys does not matter', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
  });
});
