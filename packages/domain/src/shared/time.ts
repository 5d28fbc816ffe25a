import type { Instant } from './event';

/**
 * Calendar arithmetic on ISO instants, always in UTC. The domain never reads the clock: every
 * instant it computes with came in through a command, an event or the decision context.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export function toMillis(instant: Instant): number {
  return Date.parse(instant);
}

export function addDays(instant: Instant, days: number): Instant {
  return new Date(Date.parse(instant) + days * DAY_MS).toISOString();
}

/**
 * Adds calendar months in UTC. A day that does not exist in the target month is clamped to
 * that month's last day (Jan 31 + 1 month = Feb 28/29), as warranty terms are read by people.
 */
export function addMonths(instant: Instant, months: number): Instant {
  const start = new Date(Date.parse(instant));
  const targetMonthIndex = start.getUTCMonth() + months;
  const year = start.getUTCFullYear() + Math.floor(targetMonthIndex / 12);
  const month = ((targetMonthIndex % 12) + 12) % 12;
  const lastDayOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDayOfTarget);
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      start.getUTCHours(),
      start.getUTCMinutes(),
      start.getUTCSeconds(),
      start.getUTCMilliseconds(),
    ),
  ).toISOString();
}

/** `a` strictly before `b`. */
export function isBefore(a: Instant, b: Instant): boolean {
  return Date.parse(a) < Date.parse(b);
}
