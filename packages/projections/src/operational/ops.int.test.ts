import { readFile } from 'node:fs/promises';
import { createMemoryEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { dumpRows } from '../read-models/shared/testing';
import { rebuildProjections } from '../runner/rebuild';
import { startProjections } from '../runner/start';
import { caughtUp, waitFor } from '../runner/testing/wait';
import { opsProjections } from '.';
import { opsDictionary } from './dictionary';
import { appendScenario, opsScenario } from './scenario';

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('proj_ops');
  pool = new pg.Pool({ connectionString: db.url, max: 8 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const TABLES = [
  'rm_ops_order_status.order_status',
  'rm_ops_cases.returns',
  'rm_ops_cases.repairs',
  'rm_ops_customer_timeline.customer_timeline',
  'rm_ops_customer_timeline.case_customers',
];
const dumpAll = async () =>
  Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await dumpRows(pool, t)])));

describe('operations read models', () => {
  const id = (name: string) => `${name}-${uniqueId()}`;
  const ids = new Map<string, string>();
  const scenario = opsScenario((name) => {
    const value = ids.get(name) ?? id(name);
    ids.set(name, value);
    return value;
  });
  const the = (name: string) => ids.get(name) ?? '';
  let incremental: Record<string, string[]>;
  const store = createMemoryEventStore();

  beforeAll(async () => {
    await appendScenario(store, scenario);
    // Batches of one: the most incremental run there is; the rebuild test compares against it.
    const handle = startProjections({ store, pool, log, projections: opsProjections, batchSize: 1 });
    await waitFor('ops projections caught up', () => caughtUp(store, pool, opsProjections));
    await handle.stop();
    incremental = await dumpAll();
  });

  it('order status: promised versus latest estimate, delays, on-time flag, cancellation', async () => {
    const { rows } = await pool.query('SELECT * FROM rm_ops_order_status.order_status');
    const byId = new Map(rows.map((r) => [r.order_id, r]));
    expect(rows).toHaveLength(3);
    expect(byId.get(the('order-late'))).toMatchObject({
      status: 'delivered',
      carrier: 'DHL',
      line_count: 2,
      item_count: 3,
      order_total_minor: String(2 * 1999 + 5000),
      promised_delivery_at: new Date('2026-01-05T12:00:00.000Z'),
      latest_estimated_delivery_at: new Date('2026-01-08T12:00:00.000Z'),
      delay_count: 2,
      delivered_at: new Date('2026-01-08T10:00:00.000Z'),
      delivered_on_time: false,
    });
    expect(byId.get(the('order-ontime'))).toMatchObject({
      status: 'delivered',
      delay_count: 0,
      promised_delivery_at: new Date('2026-01-13T12:00:00.000Z'),
      latest_estimated_delivery_at: new Date('2026-01-13T12:00:00.000Z'),
      delivered_on_time: true,
    });
    expect(byId.get(the('order-cancel'))).toMatchObject({
      status: 'cancelled',
      cancelled_at: new Date('2026-01-14T11:00:00.000Z'),
      shipped_at: null,
      delivered_on_time: null,
    });
    const view = await pool.query('SELECT order_id, estimate_slip_days, overdue FROM bi.ops_order_status');
    const late = view.rows.find((r) => r.order_id === the('order-late'));
    expect(Number(late?.estimate_slip_days)).toBe(3);
    expect(view.rows.every((r) => r.overdue === false)).toBe(true);
  });

  it('turns minor units into whole units by the ISO 4217 exponent in bi.money_amount and the order view', async () => {
    const { rows } = await pool.query(
      `SELECT bi.money_amount(1234500, 'IQD')::text AS iqd, bi.money_amount(12345, 'KWD')::text AS kwd,
              bi.money_amount(50000000, 'IRR')::text AS irr, bi.money_amount(1500, 'JPY')::text AS jpy,
              bi.money_amount(1999, 'EUR')::text AS eur, bi.money_amount(1, 'CLF')::text AS clf,
              bi.money_amount(5, 'XAU') AS gold`,
    );
    // 1,234,500 fils are 1,234.5 dinars (not 12,345 as "divide by 100" would have it).
    expect(rows[0]).toEqual({
      iqd: '1234.500',
      kwd: '12.345',
      irr: '500000.00',
      jpy: '1500',
      eur: '19.99',
      clf: '0.0001',
      gold: null,
    });
    const view = await pool.query(
      'SELECT order_total_minor, currency, order_total FROM bi.ops_order_status WHERE order_total_minor IS NOT NULL',
    );
    for (const row of view.rows) {
      // The scenario is in EUR: two digits.
      expect(row.currency).toBe('EUR');
      expect(row.order_total).toBe((Number(row.order_total_minor) / 100).toFixed(2));
    }
  });

  it('returns and repairs: status, closing, and open ones with their age in bi views', async () => {
    const returns = await pool.query('SELECT * FROM rm_ops_cases.returns ORDER BY requested_at');
    expect(returns.rows.map((r) => [r.return_id, r.status, r.is_open])).toEqual([
      [the('ret-refunded'), 'refunded', false],
      [the('ret-open'), 'approved', true],
    ]);
    expect(returns.rows[0]).toMatchObject({
      customer_id: the('cust'),
      refund_minor: '1999',
      refund_currency: 'EUR',
      closed_at: new Date('2026-01-11T10:00:00.000Z'),
      received_at: new Date('2026-01-11T09:00:00.000Z'),
    });
    const repairs = await pool.query('SELECT * FROM rm_ops_cases.repairs ORDER BY requested_at');
    expect(repairs.rows.map((r) => [r.repair_id, r.status, r.is_open, r.in_warranty])).toEqual([
      [the('rep-open'), 'requested', true, true],
      [the('rep-declined'), 'quote-declined', false, false],
    ]);
    expect(repairs.rows[1]).toMatchObject({ quote_minor: '4500', coverage_basis: 'none' });

    const openReturns = await pool.query(
      'SELECT return_id, age, age_days, requested_at FROM bi.ops_open_returns',
    );
    expect(openReturns.rows.map((r) => r.return_id)).toEqual([the('ret-open')]);
    const expectedDays = (Date.now() - Date.parse('2026-01-15T09:00:00.000Z')) / 86_400_000;
    expect(Number(openReturns.rows[0]?.age_days)).toBeCloseTo(expectedDays, 0);
    const openRepairs = await pool.query('SELECT repair_id, in_warranty FROM bi.ops_open_repairs');
    expect(openRepairs.rows).toEqual([{ repair_id: the('rep-open'), in_warranty: true }]);
  });

  it('customer timeline: one row per relevant event, customer resolved for case events, no personal data', async () => {
    const { rows } = await pool.query(
      'SELECT * FROM rm_ops_customer_timeline.customer_timeline ORDER BY position',
    );
    const relevant = scenario.filter((e) => e.type !== 'ReturnQuantityReserved');
    expect(rows.map((r) => r.kind)).toEqual(relevant.map((e) => e.type));
    expect(new Set(rows.map((r) => r.customer_id))).toEqual(new Set([the('cust')]));
    const approved = rows.find((r) => r.kind === 'ReturnApproved' && r.subject_id === the('ret-refunded'));
    expect(approved).toMatchObject({ subject_type: 'return', summary: 'Return approved' });
    const placed = rows.find((r) => r.kind === 'OrderPlaced' && r.subject_id === the('order-late'));
    expect(placed?.summary).toBe('Order placed: 3 items, 89.98 EUR');
    const delayed = rows.filter((r) => r.kind === 'ShipmentDelayed').map((r) => r.summary);
    expect(delayed).toEqual([
      'Delivery delayed from 2026-01-05 to 2026-01-07',
      'Delivery delayed from 2026-01-07 to 2026-01-08',
    ]);
    const everything = JSON.stringify(rows);
    for (const personal of ['Secret Name', 'secret@example.com', '+49', 'storm', 'dropped it']) {
      expect(everything).not.toContain(personal);
    }
    const view = await pool.query(
      'SELECT count(*)::int AS n FROM bi.ops_customer_timeline WHERE customer_id = $1',
      [the('cust')],
    );
    expect(view.rows[0]?.n).toBe(relevant.length);
  });

  it('a rebuild (large batches, schema swap) yields exactly the rows of the incremental run', async () => {
    const before = await pool.query("SELECT count(*)::int AS n FROM pg_views WHERE schemaname = 'bi'");
    await rebuildProjections({ store, pool, projections: opsProjections, log, batchSize: 1000 });
    expect(await dumpAll()).toEqual(incremental);
    const after = await pool.query("SELECT count(*)::int AS n FROM pg_views WHERE schemaname = 'bi'");
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    const leftovers = await pool.query(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm\\_ops%\\_\\_%'",
    );
    expect(leftovers.rows).toEqual([]);
  });

  it('every operations table, view and column carries a COMMENT', async () => {
    const { rows } = await pool.query(
      `SELECT n.nspname || '.' || c.relname || '.' || a.attname AS object
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'v')
          AND (n.nspname LIKE 'rm\\_ops\\_%' OR (n.nspname = 'bi' AND c.relname LIKE 'ops\\_%'))
          AND col_description(c.oid, a.attnum) IS NULL`,
    );
    expect(rows).toEqual([]);
    const uncommented = await pool.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'v') AND obj_description(c.oid, 'pg_class') IS NULL
          AND (n.nspname LIKE 'rm\\_ops\\_%' OR (n.nspname = 'bi' AND c.relname LIKE 'ops\\_%'))`,
    );
    expect(uncommented.rows).toEqual([]);
    const tables = await pool.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname LIKE 'rm\\_ops\\_%'",
    );
    expect(tables.rows[0]?.n).toBe(5);
  });

  it('docs/read-models.md documents every operations table and view as the specs describe them', async () => {
    // Biome formats the document's tables (padding): compare without it.
    const normalise = (text: string) => text.replace(/ *\| */g, '|').replace(/-{3,}/g, '---');
    const doc = normalise(
      await readFile(new URL('../../../../docs/read-models.md', import.meta.url), 'utf8'),
    );
    // Regenerate with: pnpm exec tsx packages/projections/src/operational/dictionary.ts
    for (const entry of opsDictionary()) {
      expect(doc.includes(normalise(entry)), entry.split('\n')[0]).toBe(true);
    }
  });
});
