import type { Decimal } from '../data/queries';

export const LANGUAGES = ['en', 'fa', 'ar'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const isLang = (value: unknown): value is Lang =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/**
 * Locales for Intl. The read models bucket by UTC Gregorian months and quarters, so Persian
 * labels use the Gregorian calendar (with Persian month names and digits): a Solar Hijri label
 * would name a month that does not match the bucket. Arabic is pinned to Arabic-Indic digits.
 */
const localeOf: Readonly<Record<Lang, string>> = {
  en: 'en-GB',
  fa: 'fa-IR-u-ca-gregory',
  ar: 'ar-u-nu-arab',
};

export const directionOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'en' ? 'ltr' : 'rtl');

/** Formatting only: every value arrives computed by the read models. */
export type Formatter = Readonly<{
  lang: Lang;
  /** A count. */
  count(value: number): string;
  /** A percentage or day figure as the view rounded it (2 decimals); `–` for NULL. */
  decimal(value: Decimal): string;
  /** `2025-04` style month label from the first day of a month. */
  month(value: Date): string;
  /** Short month label for chart axes. */
  monthShort(value: Date): string;
  /** `2025-Q2` → the quarter in the page's language. */
  quarter(label: string): string;
  dateTime(value: Date): string;
  /** Seconds, one decimal. */
  seconds(value: number): string;
}>;

export const NOT_DEFINED = '–';

export function formatterFor(lang: Lang, quarterPattern: string): Formatter {
  const locale = localeOf[lang];
  const counts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const month = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { year: '2-digit', month: 'short', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return {
    lang,
    count: (value) => counts.format(value),
    decimal: (value) => (value === null ? NOT_DEFINED : decimals.format(Number(value))),
    month: (value) => month.format(value),
    monthShort: (value) => monthShort.format(value),
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
