import { gregorianToSolarHijri, persianMonthName, type ReportingCalendarKind } from '@aftersales/domain';
import type { Decimal } from '../data/queries';

export const LANGUAGES = ['en', 'fa', 'ar'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const isLang = (value: unknown): value is Lang =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/**
 * Locales for Intl. The read models bucket by the shop's reporting calendar (bi.reporting_calendar):
 * Gregorian months are named in the Gregorian calendar in every language (fa pinned to it, with
 * Persian month names and digits); Solar Hijri months by their Solar Hijri names (see
 * `monthNamer`). Arabic is pinned to Arabic-Indic digits.
 */
const localeOf: Readonly<Record<Lang, string>> = {
  en: 'en-GB',
  fa: 'fa-IR-u-ca-gregory',
  ar: 'ar-u-nu-arab',
};
const persianLocaleOf: Readonly<Record<Lang, string>> = {
  en: 'en-GB-u-ca-persian',
  fa: 'fa-IR-u-ca-persian',
  ar: 'ar-u-ca-persian-nu-arab',
};

/** The civil date a month column holds (a `date` read as UTC midnight). */
const civilOf = (value: Date) => ({
  year: value.getUTCFullYear(),
  month: value.getUTCMonth() + 1,
  day: value.getUTCDate(),
});

/**
 * Long and short month names of a month's first day. Persian months: on the fa page the domain's
 * names with Persian digits ("آذر ۱۴۰۵"; Intl puts the year first); in en and ar Intl's persian
 * calendar, which agrees with the domain's for 1300–1500 SH.
 */
function monthNamer(lang: Lang, calendar: ReportingCalendarKind) {
  if (calendar === 'gregorian') {
    const locale = localeOf[lang];
    const long = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
    const short = new Intl.DateTimeFormat(locale, { year: '2-digit', month: 'short', timeZone: 'UTC' });
    return { long: (value: Date) => long.format(value), short: (value: Date) => short.format(value) };
  }
  if (lang === 'fa') {
    const digits = new Intl.NumberFormat('fa-IR', { useGrouping: false });
    const name = (value: Date, yearDigits: 2 | 4) => {
      const { year, month } = gregorianToSolarHijri(civilOf(value));
      const shown = yearDigits === 4 ? digits.format(year) : digits.format(year % 100).padStart(2, '۰');
      return `${persianMonthName(month)} ${shown}`;
    };
    return { long: (value: Date) => name(value, 4), short: (value: Date) => name(value, 2) };
  }
  const locale = persianLocaleOf[lang];
  const long = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(locale, { year: '2-digit', month: 'short', timeZone: 'UTC' });
  return { long: (value: Date) => long.format(value), short: (value: Date) => short.format(value) };
}

export const directionOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'en' ? 'ltr' : 'rtl');

/** Formatting only: every value arrives computed by the read models. */
export type Formatter = Readonly<{
  lang: Lang;
  /** A count. */
  count(value: number): string;
  /** A percentage or day figure as the view rounded it (2 decimals); `–` for NULL. */
  decimal(value: Decimal): string;
  /** The month whose first day is `value`, named in the reporting calendar. */
  month(value: Date): string;
  /** Short month label for chart axes. */
  monthShort(value: Date): string;
  /** `2025-Q2` (or `1404-Q2` in the persian calendar) → the quarter in the page's language. */
  quarter(label: string): string;
  dateTime(value: Date): string;
  /** Seconds, one decimal. */
  seconds(value: number): string;
}>;

export const NOT_DEFINED = '–';

export function formatterFor(
  lang: Lang,
  quarterPattern: string,
  calendar: ReportingCalendarKind = 'gregorian',
): Formatter {
  const locale = localeOf[lang];
  const counts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const months = monthNamer(lang, calendar);
  // Instants too are shown in the reporting calendar (in UTC, as the suffix says).
  const dateTime = new Intl.DateTimeFormat(calendar === 'persian' ? persianLocaleOf[lang] : locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return {
    lang,
    count: (value) => counts.format(value),
    decimal: (value) => (value === null ? NOT_DEFINED : decimals.format(Number(value))),
    month: months.long,
    monthShort: months.short,
    quarter: (label) => {
      const match = /^(\d{4})-Q([1-4])$/.exec(label);
      if (!match) return label;
      // No dot between the numbers: in Arabic script a dot reads as the digit zero.
      return quarterPattern
        .replace('{q}', plain.format(Number(match[2])))
        .replace('{y}', plain.format(Number(match[1])));
    },
    dateTime: (value) => `${dateTime.format(value)} UTC`,
    seconds: (value) => oneDecimal.format(value),
  };
}
