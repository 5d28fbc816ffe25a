import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMs,
  businessMsBetween,
  type ShopCalendar,
  WEEKDAYS,
  type Weekday,
  type WorkingPeriod,
} from './business-time';
import { zoneOffsetMs } from './zoned-time';

/**
 * Business-time arithmetic against a reference that knows nothing of offsets and spans: it walks
 * time in quarter hours and asks the shop's wall clock (`Intl`, through `zoneOffsetMs`) whether
 * the shop is open at each. Every zone below changes offset by whole quarter hours, so with
 * starts, periods and durations on quarter hours the two must agree exactly.
 */
const QUARTER_MS = 15 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
// DST north and south, a 30-minute DST (Lord Howe), a +05:45 zone, a zone that dropped DST.
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'America/Sao_Paulo',
];
// 2018–2027, so Tehran's DST years and Sao Paulo's last ones are in range.
const FIRST_QUARTER = Date.parse('2018-01-01T00:00:00Z') / QUARTER_MS;
const LAST_QUARTER = Date.parse('2027-12-01T00:00:00Z') / QUARTER_MS;

const hhmm = (quarters: number) =>
  `${String(Math.floor(quarters / 4)).padStart(2, '0')}:${String((quarters % 4) * 15).padStart(2, '0')}`;

/** Up to two periods a day on quarter hours; night periods make DST changes fall inside them. */
const day: fc.Arbitrary<readonly WorkingPeriod[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 4 })
  .map((bounds) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    const periods: WorkingPeriod[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      periods.push({ from: hhmm(sorted[i] ?? 0), to: hhmm(sorted[i + 1] ?? 0) });
    }
    return periods;
  });

const calendar: fc.Arbitrary<ShopCalendar> = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    days: fc.tuple(day, day, day, day, day, day, day),
    fullDay: fc.integer({ min: 0, max: 6 }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: -3, max: 20 }), { maxLength: 4 }),
  })
  .map(({ timezone, days, fullDay, holidayOffsets }) => {
    // One day a week open throughout, so every duration has a due instant within weeks.
    const workingHours = Object.fromEntries(
      WEEKDAYS.map((weekday, index) => [
        weekday,
        index === fullDay ? [{ from: '00:00', to: '24:00' }] : days[index],
      ]),
    ) as Record<Weekday, readonly WorkingPeriod[]>;
    return { timezone, workingHours, holidays: holidayOffsets.map(String) };
  });

/** A calendar plus a start on a quarter hour; holidays are placed relative to the start. */
const scenario = fc
  .record({ calendar, startQuarter: fc.integer({ min: FIRST_QUARTER, max: LAST_QUARTER }) })
  .map(({ calendar, startQuarter }) => {
    const startMs = startQuarter * QUARTER_MS;
    const holidays = calendar.holidays.map((offset) =>
      new Date(startMs + Number(offset) * DAY_MS).toISOString().slice(0, 10),
    );
    return { calendar: { ...calendar, holidays }, startMs };
  });

/** Days on which a zone changed its offset, to start near them more often than chance would. */
const CHANGES: readonly (readonly [string, string])[] = [
  ['Europe/Berlin', '2026-03-29'],
  ['Europe/Berlin', '2026-10-25'],
  ['America/New_York', '2026-03-08'],
  ['America/New_York', '2026-11-01'],
  ['Australia/Sydney', '2026-04-05'],
  ['Australia/Sydney', '2026-10-04'],
  ['Australia/Lord_Howe', '2026-04-05'],
  ['Australia/Lord_Howe', '2026-10-04'],
  ['Asia/Tehran', '2021-03-22'],
  ['Asia/Tehran', '2021-09-22'],
  ['America/Sao_Paulo', '2018-11-04'],
  ['America/Sao_Paulo', '2019-02-17'],
];
const nearChange = fc
  .record({
    change: fc.constantFrom(...CHANGES),
    calendar,
    quartersBefore: fc.integer({ min: 0, max: 5 * 96 }),
  })
  .map(({ change: [timezone, date], calendar, quartersBefore }) => {
    const startMs = Date.parse(`${date}T00:00:00Z`) - quartersBefore * QUARTER_MS;
    const holidays = calendar.holidays.map((offset) =>
      new Date(startMs + Number(offset) * DAY_MS).toISOString().slice(0, 10),
    );
    return { calendar: { ...calendar, timezone, holidays }, startMs };
  });
