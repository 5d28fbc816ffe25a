/**
 * ISO 4217 minor units: the one table every package uses to read money (domain, notifier,
 * dashboard, read models, exports). Money is integer minor units plus a currency code; the
 * exponent says how many minor units make a whole unit (10^exponent).
 *
 * The exponents are ISO 4217's (List One), not `Intl`'s: CLDR gives the digits a locale
 * usually *displays* (IQD 0, IRR 0, LBP 0), which differ from the ISO exponent for exactly the
 * currencies of the shops this serves. Reading 1,234,500 minor units of IQD with CLDR's 0 would
 * make 1,234,500 IQD out of 1,234.500.
 */

/** Every active List One currency whose exponent is not 2 (exported for SQL that needs the table). */
export const EXPONENT_NOT_TWO: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/**
 * Codes ISO 4217 lists with no minor unit ("N.A."): precious metals, bond-market units, the
 * SDR, the Sucre, the ADB unit, the testing and "no currency" codes. Nothing a shop prices in.
 */
export const NO_MINOR_UNIT: ReadonlySet<string> = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

/**
 * A code money can be in: three upper-case letters and not one of ISO's codes without a minor
 * unit. Codes not (or no longer) in ISO 4217 are not rejected here: the list changes every
 * year, and a well-formed code that ISO does not list as 0, 3 or 4 uses 2, like almost all.
 */
export function isMoneyCurrency(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && !NO_MINOR_UNIT.has(code);
}

/** The ISO 4217 exponent: EUR 2, JPY 0, IQD 3, IRR 2, CLF 4. */
export function minorUnitDigits(currency: string): number {
  if (!isMoneyCurrency(currency)) throw new RangeError(`not a currency with minor units: ${currency}`);
  return EXPONENT_NOT_TWO[currency] ?? 2;
}

function requireSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer: ${value}`);
}

/**
 * Minor units as an exact decimal string in whole units: (1234500, 'IQD') → '1234.500',
 * (-5, 'EUR') → '-0.05', (1500, 'JPY') → '1500'. No floating point: a string keeps every digit,
 * and `Intl.NumberFormat` formats such a string exactly.
 */
export function minorToDecimal(minorUnits: number, currency: string): `${number}` {
  requireSafeInteger(minorUnits, 'minor units');
  const digits = minorUnitDigits(currency);
  const sign = minorUnits < 0 ? '-' : '';
  const magnitude = String(Math.abs(minorUnits));
  if (digits === 0) return `${sign}${magnitude}` as `${number}`;
  const padded = magnitude.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}` as `${number}`;
}

/**
 * A decimal amount in whole units as minor units: ('1234.5', 'IQD') → 1234500. More fraction
 * digits than the currency has are refused, never rounded: '0.125' EUR is not money.
 */
export function decimalToMinor(decimal: string, currency: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new RangeError(`not a decimal amount: ${decimal}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = minorUnitDigits(currency);
  if (fraction.length > digits) {
    throw new RangeError(`${currency} has ${digits} minor-unit digits, ${decimal} has ${fraction.length}`);
  }
  const minor = Number(`${sign}${whole}${fraction.padEnd(digits, '0')}`);
  requireSafeInteger(minor, 'minor units');
  return minor === 0 ? 0 : minor; // never -0
}

// Building an Intl.NumberFormat costs far more than formatting with one; bounded, since the
// locale and currency come from customer data.
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    const digits = minorUnitDigits(currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      // Both pinned to the ISO exponent: the locale's usual digits (0 for IQD or IRR) would
      // round a refund, and an amount a customer is told must be the amount.
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    if (moneyFormats.size >= 1_000) moneyFormats.clear();
    moneyFormats.set(key, format);
  }
  return format;
}

/**
 * Money for a locale: divided by the ISO exponent first (exactly), then formatted by `Intl`
 * with that many fraction digits, in the locale's digits (Persian in `fa-IR`, Arabic-Indic in
 * `ar-u-nu-arab`) and its currency sign. (1234500, 'IQD', 'en-GB') → 'IQD 1,234.500'.
 */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  // `format` takes the decimal string as an exact value (Intl.NumberFormat v3, Node ≥ 19).
  return moneyFormat(locale, currency).format(minorToDecimal(minorUnits, currency));
}
