import { DEFAULT_REPORTING_CALENDAR, type ReportingCalendar } from '@aftersales/domain';
import type { Pool } from 'pg';

/**
 * Every figure on the page is read here, straight from the read models' `bi` views and the
 * notifier's and runner's own tables. Values stay as Postgres returns them (numeric as text), so
 * the page formats exactly the number the view computed and never recomputes a rate.
 */

/** Postgres numeric, as text (`"12.50"`), or NULL where the view leaves it undefined (S = 0). */
export type Decimal = string | null;

export type CrrRow = Readonly<{
  periodLabel: string;
  periodStart: Date;
  s: number;
  e: number;
  n: number;
  sAndE: number;
  crr: Decimal;
  retainedRate: Decimal;
}>;

export type CohortCell = Readonly<{
  cohortMonth: Date;
  monthsSince: number;
  cohortCustomers: number;
  activeCustomers: number;
  activeShare: Decimal;
}>;

export type NpsRow = Readonly<{
  month: Date;
  responses: number;
  promoters: number;
  detractors: number;
  nps: Decimal;
}>;
export type CsatRow = Readonly<{ month: Date; responses: number; satisfied: number; csat: Decimal }>;
export type ReturnRateRow = Readonly<{
  category: string;
  unitsDelivered: number;
  unitsReturned: number;
  returnRate: Decimal;
}>;
export type TurnaroundRow = Readonly<{
  month: Date;
  repairsCompleted: number;
  avgDays: Decimal;
  p50Days: Decimal;
  p90Days: Decimal;
}>;
export type OnTimeRow = Readonly<{
  month: Date;
  ordersDelivered: number;
  withPromise: number;
  onTime: number;
  onTimeRate: Decimal;
}>;
export type AfterSalesRow = Readonly<{
  caseType: string;
  csatBucket: string;
  cases: number;
  repeatCases: number;
  repeatPurchaseRate: Decimal;
}>;

/** A relation that is not there yet (projection never set up, notifier never started). */
const UNDEFINED_RELATION = new Set(['42P01', '3F000', '42883']);

/**
 * Rows of `sql`, or null when one of its relations does not exist: a panel then says "not set
 * up" instead of failing the whole page. Any other error is a real failure and propagates.
 */
export async function rowsOrMissing<T>(
  pool: Pool,
  sql: string,
  map: (row: Record<string, unknown>) => T,
): Promise<T[] | null> {
  try {
    const { rows } = await pool.query(sql);
    return rows.map(map);
  } catch (err) {
    if (UNDEFINED_RELATION.has((err as { code?: string }).code ?? '')) return null;
    throw err;
  }
}

const int = (value: unknown) => Number(value ?? 0);
const decimal = (value: unknown): Decimal => (value === null || value === undefined ? null : String(value));
const date = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));

const crrRow = (row: Record<string, unknown>): CrrRow => ({
  periodLabel: String(row.period_label),
  periodStart: date(row.period_start),
  s: int(row.s_customers),
  e: int(row.e_customers),
  n: int(row.n_customers),
  sAndE: int(row.s_and_e_customers),
  crr: decimal(row.crr),
  retainedRate: decimal(row.retained_rate),
});

const crrSql = (view: string) =>
  `SELECT period_label, period_start, s_customers, e_customers, n_customers, s_and_e_customers, crr, retained_rate
     FROM bi.${view} ORDER BY period_start`;

export const readCrrMonthly = (pool: Pool) => rowsOrMissing(pool, crrSql('crr_monthly'), crrRow);
export const readCrrQuarterly = (pool: Pool) => rowsOrMissing(pool, crrSql('crr_quarterly'), crrRow);

export const readCohorts = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT cohort_month, months_since, cohort_customers, active_customers, active_share
       FROM bi.cohort_retention_monthly ORDER BY cohort_month, months_since`,
    (row): CohortCell => ({
      cohortMonth: date(row.cohort_month),
      monthsSince: int(row.months_since),
      cohortCustomers: int(row.cohort_customers),
      activeCustomers: int(row.active_customers),
      activeShare: decimal(row.active_share),
    }),
  );

export const readNps = (pool: Pool) =>
  rowsOrMissing(
    pool,
    'SELECT month, responses, promoters, detractors, nps FROM bi.nps_monthly ORDER BY month',
    (row): NpsRow => ({
      month: date(row.month),
      responses: int(row.responses),
      promoters: int(row.promoters),
      detractors: int(row.detractors),
      nps: decimal(row.nps),
    }),
  );

export const readCsat = (pool: Pool) =>
  rowsOrMissing(
    pool,
    'SELECT month, responses, satisfied, csat FROM bi.csat_monthly ORDER BY month',
    (row): CsatRow => ({
      month: date(row.month),
      responses: int(row.responses),
      satisfied: int(row.satisfied),
      csat: decimal(row.csat),
    }),
  );

export const readReturnRates = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT category, units_delivered, units_returned, return_rate
       FROM bi.return_rate_by_category ORDER BY return_rate DESC NULLS LAST, category`,
    (row): ReturnRateRow => ({
      category: String(row.category),
      unitsDelivered: int(row.units_delivered),
      unitsReturned: int(row.units_returned),
      returnRate: decimal(row.return_rate),
    }),
  );

export const readTurnaround = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT month, repairs_completed, avg_turnaround_days, p50_turnaround_days, p90_turnaround_days
       FROM bi.repair_turnaround_monthly ORDER BY month`,
    (row): TurnaroundRow => ({
      month: date(row.month),
      repairsCompleted: int(row.repairs_completed),
      avgDays: decimal(row.avg_turnaround_days),
      p50Days: decimal(row.p50_turnaround_days),
      p90Days: decimal(row.p90_turnaround_days),
    }),
  );

export const readOnTime = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT month, orders_delivered, with_promise, on_time, on_time_rate
       FROM bi.on_time_delivery_monthly ORDER BY month`,
    (row): OnTimeRow => ({
      month: date(row.month),
      ordersDelivered: int(row.orders_delivered),
      withPromise: int(row.with_promise),
      onTime: int(row.on_time),
      onTimeRate: decimal(row.on_time_rate),
    }),
  );

export const readAfterSales = (pool: Pool) =>
  rowsOrMissing(
    pool,
    `SELECT case_type, csat_bucket, cases, repeat_cases, repeat_purchase_rate
       FROM bi.after_sales_repeat_purchase ORDER BY case_type, csat_bucket`,
    (row): AfterSalesRow => ({
      caseType: String(row.case_type),
      csatBucket: String(row.csat_bucket),
      cases: int(row.cases),
      repeatCases: int(row.repeat_cases),
      repeatPurchaseRate: decimal(row.repeat_purchase_rate),
    }),
  );

/**
 * The reporting calendar in force (bi.reporting_calendar): the periods of every view are in it,
 * so their labels must be too. UTC Gregorian when the view is not there yet.
 */
export async function readReportingCalendar(pool: Pool): Promise<ReportingCalendar> {
  const rows = await rowsOrMissing(
    pool,
    'SELECT timezone, calendar FROM bi.reporting_calendar',
    (row): ReportingCalendar => ({
      timezone: String(row.timezone),
      calendar: row.calendar === 'persian' ? 'persian' : 'gregorian',
    }),
  );
  return rows?.[0] ?? DEFAULT_REPORTING_CALENDAR;
}
