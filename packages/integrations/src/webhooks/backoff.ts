/** Waits after the 1st, 2nd, … failed attempt; the last one repeats (Standard Webhooks' advice, roughly). */
export const defaultBackoffMs: readonly number[] = [
  5_000,
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  3_600_000,
  2 * 3_600_000,
  4 * 3_600_000,
  8 * 3_600_000,
];

/**
 * When to try again after `attempts` failures of an event failing since `since`: after the
 * backoff, but never later than the end of the retry period, so the last attempt is made right
 * at its end. Undefined: the period is over, the event is dead-lettered.
 */
export function nextAttemptAt(
  attempts: number,
  since: Date,
  now: Date,
  retryMs: number,
  backoffMs: readonly number[] = defaultBackoffMs,
): Date | undefined {
  const end = since.getTime() + retryMs;
  if (now.getTime() >= end) return undefined;
  const wait = backoffMs[Math.min(attempts - 1, backoffMs.length - 1)] ?? 60_000;
  return new Date(Math.min(now.getTime() + wait, end));
}
