import { ident } from '../shared/ddl';

/**
 * Parameterised retention metrics. All periods are periods of the reporting calendar in force
 * (`bi.reporting_calendar`: the shop's zone, gregorian or persian); only non-cancelled
 * orders count, by the time they were placed (DESIGN.md). `BEGIN ATOMIC` bodies bind to the
 * tables by oid, so they survive the runner renaming a rebuilt schema into place.
 */
export function retentionFunctions(schema: string): string[] {
  const s = ident(schema);
  return [
    // CRR for period P (DESIGN.md): S = customers with an order in the period before P,
    // E = customers with an order in P, N = customers whose first-ever order is in P;
    // CRR = (E − N) / S × 100, retained = |S ∩ E| / |S| × 100, both NULL when S = 0.
    `CREATE OR REPLACE FUNCTION ${s}.retention_crr(grain text)
RETURNS TABLE (
  period_start date, period_end date, period_label text,
  s_customers bigint, e_customers bigint, n_customers bigint, s_and_e_customers bigint,
  crr numeric, retained_rate numeric
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  WITH calendar AS (
    SELECT c.timezone, c.calendar FROM bi.reporting_calendar c
  ),
  activity AS (
    SELECT DISTINCT o.customer_id,
           bi.calendar_period_index((o.placed_at AT TIME ZONE calendar.timezone)::date,
                                    retention_crr.grain, calendar.calendar) AS period
      FROM ${s}.retention_orders o CROSS JOIN calendar
     WHERE o.cancelled_at IS NULL
  ),
  flagged AS (
    SELECT a.customer_id, a.period,
           lag(a.period) OVER (PARTITION BY a.customer_id ORDER BY a.period) AS previous_active,
           min(a.period) OVER (PARTITION BY a.customer_id) AS first_period
      FROM activity a
  ),
  per_period AS (
    SELECT f.period,
           count(*) AS e,
           count(*) FILTER (WHERE f.period = f.first_period) AS n,
           count(*) FILTER (WHERE f.previous_active = f.period - 1) AS s_and_e
      FROM flagged f
     GROUP BY f.period
  ),
  series AS (
    SELECT generate_series(
             min(a.period),
             greatest(max(a.period),
                      bi.calendar_period_index((now() AT TIME ZONE calendar.timezone)::date,
                                               retention_crr.grain, calendar.calendar))) AS period
      FROM activity a CROSS JOIN calendar
     GROUP BY calendar.timezone, calendar.calendar
  )
  SELECT p.period_start,
         p.period_end,
         p.period_label,
         coalesce(previous.e, 0),
         coalesce(current.e, 0),
         coalesce(current.n, 0),
         coalesce(current.s_and_e, 0),
         CASE WHEN coalesce(previous.e, 0) = 0 THEN NULL
              ELSE round((coalesce(current.e, 0) - coalesce(current.n, 0)) * 100.0 / previous.e, 2) END,
         CASE WHEN coalesce(previous.e, 0) = 0 THEN NULL
              ELSE round(coalesce(current.s_and_e, 0) * 100.0 / previous.e, 2) END
    FROM series
    CROSS JOIN calendar
    CROSS JOIN LATERAL bi.calendar_period_of_index(series.period, retention_crr.grain, calendar.calendar) p
    LEFT JOIN per_period current ON current.period = series.period
    LEFT JOIN per_period previous ON previous.period = series.period - 1
   ORDER BY series.period;
END`,
    `COMMENT ON FUNCTION ${s}.retention_crr(text) IS 'Customer retention rate per month, quarter or year (grain: month | quarter | year) of the reporting calendar (bi.reporting_calendar), with S, E, N and |S and E| beside the rates.'`,

    // Churned as of t: the last non-cancelled order placed by t is 180 days (of 24 h) or more
    // before t. An order cancelled after t still counted at t.
    `CREATE OR REPLACE FUNCTION ${s}.retention_churned_customers(at timestamptz)
RETURNS TABLE (
  customer_id text, first_order_at timestamptz, last_order_at timestamptz, orders bigint,
  days_since_last_order numeric
)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT o.customer_id, min(o.placed_at), max(o.placed_at), count(*),
         round(extract(epoch FROM retention_churned_customers.at - max(o.placed_at)) / 86400, 2)
    FROM ${s}.retention_orders o
   WHERE o.placed_at <= retention_churned_customers.at
     AND (o.cancelled_at IS NULL OR o.cancelled_at > retention_churned_customers.at)
   GROUP BY o.customer_id
  HAVING retention_churned_customers.at - max(o.placed_at) >= interval '180 days';
END`,
    `COMMENT ON FUNCTION ${s}.retention_churned_customers(timestamptz) IS 'Customers with no order in the 180 days before the instant (last non-cancelled order placed by then is 180 days old or older).'`,
  ];
}
