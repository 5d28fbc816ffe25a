import type { Instant, Language } from '@aftersales/domain';
import { formatMoney } from '@aftersales/domain';

/**
 * Locale-aware formatting with `Intl`, in the customer's time zone. Persian uses the Solar Hijri
 * calendar (its digits are Persian by default in `fa-IR`); Arabic is pinned to Arabic-Indic digits
 * because some `ar-*` regions default to Latin ones.
 */
export const localeFor: Readonly<Record<Language, string>> = {
  fa: 'fa-IR-u-ca-persian',
  ar: 'ar-u-nu-arab',
  en: 'en-GB',
};

export const directionFor: Readonly<Record<Language, 'rtl' | 'ltr'>> = { fa: 'rtl', ar: 'rtl', en: 'ltr' };

export type Money = Readonly<{ amount: number; currency: string }>;

export interface Formatter {
  readonly language: Language;
  date(instant: Instant): string;
  dateTime(instant: Instant): string;
  number(value: number): string;
  /**
   * `amount` in integer minor units of `currency`, divided by the ISO 4217 exponent (the
   * domain's table, not Intl's display digits) and shown with exactly that many fraction digits.
   */
  money(value: Money): string;
}

// Intl constructors are costly; one formatter per language and zone is kept.
const formatters = new Map<string, Formatter>();

export function formatterFor(language: Language, timeZone: string): Formatter {
  const key = `${language}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = createFormatter(language, timeZone);
    formatters.set(key, formatter);
  }
  return formatter;
}

function createFormatter(language: Language, timeZone: string): Formatter {
  const locale = localeFor[language];
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: zone });
  const number = new Intl.NumberFormat(locale);
  return {
    language,
    date: (instant) => date.format(new Date(instant)),
    dateTime: (instant) => dateTime.format(new Date(instant)),
    number: (value) => number.format(value),
    money: ({ amount, currency }) => formatMoney(amount, currency, locale),
  };
}

// Checked for every message that falls due; building a DateTimeFormat each time cost more than
// the rest of the decision.
const knownZones = new Map<string, boolean>();

export function isTimeZone(timeZone: string): boolean {
  let known = knownZones.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      known = true;
    } catch {
      // RangeError for an unknown zone: the caller falls back to UTC.
      known = false;
    }
    // Bounded: zone names come from customer data.
    if (knownZones.size >= 1_000) knownZones.clear();
    knownZones.set(timeZone, known);
  }
  return known;
}
