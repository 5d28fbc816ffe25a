import type { Instant } from './event';
import { nextOffsetChange, zoneOffsetMs } from './zoned-time';

/**
 * Business time in the shop's calendar: its timezone, working hours per weekday and holidays.
 * A target of "8 business hours" counts only the minutes when the shop is open, by the shop's
 * wall clock: across weekends, holidays and daylight-saving changes (a working day that loses an
 * hour to DST has one hour less of business time, never a shifted opening).
 */

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock `HH:MM` from 00:00 to 24:00; `from` before `to`. */
export type WorkingPeriod = Readonly<{ from: string; to: string }>;

export type ShopCalendar = Readonly<{
  /** IANA zone of the shop's wall clock. */
  timezone: string;
  /** Open periods per weekday, in order and not overlapping; an empty list is a day off. */
  workingHours: Readonly<Record<Weekday, readonly WorkingPeriod[]>>;
  /** Local dates (`YYYY-MM-DD`) on which the shop is closed all day. */
  holidays: readonly string[];
}>;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/**
 * A span within which a zone changes its offset at most once (see `nextOffsetChange`): the
 * closest pairs of changes in the zone database are weeks apart (Ramadan suspensions of DST).
 */
const SPAN_MS = 6 * DAY_MS;
/** A calendar with no open minute in this long is refused rather than searched forever. */
const SEARCH_LIMIT_MS = 4 * 366 * DAY_MS;

/** Minutes since midnight of `HH:MM`, or null when it is not a wall time from 00:00 to 24:00. */
export function wallMinutes(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 24 * 60 ? minutes : null;
}

const localDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The open periods of one local day (days since 1970-01-01), as wall milliseconds since then. */
function openPeriodsOfDay(calendar: ShopCalendar, day: number, holidays: ReadonlySet<string>) {
  if (holidays.size > 0 && holidays.has(localDate(day))) return [];
  const weekday = WEEKDAYS[(((day + 4) % 7) + 7) % 7] as Weekday;
  return calendar.workingHours[weekday].map((period) => [
    day * DAY_MS + (wallMinutes(period.from) ?? 0) * MINUTE_MS,
    day * DAY_MS + (wallMinutes(period.to) ?? 0) * MINUTE_MS,
  ]);
}

/**
 * The open intervals `[start, end)` in UTC milliseconds from `fromMs` on, in order. Time is cut
 * into spans of one zone offset, where the wall clock is the instant plus that offset; each
 * local day's open periods are mapped through it. Ends when `untilMs` is reached (if given) or
 * when no open minute is found within the search limit.
 */
export function* openIntervals(
  calendar: ShopCalendar,
  fromMs: number,
  untilMs = Number.POSITIVE_INFINITY,
): Generator<readonly [number, number]> {
  const holidays = new Set(calendar.holidays);
  let cursor = fromMs;
  let lastOpenAt = fromMs;
  while (cursor < untilMs && cursor - lastOpenAt <= SEARCH_LIMIT_MS) {
    const offset = zoneOffsetMs(calendar.timezone, cursor);
    const spanEnd = Math.min(
      nextOffsetChange(calendar.timezone, cursor, Math.min(cursor + SPAN_MS, untilMs), offset) ??
        Math.min(cursor + SPAN_MS, untilMs),
      untilMs,
    );
    const firstDay = Math.floor((cursor + offset) / DAY_MS);
    const lastDay = Math.floor((spanEnd - 1 + offset) / DAY_MS);
    for (let day = firstDay; day <= lastDay; day++) {
      for (const [wallFrom = 0, wallTo = 0] of openPeriodsOfDay(calendar, day, holidays)) {
        const start = Math.max(wallFrom - offset, cursor);
        const end = Math.min(wallTo - offset, spanEnd);
        if (start < end) {
          lastOpenAt = end;
          yield [start, end];
        }
      }
    }
    cursor = spanEnd;
  }
}

/** Open milliseconds between two instants (0 when `to` is not after `from`). */
export function businessMsBetween(calendar: ShopCalendar, fromMs: number, toMs: number): number {
  let total = 0;
  for (const [start, end] of openIntervals(calendar, fromMs, toMs)) total += end - start;
  return total;
}

/**
 * The instant at which `durationMs` of open time has passed since `fromMs`. A duration of 0 is
 * the first open instant at or after `fromMs`; a duration that ends exactly at a closing time is
 * that closing time (Friday 16:30 + 30 min = Friday 17:00, not Monday 09:00).
 */
export function addBusinessMs(calendar: ShopCalendar, fromMs: number, durationMs: number): number {
  let remaining = durationMs;
  for (const [start, end] of openIntervals(calendar, fromMs)) {
    if (remaining <= end - start) return start + remaining;
    remaining -= end - start;
  }
  throw new RangeError(`the calendar in ${calendar.timezone} has no open time ahead`);
}

/** `addBusinessMs` on ISO instants and whole minutes. */
export function addBusinessMinutes(calendar: ShopCalendar, from: Instant, minutes: number): Instant {
  return new Date(addBusinessMs(calendar, Date.parse(from), minutes * MINUTE_MS)).toISOString();
}

/** `businessMsBetween` on ISO instants, in (fractional) minutes. */
export function businessMinutesBetween(calendar: ShopCalendar, from: Instant, to: Instant): number {
  return businessMsBetween(calendar, Date.parse(from), Date.parse(to)) / MINUTE_MS;
}

/** Why a calendar cannot be used, or null when it can. */
export function calendarProblem(calendar: ShopCalendar, isTimezone: (zone: string) => boolean) {
  if (!isTimezone(calendar.timezone)) return `unknown timezone ${calendar.timezone}`;
  let open = false;
  for (const weekday of WEEKDAYS) {
    let previousEnd = 0;
    for (const period of calendar.workingHours[weekday] ?? []) {
      const from = wallMinutes(period.from);
      const to = wallMinutes(period.to);
      if (from === null || to === null || from >= to)
        return `${weekday} has a period that is not HH:MM before HH:MM`;
      if (from < previousEnd) return `${weekday} has periods out of order or overlapping`;
      previousEnd = to;
      open = true;
    }
  }
  if (!open) return 'the calendar is never open';
  const badHoliday = calendar.holidays.find(
    (date) => !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)),
  );
  return badHoliday === undefined ? null : `holiday ${badHoliday} is not a YYYY-MM-DD date`;
}
