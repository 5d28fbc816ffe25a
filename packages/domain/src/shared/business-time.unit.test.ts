import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  calendarProblem,
  type ShopCalendar,
  type WorkingPeriod,
} from './business-time';
import { defaultRules } from './rules';
import { isKnownTimezone } from './zoned-time';

const weekdays = (periods: readonly WorkingPeriod[]) => ({
  monday: periods,
  tuesday: periods,
  wednesday: periods,
  thursday: periods,
  friday: periods,
  saturday: [],
  sunday: [],
});
const shop = defaultRules.support.calendar;
const inZone = (timezone: string, holidays: string[] = []): ShopCalendar => ({
  timezone,
  workingHours: weekdays([{ from: '09:00', to: '17:00' }]),
  holidays,
});
const always = (timezone: string): ShopCalendar => {
  const day = [{ from: '00:00', to: '24:00' }];
  return { timezone, workingHours: { ...weekdays(day), saturday: day, sunday: day }, holidays: [] };
};
const HOUR = 60;

// Each row was worked out by hand: [calendar, start, business minutes, due].
const dueCases: [string, ShopCalendar, string, number, string][] = [
  [
    'Friday 16:30 + 8 h is Monday 16:30',
    shop,
    '2026-03-06T16:30:00.000Z',
    8 * HOUR,
    '2026-03-09T16:30:00.000Z',
  ],
  [
    'Friday 16:30 + 30 min ends at Friday closing',
    shop,
    '2026-03-06T16:30:00.000Z',
    30,
    '2026-03-06T17:00:00.000Z',
  ],
  [
    'Saturday noon + 10 min is Monday 09:10',
    shop,
    '2026-03-07T12:00:00.000Z',
    10,
    '2026-03-09T09:10:00.000Z',
  ],
  [
    'before opening counts from 09:00',
    shop,
    '2026-03-03T06:00:00.000Z',
    4 * HOUR,
    '2026-03-03T13:00:00.000Z',
  ],
  [
    '0 minutes after closing is the next opening',
    shop,
    '2026-03-03T18:00:00.000Z',
    0,
    '2026-03-04T09:00:00.000Z',
  ],
  [
    '80 h from Monday 09:00 is the Friday after next, 17:00',
    shop,
    '2026-03-02T09:00:00.000Z',
    80 * HOUR,
    '2026-03-13T17:00:00.000Z',
  ],
  [
    '40 h from Wednesday 12:00 is the next Wednesday 12:00',
    shop,
    '2026-03-04T12:00:00.000Z',
    40 * HOUR,
    '2026-03-11T12:00:00.000Z',
  ],
  [
    'a Christmas holiday on Friday moves the due to Monday',
    inZone('UTC', ['2026-12-25']),
    '2026-12-24T16:00:00.000Z',
    4 * HOUR,
    '2026-12-28T12:00:00.000Z',
  ],
  [
    'New York: Friday 16:00 EST + 2 h over the spring change is Monday 10:00 EDT',
    inZone('America/New_York'),
    '2026-03-06T21:00:00.000Z',
    2 * HOUR,
    '2026-03-09T14:00:00.000Z',
  ],
  [
    'Berlin: Friday 16:00 CEST + 2 h over the autumn change is Monday 10:00 CET',
    inZone('Europe/Berlin'),
    '2026-10-23T14:00:00.000Z',
    2 * HOUR,
    '2026-10-26T09:00:00.000Z',
  ],
  [
    'Berlin, open all day: the spring-change day has 23 hours',
    always('Europe/Berlin'),
    '2026-03-28T23:00:00.000Z',
    24 * HOUR,
    '2026-03-29T23:00:00.000Z',
  ],
  [
    'Tehran (+03:30, no DST since 2022): Wednesday 16:00 + 2 h is Saturday 10:00 in a Saturday–Wednesday week',
    {
      timezone: 'Asia/Tehran',
      workingHours: {
        saturday: [{ from: '09:00', to: '17:00' }],
        sunday: [{ from: '09:00', to: '17:00' }],
        monday: [{ from: '09:00', to: '17:00' }],
        tuesday: [{ from: '09:00', to: '17:00' }],
        wednesday: [{ from: '09:00', to: '17:00' }],
        thursday: [],
        friday: [],
      },
      holidays: [],
    },
    '2026-03-04T12:30:00.000Z',
    2 * HOUR,
    '2026-03-07T06:30:00.000Z',
  ],
  [
    'a lunch break splits the day: 11:00 + 3 h with 12:00–13:00 closed is 15:00',
    {
      timezone: 'UTC',
      workingHours: weekdays([
        { from: '09:00', to: '12:00' },
        { from: '13:00', to: '17:00' },
      ]),
      holidays: [],
    },
    '2026-03-03T11:00:00.000Z',
    3 * HOUR,
    '2026-03-03T15:00:00.000Z',
  ],
];

describe('business time', () => {
  it.each(dueCases)('%s', (_, calendar, start, minutes, due) => {
    expect(addBusinessMinutes(calendar, start, minutes)).toBe(due);
    expect(businessMinutesBetween(calendar, start, due)).toBe(minutes);
  });

  it('counts nothing over a weekend and both halves of a repeated autumn hour', () => {
    expect(businessMinutesBetween(shop, '2026-03-06T17:00:00.000Z', '2026-03-09T09:00:00.000Z')).toBe(0);
    // Berlin open 02:00–03:00 every day: on 25 October 2026 that wall hour happens twice.
    const night = [{ from: '02:00', to: '03:00' }];
    const calendar: ShopCalendar = {
      timezone: 'Europe/Berlin',
      workingHours: { ...weekdays(night), saturday: night, sunday: night },
      holidays: [],
    };
    expect(businessMinutesBetween(calendar, '2026-10-24T22:00:00.000Z', '2026-10-25T22:00:00.000Z')).toBe(
      120,
    );
    // …and on 29 March 2026 it never happens.
    expect(businessMinutesBetween(calendar, '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z')).toBe(0);
  });

  it('refuses a calendar that cannot be used', () => {
    expect(calendarProblem(shop, isKnownTimezone)).toBeNull();
    expect(calendarProblem(inZone('Mars/Olympus'), isKnownTimezone)).toMatch(/timezone/);
    const never = { ...shop, workingHours: weekdays([]) };
    expect(calendarProblem(never, isKnownTimezone)).toMatch(/never open/);
    const backwards = { ...shop, workingHours: weekdays([{ from: '17:00', to: '09:00' }]) };
    expect(calendarProblem(backwards, isKnownTimezone)).toMatch(/HH:MM before HH:MM/);
    const overlapping = {
      ...shop,
      workingHours: weekdays([
        { from: '09:00', to: '13:00' },
        { from: '12:00', to: '17:00' },
      ]),
    };
    expect(calendarProblem(overlapping, isKnownTimezone)).toMatch(/overlapping/);
    expect(calendarProblem({ ...shop, holidays: ['25.12.2026'] }, isKnownTimezone)).toMatch(/holiday/);
  });
});
