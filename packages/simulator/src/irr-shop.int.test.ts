import { gregorianToSolarHijri, type OrderPlaced, solarHijriQuarter } from '@aftersales/domain';
import { PostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
// Tests reach the other packages' pieces by path (they are not the simulator's dependencies).
import { readDashboard } from '../../dashboard/src/data/dashboard-data';
import { renderDashboard } from '../../dashboard/src/render/page';
import {
  ensureBookkeeping,
  loyaltyProjection,
  retentionProjection,
  schemaFor,
  supportProjection,
} from '../../projections/src/index';
import { type SimulationSummary, simulate } from './simulate';

const small = { seed: 7, until: '2026-11-01T00:00:00.000Z', months: 18, customers: 40 } as const;
const projections = [retentionProjection, loyaltyProjection, supportProjection];

const tehranDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tehran',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The Solar Hijri quarter label of an instant in Tehran, computed with the domain's calendar. */
function quarterOf(instant: string): string {
  const [year, month, day] = tehranDay.format(new Date(instant)).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  const sh = gregorianToSolarHijri({ year, month, day });
  return `${sh.year}-Q${solarHijriQuarter(sh.month)}`;
}

/**
 * `pnpm simulate --currency IRR --calendar persian` in small: an Iranian shop's history straight
 * to the store, the real projection runners over it, then the BI views and the Persian dashboard.
 */
describe('simulated IRR shop reporting in the Solar Hijri calendar', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let pool: pg.Pool;
  let summary: SimulationSummary;

  beforeAll(async () => {
    db = await createTestDatabase('sim_irr');
    store = await PostgresEventStore.connect({ connectionString: db.url });
    pool = new pg.Pool({ connectionString: db.url, max: 8 });
    summary = await simulate({
      ...small,
      via: 'store',
      store,
      currency: 'IRR',
      reporting: { timezone: 'Asia/Tehran', calendar: 'persian' },
      progress: false,
    });
    // The whole log through the store's reader (it may stop below transactions open elsewhere
    // on the server for a moment: read until it has every event), then each projection's own
    // setup, views and apply, as its runner does them.
    const { rows: count } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM event_store.events',
    );
    let log = await store.readAll();
    for (let attempt = 0; log.length < (count[0]?.n ?? 0); attempt++) {
      if (attempt > 1_000) throw new Error('the store reader never reached the last event');
      await new Promise((resolve) => setTimeout(resolve, 50));
      log = await store.readAll();
    }
    await ensureBookkeeping(pool);
    for (const projection of projections) {
      const client = await pool.connect();
      try {
        const schema = schemaFor(projection);
        await client.query('BEGIN');
        await projection.setup(client, schema);
        for (const statement of projection.views?.(schema) ?? []) await client.query(statement);
        const types = new Set(projection.filter?.eventTypes ?? []);
        await projection.apply(
          client,
          log.filter((event) => types.size === 0 || types.has(event.type)),
          schema,
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    }
  }, 600_000);
  afterAll(async () => {
    await pool?.end();
    await store?.close();
    await db?.drop();
  });

  const rows = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await pool.query<T>(sql, params)).rows;

  it('ran as planned and set the reporting calendar as a policy version', async () => {
    expect(summary.surprises).toEqual([]);
    expect(summary.orders).toBeGreaterThan(small.customers);
    expect(summary.reportingPolicyVersion).toBe(1);
    expect(await rows('SELECT timezone, calendar FROM bi.reporting_calendar')).toEqual([
      { timezone: 'Asia/Tehran', calendar: 'persian' },
    ]);
  });

  it('prices in rials of realistic size and earns points of sensible magnitude', async () => {
    const orders = await rows<{ data: OrderPlaced['data'] }>(
      "SELECT data FROM event_store.events WHERE type = 'OrderPlaced'",
    );
    expect(orders.length).toBe(summary.orders);
    const prices = orders.flatMap((o) => o.data.lines.map((line) => line.unitPrice / 100)); // rials
    expect(new Set(orders.map((o) => o.data.currency))).toEqual(new Set(['IRR']));
    // Shelf prices from 10,000 rials up, in whole 10,000s; none below a few hundred thousand
    // rials nor above a few billion.
    for (const rials of prices) {
      expect(rials % 10_000).toBe(0);
      expect(rials).toBeGreaterThanOrEqual(100_000);
      expect(rials).toBeLessThan(10_000_000_000);
    }

    const lots = await rows<{ points: number; spend_units: string }>(
      "SELECT points::int AS points, spend_units::text FROM bi.loyalty_ledger WHERE source = 'order-line' AND currency = 'IRR'",
    );
    expect(lots.length).toBeGreaterThan(0);
    // The policy's IRR rule: 100,000 rials a point, times the tier multiplier (1 to 1.5).
    for (const lot of lots) {
      const spend = Number(lot.spend_units);
      expect(lot.points).toBeGreaterThanOrEqual(Math.floor(spend / 100_000));
      expect(lot.points).toBeLessThanOrEqual(Math.floor((spend / 100_000) * 1.5));
    }
    const [totals] = await rows<{ lifetime: string; customers: string }>(
      'SELECT sum(lifetime_points)::text AS lifetime, count(*)::text AS customers FROM bi.loyalty_balances',
    );
    // Per Solar Hijri month: the months hold every lot's points, labelled by their first day.
    const monthly = await rows<{ month: Date; month_label: string; points_earned: string }>(
      'SELECT month, month_label, points_earned::text FROM bi.loyalty_points_monthly',
    );
    const [lotTotal] = await rows<{ points: string }>(
      "SELECT sum(points)::text AS points FROM bi.loyalty_ledger WHERE source = 'order-line'",
    );
    expect(monthly.reduce((sum, m) => sum + Number(m.points_earned), 0)).toBe(Number(lotTotal?.points));
    for (const m of monthly) {
      const sh = gregorianToSolarHijri({
        year: m.month.getUTCFullYear(),
        month: m.month.getUTCMonth() + 1,
        day: m.month.getUTCDate(),
      });
      expect(sh.day).toBe(1);
      expect(m.month_label).toBe(`${sh.year}-${String(sh.month).padStart(2, '0')}`);
    }
    const perCustomer = Number(totals?.lifetime) / Number(totals?.customers);
    expect(perCustomer).toBeGreaterThan(10);
    expect(perCustomer).toBeLessThan(1_000_000);
  });

  it('reports CRR per Solar Hijri quarter as the orders say, with labels of the Solar Hijri calendar', async () => {
    const quarterly = await rows<{
      period_label: string;
      period_start: Date;
      s_customers: string;
      e_customers: string;
      n_customers: string;
      s_and_e_customers: string;
      crr: string | null;
      retained_rate: string | null;
    }>('SELECT * FROM bi.crr_quarterly ORDER BY period_start');
    expect(quarterly.length).toBeGreaterThanOrEqual(6);
    for (const row of quarterly) expect(row.period_label).toMatch(/^14\d\d-Q[1-4]$/);

    // The same figures from the events, in TypeScript: customers active per Tehran quarter.
    const placed = await rows<{ order_id: string; customer_id: string; placed_at: string }>(
      `SELECT data->>'orderId' AS order_id, data->>'customerId' AS customer_id, data->>'placedAt' AS placed_at
         FROM event_store.events WHERE type = 'OrderPlaced'
          AND data->>'orderId' NOT IN (SELECT data->>'orderId' FROM event_store.events WHERE type = 'OrderCancelled')`,
    );
    const active = new Map<string, Set<string>>();
    const first = new Map<string, string>();
    for (const order of placed) {
      const q = quarterOf(order.placed_at);
      active.set(q, (active.get(q) ?? new Set()).add(order.customer_id));
      const earlier = first.get(order.customer_id);
      if (earlier === undefined || order.placed_at < earlier) first.set(order.customer_id, order.placed_at);
    }
    let checked = 0;
    quarterly.forEach((row, index) => {
      const e = active.get(row.period_label) ?? new Set<string>();
      const s =
        index === 0 ? new Set<string>() : (active.get(quarterly[index - 1]?.period_label ?? '') ?? new Set());
      const n = [...e].filter((c) => quarterOf(first.get(c) ?? '') === row.period_label).length;
      expect(Number(row.e_customers)).toBe(e.size);
      expect(Number(row.s_customers)).toBe(s.size);
      expect(Number(row.n_customers)).toBe(n);
      if (s.size > 0) {
        const crr = Number(row.crr);
        expect(crr).toBeCloseTo(Math.round(((e.size - n) * 10_000) / s.size) / 100, 2);
        expect(crr).toBeGreaterThanOrEqual(Number(row.retained_rate));
        expect(Number(row.retained_rate)).toBeGreaterThanOrEqual(0);
        expect(Number(row.retained_rate)).toBeLessThanOrEqual(100);
        checked++;
      }
    });
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('counts returns per Solar Hijri month: every unit received back in one month', async () => {
    const monthly = await rows<{ month_label: string; units_returned: string }>(
      "SELECT month_label, units_returned::text FROM bi.returns_monthly WHERE reason = 'all'",
    );
    const [all] = await rows<{ units: string }>(
      'SELECT coalesce(sum(units_returned), 0)::text AS units FROM bi.return_rate_by_reason',
    );
    expect(Number(all?.units)).toBeGreaterThan(0);
    expect(monthly.reduce((sum, m) => sum + Number(m.units_returned), 0)).toBe(Number(all?.units));
    for (const m of monthly) expect(m.month_label).toMatch(/^14\d\d-(0[1-9]|1[0-2])$/);
  });

  it('shows Solar Hijri months with Persian names and digits on the fa dashboard', async () => {
    const data = await readDashboard(pool);
    expect(data.reporting).toEqual({ timezone: 'Asia/Tehran', calendar: 'persian' });
    const fa = renderDashboard(data, 'fa');
    expect(fa).toMatch(/(فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) ۱۴۰[۳-۵]/);
    const gregorianMonths = /ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر/;
    expect(fa.match(gregorianMonths)?.[0]).toBeUndefined();
    expect(fa).toMatch(/data-period="140[3-5]-Q[1-4]"/);
  });
});
