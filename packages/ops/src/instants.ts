import { badInput } from './errors';

/**
 * Operators type instants by hand, so parsing is strict: an ISO 8601 date or date-time with an
 * explicit zone (`Z` or `±hh:mm`); a bare date means midnight UTC. `Date.parse` alone would
 * accept `2026-02-30` (rolling over to March) and zone-less local times, both silent mistakes.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function parseInstant(text: string, option: string): string {
  const match = DATE_TIME.exec(text.trim());
  const time = match ? Date.parse(match[4] === undefined ? `${text.trim()}T00:00:00Z` : text.trim()) : NaN;
  if (!match || Number.isNaN(time)) {
    throw badInput(
      'bad-instant',
      `${option}: "${text}" is not an ISO 8601 instant (e.g. 2026-01-31T10:00:00Z)`,
      {
        option,
        value: text,
      },
    );
  }
  const [, year, month, day] = match;
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (probe.getUTCMonth() !== Number(month) - 1 || probe.getUTCDate() !== Number(day)) {
    throw badInput('bad-instant', `${option}: "${text}" names a day that does not exist`, {
      option,
      value: text,
    });
  }
  return new Date(time).toISOString();
}

/** A half-open range [from, to): `from` must lie strictly before `to`. */
export function parseRange(fromText: string, toText: string): Readonly<{ from: string; to: string }> {
  const from = parseInstant(fromText, '--from');
  const to = parseInstant(toText, '--to');
  if (Date.parse(from) >= Date.parse(to)) {
    throw badInput('bad-range', `--from (${from}) must be before --to (${to})`, { from, to });
  }
  return { from, to };
}
