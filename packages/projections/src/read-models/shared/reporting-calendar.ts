import { DEFAULT_REPORTING_CALENDAR, type PolicyChanged, reportingCalendarOf } from '@aftersales/domain';
import type { PoolClient } from 'pg';
import { BI_SCHEMA } from './bi';
import type { ViewSpec } from './ddl';

/**
 * The shop's reporting calendar in SQL (DESIGN.md "Retention metrics": periods are the shop's
 * timezone and `gregorian` or `persian`). Created by the projections migrations (version 2):
 *
 * - `bi.reporting_calendar_versions`: the `reporting` section of every policy version, kept by
 *   the retention projection from PolicyChanged; `bi.reporting_calendar`: the one row in force
 *   now (UTC Gregorian before any). Every period view reads it at query time, so a change of the
 *   calendar is followed at its effective instant, without a restart or a rebuild.
 * - the Solar Hijri arithmetic of `domain/src/shared/solar-hijri.ts` (the 33-year rule) in
 *   PL/pgSQL, and period functions over it: a period is an integer index (month: year × 12 +
 *   month − 1, quarter: year × 4 + quarter − 1, year: the year) in the calendar's own years, so
 *   "the period before" is index − 1 in either calendar.
 */
const bi = BI_SCHEMA;

export const REPORTING_CALENDAR_MIGRATION = `
CREATE TABLE IF NOT EXISTS ${bi}.reporting_calendar_versions (
  policy_version integer PRIMARY KEY,
  effective_from timestamptz NOT NULL,
  timezone text NOT NULL,
  calendar text NOT NULL CHECK (calendar IN ('gregorian', 'persian'))
);
COMMENT ON TABLE ${bi}.reporting_calendar_versions IS 'The reporting calendar (policy section reporting) of every policy version, from the policy stream (PolicyChanged); kept by the retention projection.';
COMMENT ON COLUMN ${bi}.reporting_calendar_versions.policy_version IS 'Policy version (1, 2, ...).';
COMMENT ON COLUMN ${bi}.reporting_calendar_versions.effective_from IS 'In force from this instant on.';
COMMENT ON COLUMN ${bi}.reporting_calendar_versions.timezone IS 'IANA zone whose local dates decide the period of an instant.';
COMMENT ON COLUMN ${bi}.reporting_calendar_versions.calendar IS 'gregorian, or persian (Solar Hijri months, quarters and years from Farvardin).';

CREATE VIEW ${bi}.reporting_calendar AS
SELECT coalesce(v.policy_version, 0) AS policy_version,
       coalesce(v.effective_from, timestamptz 'epoch') AS effective_from,
       coalesce(v.timezone, '${DEFAULT_REPORTING_CALENDAR.timezone}') AS timezone,
       coalesce(v.calendar, '${DEFAULT_REPORTING_CALENDAR.calendar}') AS calendar
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (
    SELECT r.* FROM ${bi}.reporting_calendar_versions r
     WHERE r.effective_from <= now()
     ORDER BY r.effective_from DESC, r.policy_version DESC
     LIMIT 1) v ON true;
COMMENT ON VIEW ${bi}.reporting_calendar IS 'The reporting calendar in force now (one row): every period-based view groups by it. Version 0 = the default, UTC Gregorian.';
COMMENT ON COLUMN ${bi}.reporting_calendar.policy_version IS 'Policy version it comes from (0: the built-in default).';
COMMENT ON COLUMN ${bi}.reporting_calendar.effective_from IS 'In force since.';
COMMENT ON COLUMN ${bi}.reporting_calendar.timezone IS 'IANA zone of the periods.';
COMMENT ON COLUMN ${bi}.reporting_calendar.calendar IS 'gregorian or persian.';

CREATE OR REPLACE FUNCTION ${bi}.solar_hijri_is_leap(year integer)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ((25 * year + 11) % 33 + 33) % 33 < 8;
COMMENT ON FUNCTION ${bi}.solar_hijri_is_leap(integer) IS 'Solar Hijri leap year by the 33-year rule: (25 y + 11) mod 33 < 8 (agrees with the observed calendar for 1300-1500 SH).';

CREATE OR REPLACE FUNCTION ${bi}.solar_hijri_nowruz(year integer)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
-- Leap years among 1..y-1 under the 33-year rule: floor((8 y - 12) / 33) + 1 (1403 -> 341).
RETURN date '2025-03-21' + (365 * (year - 1404) + floor((8 * year - 12) / 33.0)::integer + 1 - 341);
COMMENT ON FUNCTION ${bi}.solar_hijri_nowruz(integer) IS '1 Farvardin (Nowruz) of a Solar Hijri year as a Gregorian date (1404 -> 2025-03-21).';

CREATE OR REPLACE FUNCTION ${bi}.solar_hijri_from_date(d date, OUT year integer, OUT month integer, OUT day integer)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $fn$
DECLARE
  -- Days since 1 Farvardin 1404 (2025-03-21); Nowruz of year y is day
  -- 365 (y - 1404) + floor((8 y - 12) / 33) + 1 - 341 (as bi.solar_hijri_nowruz, inline: no call).
  n integer := d - date '2025-03-21';
  first_day integer;
  next_day integer;
  day_of_year integer;
BEGIN
  year := least(greatest(1404 + floor(n / 365.2425)::integer, 1), 3000);
  LOOP
    first_day := 365 * (year - 1404) + floor((8 * year - 12) / 33.0)::integer + 1 - 341;
    next_day := 365 * (year + 1 - 1404) + floor((8 * (year + 1) - 12) / 33.0)::integer + 1 - 341;
    EXIT WHEN (first_day <= n AND n < next_day) OR (first_day > n AND year = 1) OR (n >= next_day AND year = 3000);
    year := year + CASE WHEN first_day > n THEN -1 ELSE 1 END;
  END LOOP;
  IF n < first_day OR n >= next_day THEN
    RAISE EXCEPTION 'date % is outside Solar Hijri 1..3000', d;
  END IF;
  day_of_year := n - first_day;
  IF day_of_year < 186 THEN
    month := day_of_year / 31 + 1;
    day := day_of_year % 31 + 1;
  ELSE
    month := (day_of_year - 186) / 30 + 7;
    day := (day_of_year - 186) % 30 + 1;
  END IF;
END
$fn$;
COMMENT ON FUNCTION ${bi}.solar_hijri_from_date(date) IS 'Solar Hijri year, month (1 = Farvardin) and day of a Gregorian date.';

CREATE OR REPLACE FUNCTION ${bi}.solar_hijri_to_date(year integer, month integer, day integer)
RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $fn$
DECLARE
  length integer;
BEGIN
  IF year < 1 OR year > 3000 THEN RAISE EXCEPTION 'Solar Hijri year % is outside 1..3000', year; END IF;
  IF month < 1 OR month > 12 THEN RAISE EXCEPTION 'month % is not 1..12', month; END IF;
  length := CASE WHEN month <= 6 THEN 31 WHEN month <= 11 THEN 30
                 WHEN ${bi}.solar_hijri_is_leap(year) THEN 30 ELSE 29 END;
  IF day < 1 OR day > length THEN RAISE EXCEPTION 'day % is not in %-% (1..%)', day, year, month, length; END IF;
  RETURN ${bi}.solar_hijri_nowruz(year)
    + CASE WHEN month <= 7 THEN (month - 1) * 31 ELSE 186 + (month - 7) * 30 END
    + day - 1;
END
$fn$;
COMMENT ON FUNCTION ${bi}.solar_hijri_to_date(integer, integer, integer) IS 'Gregorian date of a Solar Hijri year, month and day.';

CREATE OR REPLACE FUNCTION ${bi}.calendar_period_index(local_date date, unit text, calendar text)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $fn$
DECLARE
  y integer;
  m integer;
  sh record;
BEGIN
  IF calendar = 'persian' THEN
    sh := ${bi}.solar_hijri_from_date(local_date);
    y := sh.year;
    m := sh.month;
  ELSIF calendar = 'gregorian' THEN
    y := extract(year FROM local_date)::integer;
    m := extract(month FROM local_date)::integer;
  ELSE
    RAISE EXCEPTION 'calendar % is not gregorian or persian', calendar;
  END IF;
  RETURN CASE unit
    WHEN 'month' THEN y * 12 + m - 1
    WHEN 'quarter' THEN y * 4 + (m - 1) / 3
    WHEN 'year' THEN y
    ELSE ${bi}.unknown_period_unit(unit)
  END;
END
$fn$;

CREATE OR REPLACE FUNCTION ${bi}.unknown_period_unit(unit text)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $fn$
BEGIN
  RAISE EXCEPTION 'period unit % is not month, quarter or year', unit;
END
$fn$;
COMMENT ON FUNCTION ${bi}.unknown_period_unit(text) IS 'Raises: the unit is not month, quarter or year.';
COMMENT ON FUNCTION ${bi}.calendar_period_index(date, text, text) IS 'Index of the period holding a local date: month = year x 12 + month - 1, quarter = year x 4 + quarter - 1, year = year, in the calendar''s own years (gregorian or persian). The period before is index - 1.';

CREATE OR REPLACE FUNCTION ${bi}.calendar_period_of_index(
  period_index integer, unit text, calendar text,
  OUT period_start date, OUT period_end date, OUT period_label text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $fn$
DECLARE
  y integer;
  first_month integer;
  months integer;
BEGIN
  IF unit = 'month' THEN
    y := floor(period_index / 12.0)::integer; first_month := period_index - y * 12 + 1; months := 1;
    period_label := lpad(y::text, 4, '0') || '-' || lpad(first_month::text, 2, '0');
  ELSIF unit = 'quarter' THEN
    y := floor(period_index / 4.0)::integer; first_month := (period_index - y * 4) * 3 + 1; months := 3;
    period_label := lpad(y::text, 4, '0') || '-Q' || ((first_month - 1) / 3 + 1)::text;
  ELSIF unit = 'year' THEN
    y := period_index; first_month := 1; months := 12;
    period_label := lpad(y::text, 4, '0');
  ELSE
    PERFORM ${bi}.unknown_period_unit(unit);
  END IF;
  IF calendar = 'persian' THEN
    period_start := ${bi}.solar_hijri_to_date(y, first_month, 1);
    period_end := CASE WHEN first_month + months > 12 THEN ${bi}.solar_hijri_nowruz(y + 1)
                       ELSE ${bi}.solar_hijri_to_date(y, first_month + months, 1) END;
  ELSIF calendar = 'gregorian' THEN
    period_start := make_date(y, first_month, 1);
    period_end := (period_start + make_interval(months => months))::date;
  ELSE
    RAISE EXCEPTION 'calendar % is not gregorian or persian', calendar;
  END IF;
END
$fn$;
COMMENT ON FUNCTION ${bi}.calendar_period_of_index(integer, text, text) IS 'First day, first day after (exclusive) and label (1404-09, 1404-Q3, 1404 / 2026-12, 2026-Q4, 2026) of a period index; the days are Gregorian dates.';

CREATE OR REPLACE FUNCTION ${bi}.reporting_period_index(ts timestamptz, unit text)
RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT ${bi}.calendar_period_index((reporting_period_index.ts AT TIME ZONE c.timezone)::date,
                                     reporting_period_index.unit, c.calendar)
    FROM ${bi}.reporting_calendar c;
END;
COMMENT ON FUNCTION ${bi}.reporting_period_index(timestamptz, text) IS 'Period index of an instant in the reporting calendar in force (see calendar_period_index).';

CREATE OR REPLACE FUNCTION ${bi}.reporting_period_of_index(period_index integer, unit text)
RETURNS TABLE (period_start date, period_end date, period_label text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.period_start, p.period_end, p.period_label
    FROM ${bi}.reporting_calendar c,
         LATERAL ${bi}.calendar_period_of_index(reporting_period_of_index.period_index,
                                                reporting_period_of_index.unit, c.calendar) p;
END;
COMMENT ON FUNCTION ${bi}.reporting_period_of_index(integer, text) IS 'First day, first day after and label of a period index in the reporting calendar in force.';

CREATE OR REPLACE FUNCTION ${bi}.reporting_period(ts timestamptz, unit text)
RETURNS TABLE (period_index integer, period_start date, period_end date, period_label text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT i.i, p.period_start, p.period_end, p.period_label
    FROM ${bi}.reporting_calendar c,
         LATERAL (SELECT ${bi}.calendar_period_index((reporting_period.ts AT TIME ZONE c.timezone)::date,
                                                     reporting_period.unit, c.calendar) AS i) i,
         LATERAL ${bi}.calendar_period_of_index(i.i, reporting_period.unit, c.calendar) p;
END;
COMMENT ON FUNCTION ${bi}.reporting_period(timestamptz, text) IS 'The period (month, quarter or year) an instant falls in, in the shop''s reporting zone and calendar: index, first day, first day after (Gregorian dates of the local days) and label (1404-09 for Azar 1404 in the persian calendar).';

CREATE OR REPLACE FUNCTION ${bi}.reporting_period_start(ts timestamptz, unit text)
RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.period_start FROM ${bi}.reporting_period(reporting_period_start.ts, reporting_period_start.unit) p;
END;
COMMENT ON FUNCTION ${bi}.reporting_period_start(timestamptz, text) IS 'First day (Gregorian date of the local day) of the reporting period an instant falls in.';

CREATE OR REPLACE FUNCTION ${bi}.reporting_period_label(period_start date, unit text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT p.period_label
    FROM ${bi}.reporting_calendar c,
         LATERAL ${bi}.calendar_period_of_index(
           ${bi}.calendar_period_index(reporting_period_label.period_start, reporting_period_label.unit, c.calendar),
           reporting_period_label.unit, c.calendar) p;
END;
COMMENT ON FUNCTION ${bi}.reporting_period_label(date, text) IS 'Label of the reporting period holding a local day (a period_start): 1404-09, 2026-Q4, ...';
`;

