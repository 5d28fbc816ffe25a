import { describe, expect, it } from 'vitest';
import { formatterFor } from './format';
import { renderMessage } from './render';

// Hand-written from the CLDR patterns (see domain/src/shared/currency.unit.test.ts): the amount
// is divided by the ISO 4217 exponent, then shown with exactly that many fraction digits.
const LRM = '\u200e';
const RLM = '\u200f';
const NBSP = '\u00a0';

describe('money in customer messages', () => {
  it('confirms a refund of 1,234,500 minor units of IQD as 1,234.500 dinars in every language', () => {
    const refund = { returnId: 'r-1', amount: { amount: 1_234_500, currency: 'IQD' } };
    const en = renderMessage('refund-confirmed', refund, { language: 'en', timezone: 'Asia/Baghdad' });
    const fa = renderMessage('refund-confirmed', refund, { language: 'fa', timezone: 'Asia/Baghdad' });
    const ar = renderMessage('refund-confirmed', refund, { language: 'ar', timezone: 'Asia/Baghdad' });
    expect(en.subject).toBe(`Your refund of IQD${NBSP}1,234.500 is on its way`);
    expect(fa.subject).toBe(`مبلغ ${LRM}IQD${NBSP}۱٬۲۳۴٫۵۰۰ به شما بازپرداخت شد`);
    expect(ar.subject).toBe(`تم رد مبلغ ${RLM}١٬٢٣٤٫٥٠٠${NBSP}د.ع.${RLM} إليك`);
    // What the notifier used to say: Intl's 0 display digits for IQD, 1,000 times the refund.
    expect(en.text).not.toContain('1,234,500');
  });

  const cases = [
    [12_345, 'KWD', `KWD${NBSP}12.345`, `${LRM}KWD${NBSP}۱۲٫۳۴۵`, `${RLM}١٢٫٣٤٥${NBSP}د.ك.${RLM}`],
    [250, 'BHD', `BHD${NBSP}0.250`, `${LRM}BHD${NBSP}۰٫۲۵۰`, `${RLM}٠٫٢٥٠${NBSP}د.ب.${RLM}`],
    [50_000_000, 'IRR', `IRR${NBSP}500,000.00`, `${LRM}ریال${NBSP}۵۰۰٬۰۰۰٫۰۰`, `${RLM}٥٠٠٬٠٠٠٫٠٠${NBSP}ر.إ.`],
    [1_500, 'JPY', 'JP¥1,500', `${LRM}¥۱٬۵۰۰`, `${RLM}١٬٥٠٠${NBSP}JP¥`],
    [123_456, 'EUR', '€1,234.56', `${LRM}€۱٬۲۳۴٫۵۶`, `${RLM}١٬٢٣٤٫٥٦${NBSP}€`],
  ] as const;

  for (const [amount, currency, en, fa, ar] of cases) {
    it(`formats ${amount} minor units of ${currency} for en, fa and ar customers`, () => {
      expect(formatterFor('en', 'UTC').money({ amount, currency })).toBe(en);
      expect(formatterFor('fa', 'Asia/Tehran').money({ amount, currency })).toBe(fa);
      expect(formatterFor('ar', 'Asia/Riyadh').money({ amount, currency })).toBe(ar);
    });
  }
});
