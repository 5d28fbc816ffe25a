import { defaultNotificationRules } from '@aftersales/domain';
import { isTimeZone } from '../templates/format';

/**
 * Quiet hours in the customer's local time: from `startHour` to `endHour` (the next morning
 * when `startHour` is the later one, the same day when it is the earlier; equal hours: none).
 */
export type QuietHours = Readonly<{ startHour: number; endHour: number }>;

/** The policy's default (DESIGN.md: 21:00–08:00); the policy document's `notifications.quietHours` decides. */
export const defaultQuietHours: QuietHours = defaultNotificationRules.quietHours;

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function localParts(at: Date, timeZone: string): LocalParts {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The UTC instant at which the wall clock in `timeZone` shows the given local date and hour. */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wanted = Date.UTC(year, month - 1, day, hour);
  let guess = wanted;
  // Two corrections settle the zone offset, also across a DST change between guess and answer.
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    guess += wanted - Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  }
  return new Date(guess);
}

/**
 * When a message may go out: `at` itself outside quiet hours, else the next `endHour` (08:00)
 * in the customer's time zone. Unknown zones count as UTC.
 */
export function quietHoursEnd(
  at: Date,
  timeZone: string,
  quiet: QuietHours = defaultQuietHours,
): Date | null {
  // Zone offsets and their changes fall on quarter hours of UTC, so the answer is the same for
  // every instant of a quarter hour: computed once per zone and quarter, not per message.
  const quarter = Math.floor(at.getTime() / QUARTER_HOUR_MS);
  const key = `${timeZone}|${quiet.startHour}|${quiet.endHour}|${quarter}`;
  const known = answers.get(key);
  if (known !== undefined) return known === null ? null : new Date(known);
  const answer = computeQuietHoursEnd(at, timeZone, quiet);
  if (answers.size >= 1_000) answers.clear();
  answers.set(key, answer === null ? null : answer.getTime());
  return answer;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const answers = new Map<string, number | null>();

function computeQuietHoursEnd(at: Date, timeZone: string, quiet: QuietHours): Date | null {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  if (quiet.startHour === quiet.endHour) return null;
  const local = localParts(at, zone);
  const overnight = quiet.startHour > quiet.endHour;
  const inQuiet = overnight
    ? local.hour >= quiet.startHour || local.hour < quiet.endHour
    : local.hour >= quiet.startHour && local.hour < quiet.endHour;
  if (!inQuiet) return null;
  // Overnight, in the evening: the morning after; otherwise the end is later the same day.
  const dayOffset = overnight && local.hour >= quiet.startHour ? 1 : 0;
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + dayOffset));
  return zonedTime(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), quiet.endHour, zone);
}