/** Keeps `bi.reporting_calendar_versions` from the policy stream (idempotent: keyed by version). */
export async function recordReportingCalendars(
  client: PoolClient,
  changes: readonly PolicyChanged[],
): Promise<void> {
  for (const { data } of changes) {
    const reporting = reportingCalendarOf(data.document);
    await client.query(
      `INSERT INTO ${bi}.reporting_calendar_versions (policy_version, effective_from, timezone, calendar)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (policy_version) DO UPDATE
         SET effective_from = EXCLUDED.effective_from, timezone = EXCLUDED.timezone, calendar = EXCLUDED.calendar`,
      [data.version, data.effectiveFrom, reporting.timezone, reporting.calendar],
    );
  }
}

/** SQL: the first day of the reporting month of an instant (a Gregorian date of the local day). */
export const reportingMonth = (column: string): string => `${bi}.reporting_period_start(${column}, 'month')`;

/** The comment of a month column: what the date means under the reporting calendar. */
export const reportingMonthComment = (what: string): string =>
  `Month of ${what} in the reporting calendar (bi.reporting_calendar): its first day, as the Gregorian date of that local day.`;

/**
 * The view with `<column>_label` appended (1404-09 in the persian calendar, 2026-12 in the
 * gregorian): the label of the reporting month whose first day is in `column`.
 */
export function withMonthLabel(view: ViewSpec, column = 'month'): ViewSpec {
  return {
    ...view,
    columns: [
      ...view.columns,
      {
        name: `${column}_label`,
        comment: `${column} as a label of the reporting calendar: 1404-09 (persian) or 2026-12 (gregorian).`,
      },
    ],
    query: `SELECT t.*, ${bi}.reporting_period_label(t.${column}, 'month') AS ${column}_label
  FROM (
${view.query}
) t`,
  };
}
