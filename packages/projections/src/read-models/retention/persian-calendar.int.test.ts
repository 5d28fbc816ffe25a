import { type DomainEvent, defaultRules } from '@aftersales/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../../test/support';
import { createBiRole } from '../../runner/bi-role';
import { ensureStatusRow, schemaFor } from '../../runner/bookkeeping';
import { applyInBatches, recorded, setUp } from '../shared/testing';
import { supportProjection } from '../support/projection';
import { retentionProjection } from './projection';

const placed = (orderId: string, customerId: string, placedAt: string): DomainEvent => ({
  type: 'OrderPlaced',
  data: {
    orderId,
    customerId,
    currency: 'IRR',
    placedAt,
    lines: [
      {
        lineNo: 1,
        sku: 'PHONE-1',
        name: 'phone',
        category: 'phones',
        qty: 1,
        unitPrice: 5_000_000_000,
        warrantyMonths: 12,
      },
    ],
  },
});
const cancelled = (orderId: string, customerId: string, cancelledAt: string): DomainEvent => ({
  type: 'OrderCancelled',
  data: { orderId, customerId, reason: 'changed mind', cancelledAt },
});
const feedback = (feedbackId: string, submittedAt: string): DomainEvent => ({
  type: 'FeedbackSubmitted',
  data: {
    feedbackId,
    customerId: 'A',
    subject: { type: 'order', id: 'a2' },
    csat: 5,
    submittedAt,
  },
});

/*
 * Orders (UTC) and where they fall in Tehran (UTC+03:30) in the Solar Hijri calendar.
 * Q4 1403 = 1403-10-01 .. 1403-12-30 = 2024-12-21 .. 2025-03-20 (1403 is a leap year);
 * Q1 1404 = 1404-01-01 .. 1404-03-31 = 2025-03-21 .. 2025-06-21; Q2 1404 from 2025-06-22.
 *
 *   A: 2025-01-10 (Q4 1403), 2025-04-01 (Q1 1404)
 *   B: 2025-02-01 (Q4 1403), 2025-03-20T21:00Z = 21 March 00:30 in Tehran: Nowruz, Q1 1404
 *      (in UTC it would still be 30 Esfand 1403, Q4)
 *   C: 2025-03-15 (Q4 1403) only
 *   D: 2025-06-21T19:00Z = 22:30 on 31 Khordad: Q1 1404, D's first order
 *   E: 2025-06-21T21:00Z = 00:30 on 1 Tir: Q2 1404 (in UTC, 21 June: still Q1)
 *   F: 2025-02-10 (Q4 1403); 2025-05-01 (Q1 1404) cancelled: does not count
 *   G: 2024-11-01 (Q3 1403), 2025-05-10 (Q1 1404)
 *
 * Q1 1404 by hand: S = {A, B, C, F} = 4, E = {A, B, D, G} = 4, N = {D} = 1 (B's first order is
 * in Q4), |S and E| = {A, B} = 2. CRR = (4 - 1) / 4 x 100 = 75.00; retained = 2 / 4 x 100 = 50.00.
 */
const orders: DomainEvent[] = [
  placed('g1', 'G', '2024-11-01T09:00:00.000Z'),
  placed('a1', 'A', '2025-01-10T10:00:00.000Z'),
  placed('b1', 'B', '2025-02-01T10:00:00.000Z'),
  placed('f1', 'F', '2025-02-10T10:00:00.000Z'),
  placed('c1', 'C', '2025-03-15T08:00:00.000Z'),
  placed('b2', 'B', '2025-03-20T21:00:00.000Z'),
  placed('a2', 'A', '2025-04-01T10:00:00.000Z'),
  placed('f2', 'F', '2025-05-01T10:00:00.000Z'),
  cancelled('f2', 'F', '2025-05-02T10:00:00.000Z'),
  placed('g2', 'G', '2025-05-10T10:00:00.000Z'),
  placed('d1', 'D', '2025-06-21T19:00:00.000Z'),
  placed('e1', 'E', '2025-06-21T21:00:00.000Z'),
  // 20 March 22:00 UTC: Nowruz in Tehran, still March 20 in UTC.
  feedback('fb1', '2025-03-20T22:00:00.000Z'),
];
const tehran: DomainEvent = {
  type: 'PolicyChanged',
  data: {
    version: 1,
    effectiveFrom: '2025-01-01T00:00:00.000Z',
    author: 'ops-anna',
    reason: 'report as the shop does: Solar Hijri, Tehran',
    document: { ...defaultRules, reporting: { timezone: 'Asia/Tehran', calendar: 'persian' } },
    changedAt: '2025-01-01T00:00:00.000Z',
  },
};