const anyStart = fc.oneof(scenario, nearChange);

function openAt(calendar: ShopCalendar, instantMs: number): boolean {
  const wall = instantMs + zoneOffsetMs(calendar.timezone, instantMs);
  const date = new Date(wall).toISOString().slice(0, 10);
  if (calendar.holidays.includes(date)) return false;
  const weekday = WEEKDAYS[new Date(wall).getUTCDay()] as Weekday;
  const minute = (wall % DAY_MS) / 60_000;
  return calendar.workingHours[weekday].some((period) => {
    const [fromH = 0, fromM = 0] = period.from.split(':').map(Number);
    const [toH = 0, toM = 0] = period.to.split(':').map(Number);
    return minute >= fromH * 60 + fromM && minute < toH * 60 + toM;
  });
}

/** The reference: open quarter hours counted one by one. */
function referenceBetween(calendar: ShopCalendar, fromMs: number, toMs: number): number {
  let total = 0;
  for (let t = fromMs; t < toMs; t += QUARTER_MS) if (openAt(calendar, t)) total += QUARTER_MS;
  return total;
}

function referenceAdd(calendar: ShopCalendar, fromMs: number, durationMs: number): number {
  let remaining = durationMs;
  let t = fromMs;
  while (!openAt(calendar, t)) t += QUARTER_MS;
  while (remaining > 0) {
    if (openAt(calendar, t)) remaining -= QUARTER_MS;
    t += QUARTER_MS;
  }
  return t;
}

const quarters = (max: number) => fc.integer({ min: 0, max }).map((n) => n * QUARTER_MS);
const runs = { numRuns: 300 };

describe('business time, as properties', () => {
  it('agrees with a quarter-hour walk of the wall clock over up to nine days', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(anyStart, quarters(9 * 96), ({ calendar, startMs }, spanMs) => {
        expect(businessMsBetween(calendar, startMs, startMs + spanMs)).toBe(
          referenceBetween(calendar, startMs, startMs + spanMs),
        );
      }),
      runs,
    );
  });

  // The walk is slow (an Intl call per quarter hour over weeks of wall time): fewer runs.
  it('finds the due instant the walk finds, for targets of up to three days of business time', {
    timeout: 30_000,
  }, () => {
    fc.assert(
      fc.property(
        anyStart,
        quarters(3 * 96).filter((ms) => ms > 0),
        ({ calendar, startMs }, durationMs) => {
          const due = addBusinessMs(calendar, startMs, durationMs);
          // The end of the last open quarter needed: a due at closing time is that closing time.
          expect(due).toBe(referenceAdd(calendar, startMs, durationMs));
          expect(businessMsBetween(calendar, startMs, due)).toBe(durationMs);
          expect(referenceBetween(calendar, startMs, due)).toBe(durationMs);
          expect(openAt(calendar, due - QUARTER_MS)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is additive: adding a then b is adding a + b, and spans add up', () => {
    fc.assert(
      fc.property(anyStart, quarters(3 * 96), quarters(3 * 96), ({ calendar, startMs }, a, b) => {
        const afterA = addBusinessMs(calendar, startMs, a);
        if (b > 0) expect(addBusinessMs(calendar, afterA, b)).toBe(addBusinessMs(calendar, startMs, a + b));
        const end = startMs + a + b;
        expect(
          businessMsBetween(calendar, startMs, startMs + a) + businessMsBetween(calendar, startMs + a, end),
        ).toBe(businessMsBetween(calendar, startMs, end));
      }),
      runs,
    );
  });

  it('is wall-clock time in a shop that never closes, whatever the zone does', () => {
    const open = [{ from: '00:00', to: '24:00' }];
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: FIRST_QUARTER, max: LAST_QUARTER }),
        quarters(30 * 96),
        (timezone, startQuarter, durationMs) => {
          const allWeek = Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, open])) as Record<
            Weekday,
            typeof open
          >;
          const always: ShopCalendar = { timezone, workingHours: allWeek, holidays: [] };
          const startMs = startQuarter * QUARTER_MS;
          expect(addBusinessMs(always, startMs, durationMs)).toBe(startMs + durationMs);
          expect(businessMsBetween(always, startMs, startMs + durationMs)).toBe(durationMs);
        },
      ),
      runs,
    );
  });
});
