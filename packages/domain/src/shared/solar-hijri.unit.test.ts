import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  epochDayOfSolarHijri,
  gregorianToSolarHijri,
  isSolarHijriLeapYear,
  PERSIAN_MONTH_NAMES,
  persianMonthName,
  solarHijriFiscalYear,
  solarHijriFromEpochDay,
  solarHijriMonthLength,
  solarHijriQuarter,
  solarHijriToGregorian,
  solarHijriYearLength,
} from './solar-hijri';

const DAY_MS = 86_400_000;
const epochDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
// 1300-01-01 .. 1500-12-29: the range the rule is claimed for.
const FIRST = epochDay('1921-03-21');
const LAST = epochDay('2122-03-20');

describe('Solar Hijri: hand-checked dates', () => {
  it.each([
    ['2025-03-21', 1404, 1, 1],
    ['2026-03-21', 1405, 1, 1],
    ['2024-03-20', 1403, 1, 1],
    ['2025-03-20', 1403, 12, 30], // 1403 is a leap year: Esfand has 30 days
    ['2026-03-20', 1404, 12, 29],
    ['1979-02-11', 1357, 11, 22], // 22 Bahman 1357
    ['2026-12-07', 1405, 9, 16], // Azar 1405
    ['2025-09-23', 1404, 7, 1], // 1 Mehr: the first 30-day month
  ])('%s is %i-%i-%i', (iso, year, month, day) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    expect(gregorianToSolarHijri({ year: y, month: m, day: d })).toEqual({ year, month, day });
    expect(solarHijriToGregorian({ year, month, day })).toEqual({ year: y, month: m, day: d });
  });

  it('leap years: 1399 and 1403 are, then 1408 after a five-year gap', () => {
    const leaps = [];
    for (let y = 1395; y <= 1412; y++) if (isSolarHijriLeapYear(y)) leaps.push(y);
    expect(leaps).toEqual([1395, 1399, 1403, 1408, 1412]);
  });

  it('month names, quarters and the fiscal year from Nowruz', () => {
    expect(PERSIAN_MONTH_NAMES).toHaveLength(12);
    expect(persianMonthName(1)).toBe('فروردین');
    expect(persianMonthName(9)).toBe('آذر');
    expect(persianMonthName(12)).toBe('اسفند');
    expect(() => persianMonthName(13)).toThrow(RangeError);
    expect([1, 3, 4, 6, 7, 9, 10, 12].map(solarHijriQuarter)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(solarHijriFiscalYear(1403)).toEqual({
      year: 1403,
      start: { year: 2024, month: 3, day: 20 },
      end: { year: 2025, month: 3, day: 20 },
    });
  });

  it('refuses what is not a date', () => {
    expect(() => epochDayOfSolarHijri({ year: 1404, month: 12, day: 30 })).toThrow(RangeError);
    expect(() => epochDayOfSolarHijri({ year: 1404, month: 0, day: 1 })).toThrow(RangeError);
    expect(() => solarHijriMonthLength(0, 1)).toThrow(RangeError);
    expect(() => solarHijriFromEpochDay(1.5)).toThrow(RangeError);
  });
});

// Whole-range sweeps: a little longer than the default timeout on a busy machine.
describe('Solar Hijri: properties', { timeout: 60_000 }, () => {
  it('round trip: every day of 1300..1500 SH comes back to itself', () => {
    const wrong: number[] = [];
    for (let day = FIRST; day <= LAST; day++) {
      if (epochDayOfSolarHijri(solarHijriFromEpochDay(day)) !== day) wrong.push(day);
    }
    expect(wrong).toEqual([]);
  });

  it('round trip over random days of the whole accepted range', () => {
    const min = epochDayOfSolarHijri({ year: 1, month: 1, day: 1 });
    const max = epochDayOfSolarHijri({ year: 3000, month: 12, day: solarHijriMonthLength(3000, 12) });
    fc.assert(
      fc.property(fc.integer({ min, max }), (day) => {
        const date = solarHijriFromEpochDay(day);
        expect(epochDayOfSolarHijri(date)).toBe(day);
        expect(date.day).toBeLessThanOrEqual(solarHijriMonthLength(date.year, date.month));
      }),
      { numRuns: 2_000 },
    );
  });

  it('monotonic: the next day is the next date, never a gap or a repeat', () => {
    const wrong: number[] = [];
    let previous = solarHijriFromEpochDay(FIRST);
    for (let day = FIRST + 1; day <= LAST; day++) {
      const date = solarHijriFromEpochDay(day);
      const lastOfMonth = previous.day === solarHijriMonthLength(previous.year, previous.month);
      const expected = !lastOfMonth
        ? { ...previous, day: previous.day + 1 }
        : previous.month < 12
          ? { year: previous.year, month: previous.month + 1, day: 1 }
          : { year: previous.year + 1, month: 1, day: 1 };
      if (date.year !== expected.year || date.month !== expected.month || date.day !== expected.day) {
        wrong.push(day);
      }
      previous = date;
    }
    expect(wrong).toEqual([]);
  });

  it('month lengths: six of 31, five of 30, Esfand 29 or 30; 8 leap years in every 33', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), (year) => {
        const lengths = Array.from({ length: 12 }, (_, i) => solarHijriMonthLength(year, i + 1));
        expect(lengths.slice(0, 6)).toEqual([31, 31, 31, 31, 31, 31]);
        expect(lengths.slice(6, 11)).toEqual([30, 30, 30, 30, 30]);
        expect(lengths[11]).toBe(isSolarHijriLeapYear(year) ? 30 : 29);
        expect(lengths.reduce((a, b) => a + b, 0)).toBe(solarHijriYearLength(year));
        if (year <= 3000 - 32) {
          const leaps = Array.from({ length: 33 }, (_, i) => isSolarHijriLeapYear(year + i)).filter(Boolean);
          expect(leaps).toHaveLength(8);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the Persian calendar of Intl (ICU) on every day of 1300..1500 SH', () => {
    const persian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    let disagreements = 0;
    for (let day = FIRST; day <= LAST; day += 1) {
      const parts = persian.formatToParts(new Date(day * DAY_MS));
      const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      const ours = solarHijriFromEpochDay(day);
      if (ours.year !== part('year') || ours.month !== part('month') || ours.day !== part('day')) {
        disagreements++;
      }
    }
    expect(disagreements).toBe(0);
  });
});
