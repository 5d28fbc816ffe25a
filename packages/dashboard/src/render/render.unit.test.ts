import { describe, expect, it } from 'vitest';
import type { DashboardData } from '../data/dashboard-data';
import { formatterFor } from '../i18n/format';
import { niceScale } from './charts';
import { renderDashboard } from './page';

const nothing: DashboardData = {
  generatedAt: new Date('2026-03-01T12:00:00Z'),
  crrMonthly: null,
  crrQuarterly: null,
  cohorts: null,
  nps: null,
  csat: null,
  returnRates: null,
  turnaround: null,
  onTime: null,
  afterSales: null,
  loyalty: null,
  tiers: null,
  decisions: null,
  projections: null,
  deadLetters: null,
  support: null,
};

describe('dashboard rendering', () => {
  it('escapes text that came from events (a category name is caller input)', () => {
    const html = renderDashboard(
      {
        ...nothing,
        returnRates: [
          { category: '<script>alert(1)</script>', unitsDelivered: 3, unitsReturned: 1, returnRate: '33.33' },
        ],
      },
      'en',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('formats only: the view value stays in data-value, the text is Intl in the page language', () => {
    const row = { category: 'kitchen', unitsDelivered: 1200, unitsReturned: 7, returnRate: '0.58' };
    const en = renderDashboard({ ...nothing, returnRates: [row] }, 'en');
    expect(en).toContain('data-field="return_rate" data-value="0.58">0.58<');
    expect(en).toContain('data-field="units_delivered" data-value="1200">1,200<');
    const fa = renderDashboard({ ...nothing, returnRates: [row] }, 'fa');
    expect(fa).toContain('data-field="return_rate" data-value="0.58">۰٫۵۸<');
    expect(fa).toContain('<html lang="fa" dir="rtl">');
  });

  it('labels quarters without a dot between the numbers, in each language', () => {
    expect(formatterFor('en', 'Q{q} {y}').quarter('2026-Q2')).toBe('Q2 2026');
    expect(formatterFor('fa', 'فصل {q}، {y}').quarter('2026-Q2')).toBe('فصل ۲، ۲۰۲۶');
    expect(formatterFor('ar', 'الربع {q}، {y}').quarter('2026-Q2')).toBe('الربع ٢، ٢٠٢٦');
  });

  it('names Solar Hijri months in the persian reporting calendar: "آذر ۱۴۰۵" on the fa page, never "نوامبر ۲۰۲۶"', () => {
    // 1 Azar 1405 is 2026-11-22; the month views hold that first day.
    const azar = new Date('2026-11-22T00:00:00Z');
    expect(formatterFor('fa', 'فصل {q}، {y}', 'persian').month(azar)).toBe('آذر ۱۴۰۵');
    expect(formatterFor('fa', 'فصل {q}، {y}', 'persian').monthShort(azar)).toBe('آذر ۰۵');
    expect(formatterFor('en', 'Q{q} {y}', 'persian').month(azar)).toContain('Azar 1405');
    expect(formatterFor('ar', 'الربع {q}، {y}', 'persian').month(azar)).toContain('١٤٠٥');
    expect(formatterFor('fa', 'فصل {q}، {y}').month(azar)).toContain('نوامبر');
    expect(formatterFor('fa', 'فصل {q}، {y}', 'persian').quarter('1405-Q3')).toBe('فصل ۳، ۱۴۰۵');

    const row = (periodLabel: string, periodStart: string) => ({
      periodLabel,
      periodStart: new Date(`${periodStart}T00:00:00Z`),
      s: 4,
      e: 4,
      n: 1,
      sAndE: 2,
      crr: '75.00',
      retainedRate: '50.00',
    });
    const data: DashboardData = {
      ...nothing,
      reporting: { timezone: 'Asia/Tehran', calendar: 'persian' },
      crrMonthly: [row('1405-08', '2026-10-23'), row('1405-09', '2026-11-22')],
      crrQuarterly: [row('1405-Q3', '2026-09-23')],
    };
    const fa = renderDashboard(data, 'fa');
    expect(fa).toContain('آبان ۱۴۰۵');
    expect(fa).toContain('آذر ۱۴۰۵');
    expect(fa).toContain('فصل ۳، ۱۴۰۵');
    expect(fa).not.toMatch(/نوامبر|دسامبر|اکتبر/);
  });

  it('says "not set up" for every panel of an empty database and shows no figure', () => {
    const html = renderDashboard(nothing, 'en');
    expect(html.match(/Not set up yet/g)?.length).toBeGreaterThanOrEqual(9);
    expect(html).not.toContain('data-period=');
  });

  it('picks axis bounds on a 1-2-5 step that contain every value', () => {
    const scale = niceScale([-22.2, 0, 112.5]);
    expect(scale.min).toBeLessThanOrEqual(-22.2);
    expect(scale.max).toBeGreaterThanOrEqual(112.5);
    expect([1, 2, 5, 10, 20, 50, 100]).toContain(scale.step);
  });
});
