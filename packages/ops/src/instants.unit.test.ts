import { describe, expect, it } from 'vitest';
import { OpsError } from './errors';
import { parseInstant, parseRange } from './instants';

describe('parseInstant', () => {
  it('accepts ISO dates and date-times with a zone, normalised to UTC', () => {
    expect(parseInstant('2026-03-01', '--as-of')).toBe('2026-03-01T00:00:00.000Z');
    expect(parseInstant('2026-03-01T10:15:00Z', '--as-of')).toBe('2026-03-01T10:15:00.000Z');
    expect(parseInstant('2026-03-01T10:15:00.5+03:30', '--as-of')).toBe('2026-03-01T06:45:00.500Z');
  });

  it.each([
    ['yesterday'],
    ['2026-02-30'],
    ['2026-13-01'],
    ['2026-03-01T10:15:00'],
    ['2026-03-01T25:00:00Z'],
    [''],
  ])('rejects %j as a bad instant', (text) => {
    let error: unknown;
    try {
      parseInstant(text, '--as-of');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OpsError);
    expect(error).toMatchObject({ kind: 'bad-input', code: 'bad-instant' });
  });
});

describe('parseRange', () => {
  it('needs from strictly before to', () => {
    expect(parseRange('2026-01-01', '2026-02-01')).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
    expect(() => parseRange('2026-02-01', '2026-02-01')).toThrow(/must be before/);
  });
});
