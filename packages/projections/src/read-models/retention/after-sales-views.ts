import { ident, type ViewSpec } from '../shared/ddl';
import { reportingMonth as month, reportingMonthComment, withMonthLabel } from '../shared/reporting-calendar';

const monthColumn = (what: string) => ({ name: 'month', comment: reportingMonthComment(what) });

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

/**
 * Why customers return: per reason code, the units asked back and received back, their share of
 * all returned units, and the return rate they add (units received back for the reason / all
 * units delivered × 100: the rates of all reasons add up to the overall return rate).
 */
function returnRateByReason(schema: string): ViewSpec {
  const s = ident(schema);
  return {
    name: 'return_rate_by_reason',
    comment: 'Return rate per reason code: units received back for the reason / all units delivered x 100.',
    columns: [
      {
        name: 'reason',
        comment:
          'Reason code: damaged, defective, wrong-item, not-as-described, size-or-fit, changed-mind, late-delivery, other.',
      },
      {
        name: 'units_return_requested',
        comment: 'Units asked back for this reason in requests not rejected.',
      },
      { name: 'units_returned', comment: 'Units physically received back for this reason.' },
      {
        name: 'share_of_returned',
        comment: 'units_returned / all units received back x 100, percent, 2 decimals; NULL when none.',
      },
      {
        name: 'return_rate',
        comment:
          'units_returned / all units delivered x 100, percent, 2 decimals; NULL when nothing was delivered.',
      },
    ],
    query: `WITH delivered AS (
  SELECT sum(l.qty) AS units
    FROM ${s}.retention_order_lines l JOIN ${s}.retention_orders o ON o.order_id = l.order_id
   WHERE o.delivered_at IS NOT NULL
), returned AS (
  SELECT i.reason,
         coalesce(sum(i.requested_qty) FILTER (WHERE r.rejected_at IS NULL), 0) AS requested,
         sum(i.received_qty) AS received
    FROM ${s}.retention_return_items i JOIN ${s}.retention_returns r ON r.return_id = i.return_id
   GROUP BY i.reason
)
SELECT r.reason,
       r.requested AS units_return_requested,
       r.received AS units_returned,
       round(r.received * 100.0 / nullif(sum(r.received) OVER (), 0), 2) AS share_of_returned,
       round(r.received * 100.0 / nullif(d.units, 0), 2) AS return_rate
  FROM returned r CROSS JOIN delivered d`,
  };
}

/**
 * Why customers return a SKU or a category: units received back per (sku or category, reason)
 * over the units of it delivered.
 */
function returnReasons(schema: string, by: 'sku' | 'category'): ViewSpec {
  const s = ident(schema);
  return {
    name: `return_reasons_by_${by}`,
    comment: `Return rate per ${by} and reason code: units received back for the reason / units of the ${by} delivered x 100.`,
    columns: [
      { name: by, comment: by === 'sku' ? 'Stock keeping unit.' : 'Product category.' },
      { name: 'reason', comment: 'Reason code (see return_rate_by_reason).' },
      { name: 'units_delivered', comment: `Units of the ${by} on order lines of delivered orders.` },
      { name: 'units_returned', comment: 'Units of it received back for this reason.' },
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
  SELECT i.${by} AS key, i.reason, sum(i.received_qty) AS received
    FROM ${s}.retention_return_items i
   GROUP BY i.${by}, i.reason
)
SELECT r.key AS ${by}, r.reason,
       coalesce(d.units, 0) AS units_delivered,
       r.received AS units_returned,
       round(r.received * 100.0 / nullif(d.units, 0), 2) AS return_rate
  FROM returned r LEFT JOIN delivered d ON d.key = r.key`,
  };
}

/** Metrics about what happens after the sale: feedback, returns, repairs, delivery, their effect. */
export function afterSalesViews(schema: string): ViewSpec[] {
  const s = ident(schema);
  const views: ViewSpec[] = [
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
    {
      name: 'returns_monthly',
      comment:
        'Returns per month of the request (reporting calendar) and reason code (all = every reason): requests, units asked back in requests not rejected, units received back.',
      columns: [
        monthColumn('the request'),
        { name: 'reason', comment: 'Reason code (see return_rate_by_reason), or all.' },
        { name: 'returns', comment: 'Return requests with a line of this reason.' },
        { name: 'units_return_requested', comment: 'Units asked back in requests not rejected.' },
        { name: 'units_returned', comment: 'Units physically received back.' },
      ],
      query: `SELECT t.month, CASE WHEN grouping(t.reason) = 1 THEN 'all' ELSE t.reason END AS reason,
       count(DISTINCT t.return_id) AS returns,
       coalesce(sum(t.requested_qty) FILTER (WHERE t.rejected_at IS NULL), 0) AS units_return_requested,
       coalesce(sum(t.received_qty), 0) AS units_returned
  FROM (SELECT ${month('r.requested_at')} AS month, i.reason, r.return_id, r.rejected_at,
               i.requested_qty, i.received_qty
          FROM ${s}.retention_return_items i JOIN ${s}.retention_returns r ON r.return_id = i.return_id) t
 GROUP BY GROUPING SETS ((t.month, t.reason), (t.month))`,
    },
    returnRate(schema, 'sku'),
    returnRate(schema, 'category'),
    returnRateByReason(schema),
    returnReasons(schema, 'sku'),
    returnReasons(schema, 'category'),
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
        'Does good after-sales service keep customers? For each closed return (rejected, or every received line settled) or repair whose 90 days have passed: did the customer place a new non-cancelled order (not an exchange replacement) within 90 days of closing, split by the CSAT given for that return or repair. case_type any = returns and repairs together.',
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
      query: `WITH return_closings AS (
  ${returnClosingsSql(s)}
), cases AS (
  SELECT 'return' AS case_type, c.return_id AS case_id, c.customer_id, c.closed_at
    FROM return_closings c
   WHERE c.closed_at IS NOT NULL
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
  // Every monthly view also names its month in the reporting calendar.
  return views.map((view) => (view.columns.some((c) => c.name === 'month') ? withMonthLabel(view) : view));
}

/**
 * When each return closed: at its rejection, or when the last of its received lines was settled
 * (refunded, exchanged or credited, each line once); NULL while a received line is unsettled.
 * A return of several lines is not closed by the settlement of its first.
 */
export function returnClosingsSql(s: string): string {
  return `SELECT r.return_id, r.customer_id,
         CASE WHEN r.rejected_at IS NOT NULL THEN r.rejected_at
              WHEN bool_and(coalesce(i.settled_at, r.rest_settled_at) IS NOT NULL)
                     FILTER (WHERE i.received_qty > 0)
              THEN max(coalesce(i.settled_at, r.rest_settled_at)) FILTER (WHERE i.received_qty > 0)
         END AS closed_at
    FROM ${s}.retention_returns r
    JOIN ${s}.retention_return_items i ON i.return_id = r.return_id
   GROUP BY r.return_id, r.customer_id, r.rejected_at, r.rest_settled_at`;
}
