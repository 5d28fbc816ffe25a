import { describe, expect, it } from 'vitest';
import { decimalToMinor, formatMoney, isMoneyCurrency, minorToDecimal, minorUnitDigits } from './currency';

describe('ISO 4217 exponents', () => {
  it('are ISO’s, not the digits a locale displays', () => {
    expect(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XOF'].map(minorUnitDigits)).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(['BHD', 'KWD', 'OMR', 'JOD', 'TND', 'IQD', 'LYD'].map(minorUnitDigits)).toEqual([
      3, 3, 3, 3, 3, 3, 3,
    ]);
    expect(['CLF', 'UYW'].map(minorUnitDigits)).toEqual([4, 4]);
    // CLDR displays these with 0 digits; ISO 4217 gives them 2.
    expect(['EUR', 'USD', 'GBP', 'IRR', 'LBP', 'SAR', 'AED', 'IDR'].map(minorUnitDigits)).toEqual([
      2, 2, 2, 2, 2, 2, 2, 2,
    ]);
  });

  it('refuses what is not money: malformed codes and ISO’s codes without a minor unit', () => {
    expect(isMoneyCurrency('EUR')).toBe(true);
    for (const code of ['eur', 'EURO', '', 'XAU', 'XXX', 'XDR', 42])
      expect(isMoneyCurrency(code)).toBe(false);
    expect(() => minorUnitDigits('XAU')).toThrow(RangeError);
  });
});

describe('minor units ↔ decimal', () => {
  it('divides by the exponent exactly, as a string', () => {
    expect(minorToDecimal(1_234_500, 'IQD')).toBe('1234.500');
    expect(minorToDecimal(12_345, 'KWD')).toBe('12.345');
    expect(minorToDecimal(5, 'BHD')).toBe('0.005');
    expect(minorToDecimal(50_000_000, 'IRR')).toBe('500000.00');
    expect(minorToDecimal(1_500, 'JPY')).toBe('1500');
    expect(minorToDecimal(-5, 'EUR')).toBe('-0.05');
    expect(minorToDecimal(0, 'EUR')).toBe('0.00');
    expect(minorToDecimal(1, 'CLF')).toBe('0.0001');
    // 2^53 − 1 keeps every digit: a float division would not.
    expect(minorToDecimal(Number.MAX_SAFE_INTEGER, 'KWD')).toBe('9007199254740.991');
  });

  it('reads a decimal back into minor units, refusing digits the currency does not have', () => {
    expect(decimalToMinor('1234.5', 'IQD')).toBe(1_234_500);
    expect(decimalToMinor('12.345', 'KWD')).toBe(12_345);
    expect(decimalToMinor('1500', 'JPY')).toBe(1_500);
    expect(decimalToMinor('-0.05', 'EUR')).toBe(-5);
    expect(Object.is(decimalToMinor('-0.00', 'EUR'), 0)).toBe(true);
    expect(() => decimalToMinor('0.125', 'EUR')).toThrow(RangeError);
    expect(() => decimalToMinor('1.5', 'JPY')).toThrow(RangeError);
    expect(() => decimalToMinor('1,5', 'EUR')).toThrow(RangeError);
    expect(() => decimalToMinor('1e3', 'EUR')).toThrow(RangeError);
  });

  it('round-trips', () => {
    for (const [minor, currency] of [
      [1_234_500, 'IQD'],
      [7, 'KWD'],
      [99, 'EUR'],
      [3_000, 'JPY'],
    ] as const) {
      expect(decimalToMinor(minorToDecimal(minor, currency), currency)).toBe(minor);
    }
  });
});

// Expected strings written out by hand from the CLDR patterns of the three locales (ICU in
// Node ≥ 20): en-GB puts the sign (or the code and a no-break space) before the number;
// fa-IR opens with a left-to-right mark, uses Persian digits (۰–۹), ٬ to group and ٫ as the
// decimal separator; Arabic puts a right-to-left mark first and the sign after the number
// and a no-break space, with Arabic-Indic digits (٠–٩) and the same two separators.
const LRM = '\u200e';
const RLM = '\u200f';
const NBSP = '\u00a0';
const locales = { en: 'en-GB', fa: 'fa-IR-u-ca-persian', ar: 'ar-u-nu-arab' } as const;

const cases: readonly (readonly [minor: number, currency: string, en: string, fa: string, ar: string])[] = [
  // The refund of the issue: 1,234,500 fils are 1,234.500 dinars, not 1,234,500.
  [1_234_500, 'IQD', `IQD${NBSP}1,234.500`, `${LRM}IQD${NBSP}۱٬۲۳۴٫۵۰۰`, `${RLM}١٬٢٣٤٫٥٠٠${NBSP}د.ع.${RLM}`],
  [12_345, 'KWD', `KWD${NBSP}12.345`, `${LRM}KWD${NBSP}۱۲٫۳۴۵`, `${RLM}١٢٫٣٤٥${NBSP}د.ك.${RLM}`],
  [250, 'BHD', `BHD${NBSP}0.250`, `${LRM}BHD${NBSP}۰٫۲۵۰`, `${RLM}٠٫٢٥٠${NBSP}د.ب.${RLM}`],
  // 50,000,000 minor units are 500,000 rials (ISO: 2 digits), not 50,000,000.
  [50_000_000, 'IRR', `IRR${NBSP}500,000.00`, `${LRM}ریال${NBSP}۵۰۰٬۰۰۰٫۰۰`, `${RLM}٥٠٠٬٠٠٠٫٠٠${NBSP}ر.إ.`],
  [1_500, 'JPY', 'JP¥1,500', `${LRM}¥۱٬۵۰۰`, `${RLM}١٬٥٠٠${NBSP}JP¥`],
  [123_456, 'EUR', '€1,234.56', `${LRM}€۱٬۲۳۴٫۵۶`, `${RLM}١٬٢٣٤٫٥٦${NBSP}€`],
];

describe('formatMoney', () => {
  for (const [minor, currency, en, fa, ar] of cases) {
    it(`shows ${minor} minor units of ${currency} in en, fa and ar`, () => {
      expect(formatMoney(minor, currency, locales.en)).toBe(en);
      expect(formatMoney(minor, currency, locales.fa)).toBe(fa);
      expect(formatMoney(minor, currency, locales.ar)).toBe(ar);
    });
  }

  it('keeps every minor digit of an amount beyond float precision', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'KWD', 'en-GB')).toBe(`KWD${NBSP}9,007,199,254,740.991`);
  });
});
