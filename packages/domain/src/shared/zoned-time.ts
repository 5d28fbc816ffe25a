/**
 * Wall-clock time in an IANA timezone, from `Intl` alone (no date library): the offset of a zone
 * at an instant, and where that offset next changes. Pure; the formatters are memoised per zone
 * because building one costs far more than using it.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** True when `Intl` knows the zone. */
export function isKnownTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    // RangeError: an unknown zone name is an answer here, not a failure.
    return false;
  }
}

/** Milliseconds to add to a UTC instant to read its wall clock in `timezone`. */
export function zoneOffsetMs(timezone: string, instantMs: number): number {
  if (timezone === 'UTC') return 0;
  const seconds = Math.floor(instantMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(seconds)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - seconds;
}

/**
 * The first instant after `fromMs` and no later than `untilMs` at which the zone's offset differs
 * from the one at `fromMs` (`offsetAtFrom`, when the caller has it), or null when it is the same
 * at both ends. Callers ask about spans of at most six days: no zone changes its offset twice
 * within that, so equal ends mean no change, and unequal ends are bisected to the millisecond.
 */
export function nextOffsetChange(
  timezone: string,
  fromMs: number,
  untilMs: number,
  offsetAtFrom = zoneOffsetMs(timezone, fromMs),
): number | null {
  if (timezone === 'UTC' || untilMs <= fromMs) return null;
  const offset = offsetAtFrom;
  if (zoneOffsetMs(timezone, untilMs) === offset) return null;
  let low = fromMs;
  let high = untilMs;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zoneOffsetMs(timezone, middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}