describe('retention in the Solar Hijri calendar of a Tehran shop', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  // The runner's own schema name and status row, so a BI login is granted it as in production.
  const schema = schemaFor(retentionProjection);

  beforeAll(async () => {
    db = await createTestDatabase('retention_fa');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await setUp(pool, retentionProjection, schema);
    await ensureStatusRow(pool, retentionProjection);
    await setUp(pool, supportProjection, 'rm_support_fa');
    await applyInBatches(pool, retentionProjection, schema, recorded(orders));
  });
  const role = uniqueId('bi_fa_').toLowerCase();
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
    // Roles are cluster-wide: remove ours once the database holding its grants is gone.
    const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  const rows = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows;
  const quarter = async (label: string) =>
    (await rows('SELECT * FROM bi.crr_quarterly WHERE period_label = $1', [label]))[0];

  it('reports in UTC Gregorian before the policy says otherwise', async () => {
    expect(await rows('SELECT timezone, calendar FROM bi.reporting_calendar')).toEqual([
      { timezone: 'UTC', calendar: 'gregorian' },
    ]);
    // Q1 2025 in UTC: E = {A, B, C, F}, all first orders; S = {G} (Q4 2024): CRR = (4 - 4) / 1 = 0.
    expect(await quarter('2025-Q1')).toMatchObject({
      s_customers: '1',
      e_customers: '4',
      n_customers: '4',
      crr: '0.00',
    });
  });

  it('follows a PolicyChanged to Asia/Tehran, persian at once: CRR of Q1 1404 as computed by hand', async () => {
    await applyInBatches(pool, retentionProjection, schema, recorded([tehran], 'policy'));
    expect(await rows('SELECT policy_version, timezone, calendar FROM bi.reporting_calendar')).toEqual([
      { policy_version: 1, timezone: 'Asia/Tehran', calendar: 'persian' },
    ]);
    expect(await quarter('1404-Q1')).toEqual({
      period_start: new Date('2025-03-21T00:00:00.000Z'),
      period_end: new Date('2025-06-22T00:00:00.000Z'),
      period_label: '1404-Q1',
      s_customers: '4',
      e_customers: '4',
      n_customers: '1',
      s_and_e_customers: '2',
      crr: '75.00',
      retained_rate: '50.00',
    });
    // Q2 1404: E = {E} only, a first order; S = Q1's four.
    expect(await quarter('1404-Q2')).toMatchObject({
      s_customers: '4',
      e_customers: '1',
      n_customers: '1',
      crr: '0.00',
    });
    expect(await quarter('2025-Q1')).toBeUndefined();
  });

  it('labels months and years in Solar Hijri and starts the year at Nowruz', async () => {
    const months = await rows(
      `SELECT period_label, e_customers FROM bi.crr_monthly WHERE period_label IN ('1403-12', '1404-01', '1404-03', '1404-04') ORDER BY period_label`,
    );
    expect(months).toEqual([
      { period_label: '1403-12', e_customers: '1' }, // C on 24 Esfand
      { period_label: '1404-01', e_customers: '2' }, // B at Nowruz, A on 12 Farvardin
      { period_label: '1404-03', e_customers: '1' }, // D on 31 Khordad
      { period_label: '1404-04', e_customers: '1' }, // E on 1 Tir
    ]);
    expect(
      await rows(`SELECT period_label, period_start FROM bi.crr_yearly WHERE period_label = '1404'`),
    ).toEqual([{ period_label: '1404', period_start: new Date('2025-03-21T00:00:00.000Z') }]);
    // The cohort matrix counts Solar Hijri months: G's cohort is Aban 1403.
    const cohort = await rows(
      `SELECT cohort_month, cohort_month_label, months_since, active_customers FROM bi.cohort_retention_monthly
        WHERE cohort_month_label = '1403-08' AND active_customers > 0 ORDER BY months_since`,
    );
    expect(cohort).toEqual([
      {
        cohort_month: new Date('2024-10-22T00:00:00.000Z'),
        cohort_month_label: '1403-08',
        months_since: 0,
        active_customers: '1',
      },
      {
        cohort_month: new Date('2024-10-22T00:00:00.000Z'),
        cohort_month_label: '1403-08',
        months_since: 6,
        active_customers: '1',
      },
    ]);
    // Monthly views name the reporting month: the feedback at Tehran's Nowruz is in Farvardin.
    expect(await rows('SELECT month, month_label, responses FROM bi.csat_monthly')).toEqual([
      { month: new Date('2025-03-21T00:00:00.000Z'), month_label: '1404-01', responses: '1' },
    ]);
  });

  it('is read by a BI login as it is, which cannot change the calendar', async () => {
    await createBiRole(pool, role, 'bi-fa-secret');
    const url = new URL(db.url);
    url.username = role;
    url.password = 'bi-fa-secret';
    const bi = new pg.Client({ connectionString: url.toString() });
    await bi.connect();
    try {
      const crr = await bi.query("SELECT crr FROM bi.crr_quarterly WHERE period_label = '1404-Q1'");
      expect(crr.rows).toEqual([{ crr: '75.00' }]);
      const period = await bi.query(
        "SELECT period_label FROM bi.reporting_period('2025-06-21T21:00:00Z', 'month')",
      );
      expect(period.rows).toEqual([{ period_label: '1404-04' }]);
      // Refused (a read-only session, and no INSERT privilege either); nothing changes.
      await expect(
        bi.query("INSERT INTO bi.reporting_calendar_versions VALUES (9, now(), 'UTC', 'gregorian')"),
      ).rejects.toThrow(/read-only|permission denied/);
      expect(await rows('SELECT policy_version FROM bi.reporting_calendar_versions')).toEqual([
        { policy_version: 1 },
      ]);
    } finally {
      await bi.end();
    }
  });
});
