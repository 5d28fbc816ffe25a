import { ident, type ViewSpec } from '../shared/ddl';

const month = (column: string) => `date_trunc('month', ${column} AT TIME ZONE 'UTC')::date`;
const monthColumn = (what: string) => ({ name: 'month', comment: `Month of ${what} (first day, UTC).` });

function returnRate(schema: string, by: 'sku' | 'category'): ViewSpec {
  const s = ident(schema);
  return {
    name: `return_rate_by_${by}`,
    comment: `Return rate per ${by}: units received back / units delivered x 100.`,
    columns: [
      { name: by, comment: by === 'sku' ? 'Stock keeping unit.' : 'Product category.' },
      { name: 'units_delivered', comment: 'Units on order lines of delivered orders.' },
      {
        name: 'units_return_requested',
        comment: 'Units asked back in return requests that were not rejected.',
      },
      { name: 'units_returned', comment: 'Units physically received back (ReturnItemsReceived).' },
      {
        name: 'return_rate',
        comment:
          'units_returned / units_delivered x 100, percent, 2 decimals; NULL when nothing was delivered.',
      },
    ],
    query: `WITH delivered AS (
  SELECT l.${by} AS key, sum(l.qty) AS units
    FROM ${s}.retention_order_lines l JOIN ${s}.retention_orders o ON o.order_id = l.order_id
   WHERE o.delivered_at IS NOT NULL
   GROUP BY l.${by}
), returned AS (
  SELECT i.${by} AS key,
         sum(i.requested_qty) FILTER (WHERE r.rejected_at IS NULL) AS requested,
         sum(i.received_qty) AS received
    FROM ${s}.retention_return_items i JOIN ${s}.retention_returns r ON r.return_id = i.return_id
   GROUP BY i.${by}
)
SELECT coalesce(d.key, r.key) AS ${by},
       coalesce(d.units, 0) AS units_delivered,
       coalesce(r.requested, 0) AS units_return_requested,
       coalesce(r.received, 0) AS units_returned,
       round(coalesce(r.received, 0) * 100.0 / nullif(d.units, 0), 2) AS return_rate
  FROM delivered d FULL JOIN returned r ON r.key = d.key`,
  };
}

