import { describe, expect, it } from 'vitest';
import { formatterFor } from './format';
import { renderMessage } from './render';

const persianDigits = /[۰-۹]/;
const arabicIndicDigits = /[٠-٩]/;
const latinDigits = /[0-9]/;

const delayVars = {
  orderId: 'o-1',
  previousEstimatedDeliveryAt: '2026-03-18T09:00:00.000Z',
  newEstimatedDeliveryAt: '2026-03-21T09:00:00.000Z',
};

describe('templates', () => {
  it('renders Persian right-to-left with the Solar Hijri calendar and Persian digits', () => {
    const message = renderMessage('shipment-delayed', delayVars, { language: 'fa', timezone: 'Asia/Tehran' });
    expect(message.direction).toBe('rtl');
    expect(message.html).toContain('<html dir="rtl" lang="fa">');
    // 21 March 2026 is 1 Farvardin 1405 in the Solar Hijri calendar.
    const expected = new Intl.DateTimeFormat('fa-IR-u-ca-persian', {
      dateStyle: 'long',
      timeZone: 'Asia/Tehran',
    }).format(new Date(delayVars.newEstimatedDeliveryAt));
    expect(message.text).toContain(expected);
    expect(expected).toContain('فروردین');
    expect(expected).toContain('۱۴۰۵');
    expect(message.text.replace('o-1', '')).not.toMatch(latinDigits);
    expect(message.text).toMatch(persianDigits);
  });

  it('renders Arabic right-to-left with Arabic-Indic digits', () => {
    const message = renderMessage(
      'refund-confirmed',
      { returnId: 'r-9', amount: { amount: 12345, currency: 'SAR' } },
      {
        language: 'ar',
        timezone: 'Asia/Riyadh',
      },
    );
    expect(message.html).toContain('<html dir="rtl" lang="ar">');
    expect(message.subject).toContain('١٢٣٫٤٥');
    expect(message.subject).toMatch(arabicIndicDigits);
    expect(message.subject).not.toMatch(latinDigits);
  });

  it('renders English left-to-right with Gregorian dates and Latin digits', () => {
    const message = renderMessage('shipment-delayed', delayVars, {
      language: 'en',
      timezone: 'Europe/London',
    });
    expect(message.html).toContain('<html dir="ltr" lang="en">');
    expect(message.text).toContain('21 March 2026');
    expect(message.subject).toContain('o-1');
  });

  it('formats dates in the customer time zone', () => {
    // 22:30 UTC on 31 Dec is already 1 January in Tehran (UTC+3:30).
    const tehran = formatterFor('en', 'Asia/Tehran').date('2026-12-31T22:30:00.000Z');
    const london = formatterFor('en', 'Europe/London').date('2026-12-31T22:30:00.000Z');
    expect(tehran).toBe('1 January 2027');
    expect(london).toBe('31 December 2026');
  });

  it('escapes HTML in values and greets by name', () => {
    const message = renderMessage(
      'warranty-expiring',
      { productName: '<b>Kettle</b>', warrantyEndsAt: '2026-05-01T00:00:00.000Z', orderId: 'o', lineNo: 1 },
      { language: 'en', timezone: 'UTC', name: 'Sara' },
    );
    expect(message.html).not.toContain('<b>Kettle</b>');
    expect(message.html).toContain('&lt;b&gt;Kettle');
    expect(message.text.startsWith('Dear Sara,')).toBe(true);
  });

  it('has every rule in every language', () => {
    const vars = {
      returnId: 'r',
      repairId: 'p',
      amount: { amount: 100, currency: 'EUR' },
      points: 150,
      expiresAt: '2026-05-01T00:00:00.000Z',
      to: 'gold',
      lastOrderAt: '2026-01-01T00:00:00.000Z',
      deliveredAt: '2026-01-01T00:00:00.000Z',
      estimatedDeliveryAt: '2026-01-01T00:00:00.000Z',
      warrantyEndsAt: '2026-01-01T00:00:00.000Z',
      productName: 'Kettle',
      caseId: 'case-1',
      solvedAt: '2026-01-01T00:00:00.000Z',
      ...delayVars,
    };
    const rules = [
      'shipment-delayed',
      'delivery-overdue',
      'refund-confirmed',
      'low-score-escalation',
      'feedback-request',
      'repair-follow-up',
      'points-expiring',
      'tier-upgraded',
      'win-back',
      'warranty-expiring',
      'case-reply',
      'case-survey',
    ] as const;
    for (const language of ['fa', 'ar', 'en'] as const) {
      for (const rule of rules) {
        const message = renderMessage(rule, vars, { language, timezone: 'UTC' });
        expect(message.subject.length).toBeGreaterThan(3);
        expect(message.text).not.toContain('undefined');
        expect(message.text).not.toContain('NaN');
      }
    }
  });
});
