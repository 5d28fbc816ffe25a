/**
 * The Solar Hijri (Jalali, Iranian) calendar, pure arithmetic on civil dates (no time zone: the
 * caller decides which day it is where the shop is).
 *
 * Rule: the 33-year arithmetic cycle. Year `y` is a leap year when (25·y + 11) mod 33 < 8, i.e.
 * eight leap years in every 33. The year starts on 1 Farvardin (Nowruz); 1404-01-01 is
 * 2025-03-21. The first six months have 31 days, the next five 30, Esfand 29 (30 in a leap year).
 *
 * Valid range: the cycle agrees with the calendar Iran observes (the vernal equinox rule) for
 * 1300–1500 SH at least (1921–2122 CE): 1403 and 1408 are leap years, the five-year gap in
 * between included. Outside that range the arithmetic is still a consistent proleptic calendar,
 * but real years may differ from it by a day around Nowruz. `SOLAR_HIJRI_RANGE` is the range the
 * functions accept (1..3000 SH); the SQL functions of the BI schema implement the same rule.
 */

export type SolarHijriDate = Readonly<{ year: number; month: number; day: number }>;

/** A civil (Gregorian) date without a time zone. */
export type CivilDate = Readonly<{ year: number; month: number; day: number }>;

/** Years the conversions accept. */
export const SOLAR_HIJRI_RANGE = Object.freeze({ minYear: 1, maxYear: 3000 });

/** فروردین … اسفند: month 1 is Farvardin, the month of Nowruz. */
export const PERSIAN_MONTH_NAMES = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
] as const;

const CYCLE = 33;
const LEAPS_PER_CYCLE = 8;
/** 1404-01-01 as days since 1970-01-01 (2025-03-21). */
const NOWRUZ_1404_DAY = 20_168;
const DAY_MS = 86_400_000;

const mod = (a: number, b: number) => ((a % b) + b) % b;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < SOLAR_HIJRI_RANGE.minYear || year > SOLAR_HIJRI_RANGE.maxYear) {
    throw new RangeError(
      `Solar Hijri year ${year} is outside ${SOLAR_HIJRI_RANGE.minYear}..${SOLAR_HIJRI_RANGE.maxYear}`,
    );
  }
}

export function isSolarHijriLeapYear(year: number): boolean {
  checkYear(year);
  return mod(25 * year + 11, CYCLE) < LEAPS_PER_CYCLE;
}

/**
 * Leap years among 1..year-1. (25·y + 11) mod 33 < 8 is (8·y − 4) mod 33 < 8, i.e. the years at
 * which floor((8·y − 4) / 33) steps up; so 1..n hold floor((8·n − 4) / 33) + 1 of them.
 */
const leapYearsBefore = (year: number): number => Math.floor((8 * (year - 1) - 4) / CYCLE) + 1;

/** Days since 1970-01-01 of 1 Farvardin of `year`. */
function nowruzDay(year: number): number {
  return NOWRUZ_1404_DAY + 365 * (year - 1404) + leapYearsBefore(year) - leapYearsBefore(1404);
}

export function solarHijriMonthLength(year: number, month: number): number {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12)
    throw new RangeError(`month ${month} is not 1..12`);
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return isSolarHijriLeapYear(year) ? 30 : 29;
}

export const solarHijriYearLength = (year: number): number => (isSolarHijriLeapYear(year) ? 366 : 365);

const epochDayOf = (date: CivilDate): number => Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;

function civilOf(epochDay: number): CivilDate {
  const d = new Date(epochDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The Solar Hijri date of a day given as days since 1970-01-01. */
export function solarHijriFromEpochDay(epochDay: number): SolarHijriDate {
  if (!Number.isInteger(epochDay)) throw new RangeError(`day ${epochDay} is not a whole day`);
  let year = 1404 + Math.floor((epochDay - NOWRUZ_1404_DAY) / 365.2425);
  year = Math.min(Math.max(year, SOLAR_HIJRI_RANGE.minYear), SOLAR_HIJRI_RANGE.maxYear);
  while (year > SOLAR_HIJRI_RANGE.minYear && nowruzDay(year) > epochDay) year--;
  while (year < SOLAR_HIJRI_RANGE.maxYear && nowruzDay(year + 1) <= epochDay) year++;
  const dayOfYear = epochDay - nowruzDay(year);
  if (dayOfYear < 0 || dayOfYear >= solarHijriYearLength(year)) {
    throw new RangeError(`day ${epochDay} is outside the Solar Hijri range`);
  }
  if (dayOfYear < 186) return { year, month: Math.floor(dayOfYear / 31) + 1, day: (dayOfYear % 31) + 1 };
  const rest = dayOfYear - 186;
  return { year, month: 7 + Math.floor(rest / 30), day: (rest % 30) + 1 };
}

/** Days since 1970-01-01 of a Solar Hijri date (checked: month 1..12, day within the month). */
export function epochDayOfSolarHijri(date: SolarHijriDate): number {
  const length = solarHijriMonthLength(date.year, date.month);
  if (!Number.isInteger(date.day) || date.day < 1 || date.day > length) {
    throw new RangeError(`day ${date.day} is not in ${date.year}-${date.month} (1..${length})`);
  }
  const before = date.month <= 7 ? (date.month - 1) * 31 : 186 + (date.month - 7) * 30;
  return nowruzDay(date.year) + before + date.day - 1;
}

export const gregorianToSolarHijri = (date: CivilDate): SolarHijriDate =>
  solarHijriFromEpochDay(epochDayOf(date));

export const solarHijriToGregorian = (date: SolarHijriDate): CivilDate => civilOf(epochDayOfSolarHijri(date));

/** Quarter 1..4: Q1 is Farvardin–Khordad, starting at Nowruz. */
export const solarHijriQuarter = (month: number): number => Math.floor((month - 1) / 3) + 1;

/**
 * The fiscal year that runs from Nowruz: the Solar Hijri year itself, with its first and last
 * Gregorian days.
 */
export function solarHijriFiscalYear(
  year: number,
): Readonly<{ year: number; start: CivilDate; end: CivilDate }> {
  checkYear(year);
  return {
    year,
    start: civilOf(nowruzDay(year)),
    end: civilOf(nowruzDay(year) + solarHijriYearLength(year) - 1),
  };
}

/** The Persian name of month 1..12. */
export function persianMonthName(month: number): string {
  const name = PERSIAN_MONTH_NAMES[month - 1];
  if (name === undefined) throw new RangeError(`month ${month} is not 1..12`);
  return name;
}
