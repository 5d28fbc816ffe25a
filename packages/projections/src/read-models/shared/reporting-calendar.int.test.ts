import {
  epochDayOfSolarHijri,
  isSolarHijriLeapYear,
  solarHijriFromEpochDay,
  solarHijriQuarter,
} from '@aftersales/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support';
import { ensureBookkeeping } from '../../runner/bookkeeping';

const DAY_MS = 86_400_000;
const isoDay = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The SQL calendar of the `bi` schema against the domain's TypeScript one, day by day. */
describe('bi reporting calendar (SQL) agrees with domain/shared/solar-hijri', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase('reporting_calendar');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await ensureBookkeeping(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('converts every 7th day of 1300..1500 SH and every day of 1402..1406 SH alike', async () => {
    const first = epochDayOfSolarHijri({ year: 1300, month: 1, day: 1 });
    const last = epochDayOfSolarHijri({ year: 1500, month: 12, day: 29 });
    const dense = [
      epochDayOfSolarHijri({ year: 1402, month: 1, day: 1 }),
      epochDayOfSolarHijri({ year: 1407, month: 1, day: 1 }),
    ] as const;
    const days: number[] = [];
    for (let d = first; d <= last; d += 7) days.push(d);
    for (let d = dense[0]; d < dense[1]; d++) days.push(d);
    const { rows } = await pool.query<{ d: string; year: number; month: number; day: number; back: string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS d, s.year, s.month, s.day,
              to_char(bi.solar_hijri_to_date(s.year, s.month, s.day), 'YYYY-MM-DD') AS back
         FROM unnest($1::date[]) AS d, LATERAL bi.solar_hijri_from_date(d) s`,
      [days.map(isoDay)],
    );
    expect(rows).toHaveLength(days.length);
    const expected = days.map((d) => ({ d: isoDay(d), ...solarHijriFromEpochDay(d), back: isoDay(d) }));
    expect(rows).toEqual(expected);
  });

  it('converts the first and last day of the accepted range and refuses the days outside it', async () => {
    const first = epochDayOfSolarHijri({ year: 1, month: 1, day: 1 });
    const last = epochDayOfSolarHijri({ year: 3000, month: 12, day: isSolarHijriLeapYear(3000) ? 30 : 29 });
    const { rows } = await pool.query<{ year: number; month: number; day: number }>(
      'SELECT s.* FROM unnest($1::date[]) WITH ORDINALITY AS d(d, i), LATERAL bi.solar_hijri_from_date(d.d) s ORDER BY d.i',
      [[isoDay(first), isoDay(last)]],
    );
    expect(rows).toEqual([solarHijriFromEpochDay(first), solarHijriFromEpochDay(last)]);
    for (const outside of [first - 1, last + 1]) {
      await expect(
        pool.query('SELECT * FROM bi.solar_hijri_from_date($1::date)', [isoDay(outside)]),
      ).rejects.toThrow(/outside Solar Hijri/);
    }
  });

  it('knows the same leap years for 1..3000 SH', async () => {
    const { rows } = await pool.query<{ y: number }>(
      'SELECT y FROM generate_series(1, 3000) y WHERE bi.solar_hijri_is_leap(y) ORDER BY y',
    );
    const expected = Array.from({ length: 3000 }, (_, i) => i + 1).filter(isSolarHijriLeapYear);
    expect(rows.map((r) => r.y)).toEqual(expected);
  });

  it('gives month, quarter and year periods of a local day in both calendars', async () => {
    const days = [];
    const start = Date.parse('2023-01-01T00:00:00Z') / DAY_MS;
    for (let d = start; d < start + 3 * 366; d += 5) days.push(d);
    const { rows } = await pool.query<{
      d: string;
      unit: string;
      calendar: string;
      period_start: string;
      period_end: string;
      period_label: string;
    }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS d, u.unit, c.calendar,
              to_char(p.period_start, 'YYYY-MM-DD') AS period_start,
              to_char(p.period_end, 'YYYY-MM-DD') AS period_end, p.period_label
         FROM unnest($1::date[]) AS d
        CROSS JOIN (VALUES ('month'), ('quarter'), ('year')) u(unit)
        CROSS JOIN (VALUES ('gregorian'), ('persian')) c(calendar)
        CROSS JOIN LATERAL bi.calendar_period_of_index(bi.calendar_period_index(d, u.unit, c.calendar), u.unit, c.calendar) p`,
      [days.map(isoDay)],
    );
    expect(rows).toHaveLength(days.length * 6);
    for (const row of rows) {
      const day = Date.parse(`${row.d}T00:00:00Z`) / DAY_MS;
      const startDay = Date.parse(`${row.period_start}T00:00:00Z`) / DAY_MS;
      const endDay = Date.parse(`${row.period_end}T00:00:00Z`) / DAY_MS;
      expect(startDay).toBeLessThanOrEqual(day);
      expect(endDay).toBeGreaterThan(day);
      if (row.calendar === 'persian') {
        const sh = solarHijriFromEpochDay(day);
        const q = solarHijriQuarter(sh.month);
        const firstMonth = row.unit === 'month' ? sh.month : row.unit === 'quarter' ? (q - 1) * 3 + 1 : 1;
        expect(startDay).toBe(epochDayOfSolarHijri({ year: sh.year, month: firstMonth, day: 1 }));
        expect(solarHijriFromEpochDay(endDay).day).toBe(1);
        const label =
          row.unit === 'month'
            ? `${sh.year}-${pad(sh.month, 2)}`
            : row.unit === 'quarter'
              ? `${sh.year}-Q${q}`
              : `${sh.year}`;
        expect(row.period_label).toBe(label);
      } else {
        const g = new Date(day * DAY_MS);
        const y = g.getUTCFullYear();
        const m = g.getUTCMonth() + 1;
        const label =
          row.unit === 'month'
            ? `${y}-${pad(m, 2)}`
            : row.unit === 'quarter'
              ? `${y}-Q${Math.floor((m - 1) / 3) + 1}`
              : `${y}`;
        expect(row.period_label).toBe(label);
      }
    }
  });

  it('reports in UTC Gregorian until a version says otherwise, then in its zone and calendar at once', async () => {
    const at = '2026-03-20T21:00:00Z'; // 2026-03-21 00:30 in Tehran (+03:30): Nowruz 1405
    const period = async () =>
      (
        await pool.query<{ label: string }>(
          `SELECT p.period_label AS label FROM bi.reporting_period($1::timestamptz, 'month') p`,
          [at],
        )
      ).rows[0]?.label;
    expect(await period()).toBe('2026-03');
    await pool.query(
      `INSERT INTO bi.reporting_calendar_versions VALUES (1, now() - interval '1 second', 'Asia/Tehran', 'persian'),
                                                          (2, now() + interval '1 day', 'UTC', 'gregorian')`,
    );
    expect(await period()).toBe('1405-01');
    expect((await pool.query('SELECT * FROM bi.reporting_calendar')).rows).toMatchObject([
      { policy_version: 1, timezone: 'Asia/Tehran', calendar: 'persian' },
    ]);
    await expect(pool.query(`SELECT bi.reporting_period_index(now(), 'week')`)).rejects.toThrow(
      /not month, quarter or year/,
    );
  });
});
