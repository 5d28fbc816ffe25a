import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, isBefore } from './time';

const instants = fc
  .date({
    min: new Date('1990-01-01T00:00:00.000Z'),
    max: new Date('2090-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());

describe('addMonths', () => {
  it('lands n calendar months later, on the same day or the last day of a shorter month, at the same time', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 240 }), (start, months) => {
        const from = new Date(start);
        const to = new Date(addMonths(start, months));
        const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
        expect(monthIndex(to) - monthIndex(from)).toBe(months);
        const lastDay = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + 1, 0)).getUTCDate();
        expect(to.getUTCDate()).toBe(Math.min(from.getUTCDate(), lastDay));
        expect(to.toISOString().slice(10)).toBe(from.toISOString().slice(10));
      }),
    );
  });

  it('never moves backwards', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 240 }), (start, months) => {
        expect(isBefore(addMonths(start, months), start)).toBe(false);
      }),
    );
  });
});

describe('addDays', () => {
  it('adds whole days of 24 hours in UTC', () => {
    expect(addDays('2026-03-28T12:00:00.000Z', 2)).toBe('2026-03-30T12:00:00.000Z');
    expect(addDays('2026-03-04T15:00:00.000Z', 30)).toBe('2026-04-03T15:00:00.000Z');
    expect(addDays('2026-03-04T15:00:00.000Z', -1)).toBe('2026-03-03T15:00:00.000Z');
  });
});