/** Metrics about what happens after the sale: feedback, returns, repairs, delivery, their effect. */
export function afterSalesViews(schema: string): ViewSpec[] {
  const s = ident(schema);
  return [
    {
      name: 'nps_monthly',
      comment: 'Net promoter score per month of submission: % promoters (9-10) - % detractors (0-6).',
      columns: [
        monthColumn('submission'),
        { name: 'responses', comment: 'Feedback responses with an NPS answer.' },
        { name: 'promoters', comment: 'Responses with NPS 9 or 10.' },
        { name: 'passives', comment: 'Responses with NPS 7 or 8.' },
        { name: 'detractors', comment: 'Responses with NPS 0 to 6.' },
        { name: 'nps', comment: '(promoters - detractors) / responses x 100, -100..100, 2 decimals.' },
      ],
      query: `SELECT ${month('f.submitted_at')} AS month, count(*) AS responses,
       count(*) FILTER (WHERE f.nps >= 9) AS promoters,
       count(*) FILTER (WHERE f.nps BETWEEN 7 AND 8) AS passives,
       count(*) FILTER (WHERE f.nps <= 6) AS detractors,
       round((count(*) FILTER (WHERE f.nps >= 9) - count(*) FILTER (WHERE f.nps <= 6)) * 100.0 / count(*), 2) AS nps
  FROM ${s}.retention_feedback f
 WHERE f.nps IS NOT NULL
 GROUP BY 1`,
    },
    {
      name: 'csat_monthly',
      comment: 'Customer satisfaction per month of submission: % of responses scoring 4 or 5.',
      columns: [
        monthColumn('submission'),
        { name: 'responses', comment: 'Feedback responses (every response has a CSAT score).' },
        { name: 'satisfied', comment: 'Responses with CSAT 4 or 5.' },
        { name: 'csat', comment: 'satisfied / responses x 100, percent, 2 decimals.' },
      ],
      query: `SELECT ${month('f.submitted_at')} AS month, count(*) AS responses,
       count(*) FILTER (WHERE f.csat >= 4) AS satisfied,
       round(count(*) FILTER (WHERE f.csat >= 4) * 100.0 / count(*), 2) AS csat
  FROM ${s}.retention_feedback f
 GROUP BY 1`,
    },
    returnRate(schema, 'sku'),
    returnRate(schema, 'category'),
    {
      name: 'repair_turnaround_monthly',
      comment: 'Repair turnaround (requested -> completed) per month of completion, in days of 24 h.',
      columns: [
        monthColumn('completion'),
        { name: 'repairs_completed', comment: 'Repairs completed in the month.' },
        { name: 'avg_turnaround_days', comment: 'Mean of completed_at - requested_at, days, 2 decimals.' },
        { name: 'p50_turnaround_days', comment: 'Median (continuous percentile 0.5), days, 2 decimals.' },
        { name: 'p90_turnaround_days', comment: 'Continuous percentile 0.9, days, 2 decimals.' },
      ],
      query: `SELECT t.month, count(*) AS repairs_completed,
       round(avg(t.days), 2) AS avg_turnaround_days,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t.days))::numeric, 2) AS p50_turnaround_days,
       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY t.days))::numeric, 2) AS p90_turnaround_days
  FROM (SELECT ${month('r.completed_at')} AS month,
               extract(epoch FROM r.completed_at - r.requested_at) / 86400 AS days
          FROM ${s}.retention_repairs r WHERE r.completed_at IS NOT NULL) t
 GROUP BY t.month`,
    },
    {
      name: 'repair_warranty_share_monthly',
      comment: 'Share of repair requests covered by warranty, per month of request.',
      columns: [
        monthColumn('the request'),
        { name: 'repairs_requested', comment: 'Repair requests in the month.' },
        { name: 'in_warranty', comment: 'Of them, covered by product or repair warranty.' },
        { name: 'in_warranty_share', comment: 'in_warranty / repairs_requested x 100, percent, 2 decimals.' },
      ],
      query: `SELECT ${month('r.requested_at')} AS month, count(*) AS repairs_requested,
       count(*) FILTER (WHERE r.in_warranty) AS in_warranty,
       round(count(*) FILTER (WHERE r.in_warranty) * 100.0 / count(*), 2) AS in_warranty_share
  FROM ${s}.retention_repairs r
 GROUP BY 1`,
    },
    {
      name: 'on_time_delivery_monthly',
      comment:
        'On-time delivery per month of delivery: delivered at or before the promised date (the FIRST estimate).',
      columns: [
        monthColumn('delivery'),
        { name: 'orders_delivered', comment: 'Orders delivered in the month.' },
        {
          name: 'with_promise',
          comment: 'Of them, orders that had a promised date (were shipped with an estimate).',
        },
        { name: 'on_time', comment: 'Orders with delivered_at <= promised_delivery_at.' },
        { name: 'on_time_rate', comment: 'on_time / with_promise x 100, percent, 2 decimals.' },
      ],
      query: `SELECT ${month('o.delivered_at')} AS month, count(*) AS orders_delivered,
       count(o.promised_delivery_at) AS with_promise,
       count(*) FILTER (WHERE o.delivered_at <= o.promised_delivery_at) AS on_time,
       round(count(*) FILTER (WHERE o.delivered_at <= o.promised_delivery_at) * 100.0
             / nullif(count(o.promised_delivery_at), 0), 2) AS on_time_rate
  FROM ${s}.retention_orders o
 WHERE o.delivered_at IS NOT NULL
 GROUP BY 1`,
    },
    {
      name: 'after_sales_repeat_purchase',
      comment:
        'Does good after-sales service keep customers? For each closed return or repair whose 90 days have passed: did the customer place a new non-cancelled order (not an exchange replacement) within 90 days of closing, split by the CSAT given for that return or repair. case_type any = returns and repairs together.',
      columns: [
        { name: 'case_type', comment: 'return, repair, or any (both).' },
        { name: 'csat_bucket', comment: "CSAT given for the case, '1' to '5', or 'no feedback'." },
        { name: 'cases', comment: 'Closed cases whose 90-day window has ended.' },
        {
          name: 'repeat_cases',
          comment: 'Of them, cases followed by a new order within 90 days of closing.',
        },
        { name: 'repeat_purchase_rate', comment: 'repeat_cases / cases x 100, percent, 2 decimals.' },
      ],
      query: `WITH cases AS (
  SELECT 'return' AS case_type, r.return_id AS case_id, r.customer_id,
         coalesce(r.resolved_at, r.rejected_at) AS closed_at
    FROM ${s}.retention_returns r
   WHERE coalesce(r.resolved_at, r.rejected_at) IS NOT NULL
  UNION ALL
  SELECT 'repair', p.repair_id, p.customer_id, coalesce(p.completed_at, p.cancelled_at)
    FROM ${s}.retention_repairs p
   WHERE coalesce(p.completed_at, p.cancelled_at) IS NOT NULL
), judged AS (
  SELECT c.case_type, coalesce(f.csat::text, 'no feedback') AS csat_bucket,
         EXISTS (
           SELECT 1 FROM ${s}.retention_orders o
            WHERE o.customer_id = c.customer_id AND o.cancelled_at IS NULL
              AND o.placed_at > c.closed_at AND o.placed_at - c.closed_at <= interval '90 days'
              AND NOT EXISTS (SELECT 1 FROM ${s}.retention_returns x WHERE x.replacement_order_id = o.order_id)
         ) AS repeated
    FROM cases c
    LEFT JOIN ${s}.retention_feedback f ON f.subject_type = c.case_type AND f.subject_id = c.case_id
   WHERE now() - c.closed_at >= interval '90 days'
)
SELECT CASE WHEN grouping(j.case_type) = 1 THEN 'any' ELSE j.case_type END AS case_type,
       j.csat_bucket, count(*) AS cases, count(*) FILTER (WHERE j.repeated) AS repeat_cases,
       round(count(*) FILTER (WHERE j.repeated) * 100.0 / count(*), 2) AS repeat_purchase_rate
  FROM judged j
 GROUP BY GROUPING SETS ((j.case_type, j.csat_bucket), (j.csat_bucket))`,
    },
  ];
}
