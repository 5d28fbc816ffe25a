import { ident, type ViewSpec } from '../shared/ddl';
import { reportingMonthComment, withMonthLabel } from '../shared/reporting-calendar';

const crrColumns = [
  {
    name: 'period_start',
    comment:
      'First day of the period in the reporting calendar (bi.reporting_calendar), as the Gregorian date of that local day.',
  },
  { name: 'period_end', comment: 'First day after the period (exclusive).' },
  {
    name: 'period_label',
    comment:
      'Period as text in the reporting calendar: 2026-04, 2026-Q2, 2026 (gregorian) or 1405-01, 1405-Q1, 1405 (persian).',
  },
  { name: 's_customers', comment: 'S: customers with a non-cancelled order in the period before.' },
  { name: 'e_customers', comment: 'E: customers with a non-cancelled order in the period.' },
  { name: 'n_customers', comment: 'N: customers whose first-ever non-cancelled order is in the period.' },
  {
    name: 's_and_e_customers',
    comment: '|S and E|: customers with orders in both the period before and this one.',
  },
  { name: 'crr', comment: 'CRR = (E - N) / S x 100, percent, 2 decimals; NULL when S = 0.' },
  { name: 'retained_rate', comment: 'Retained = |S and E| / S x 100, percent, 2 decimals; NULL when S = 0.' },
];

const grains = [
  ['month', 'monthly'],
  ['quarter', 'quarterly'],
  ['year', 'yearly'],
] as const;

/** Metrics about customers and their orders: CRR, repeat purchases, churn, cohorts. */
export function customerViews(schema: string): ViewSpec[] {
  const s = ident(schema);
  const activeOrders = `${s}.retention_orders o WHERE o.cancelled_at IS NULL`;
  return [
    ...grains.map(
      ([grain, adjective]): ViewSpec => ({
        name: `crr_${adjective}`,
        comment: `Customer retention rate per ${grain} of the reporting calendar (bi.reporting_calendar), DESIGN.md formula, non-cancelled orders by order time.`,
        columns: crrColumns,
        query: `SELECT * FROM ${s}.retention_crr('${grain}')`,
      }),
    ),
    {
      name: 'repeat_purchase_rate',
      comment: 'Share of customers with two or more non-cancelled orders, over all time (one row).',
      columns: [
        { name: 'customers', comment: 'Customers with at least one non-cancelled order.' },
        { name: 'repeat_customers', comment: 'Customers with two or more non-cancelled orders.' },
        { name: 'repeat_purchase_rate', comment: 'repeat_customers / customers x 100, percent, 2 decimals.' },
      ],
      query: `SELECT count(*) AS customers,
       count(*) FILTER (WHERE c.orders >= 2) AS repeat_customers,
       round(count(*) FILTER (WHERE c.orders >= 2) * 100.0 / nullif(count(*), 0), 2) AS repeat_purchase_rate
  FROM (SELECT o.customer_id, count(*) AS orders FROM ${activeOrders} GROUP BY o.customer_id) c`,
    },
    withMonthLabel(
      {
        name: 'repeat_purchase_rate_by_cohort',
        comment:
          'Repeat-purchase rate per month of first order (reporting calendar): of the customers whose first non-cancelled order fell in the month, the share who ordered again at any time since.',
        columns: [
          { name: 'cohort_month', comment: reportingMonthComment('the first non-cancelled order') },
          { name: 'customers', comment: 'Customers in the cohort.' },
          { name: 'repeat_customers', comment: 'Of them, customers with two or more non-cancelled orders.' },
          {
            name: 'repeat_purchase_rate',
            comment: 'repeat_customers / customers x 100, percent, 2 decimals.',
          },
        ],
        query: `SELECT c.cohort_month, count(*) AS customers,
       count(*) FILTER (WHERE c.orders >= 2) AS repeat_customers,
       round(count(*) FILTER (WHERE c.orders >= 2) * 100.0 / count(*), 2) AS repeat_purchase_rate
  FROM (SELECT o.customer_id, bi.reporting_period_start(min(o.placed_at), 'month') AS cohort_month,
               count(*) AS orders
          FROM ${activeOrders} GROUP BY o.customer_id) c
 GROUP BY c.cohort_month`,
      },
      'cohort_month',
    ),
    {
      name: 'churned_customers',
      comment:
        'Customers churned now: no non-cancelled order in the last 180 days (any date: bi.churned_customers_as_of).',
      columns: [
        { name: 'customer_id', comment: 'Customer id.' },
        { name: 'first_order_at', comment: 'First non-cancelled order.' },
        { name: 'last_order_at', comment: 'Last non-cancelled order.' },
        { name: 'orders', comment: 'Non-cancelled orders placed.' },
        {
          name: 'days_since_last_order',
          comment: 'Days (of 24 h) since the last order, 2 decimals; >= 180.',
        },
      ],
      query: `SELECT * FROM ${s}.retention_churned_customers(now())`,
    },
    withMonthLabel(
      {
        name: 'cohort_retention_monthly',
        comment:
          'Monthly cohort matrix: cohort = month of first non-cancelled order (reporting calendar); one row per cohort and month since, up to the current month.',
        columns: [
          { name: 'cohort_month', comment: reportingMonthComment('the first non-cancelled order') },
          { name: 'months_since', comment: 'Months after the cohort month (0 = the cohort month itself).' },
          { name: 'cohort_customers', comment: 'Customers in the cohort.' },
          {
            name: 'active_customers',
            comment: 'Cohort customers with a non-cancelled order in month cohort_month + months_since.',
          },
          {
            name: 'active_share',
            comment: 'active_customers / cohort_customers x 100, percent, 2 decimals.',
          },
        ],
        // Months as indices of the reporting calendar (bi.calendar_period_index): month + k is index + k.
        query: `WITH activity AS (
  SELECT DISTINCT o.customer_id, bi.reporting_period_index(o.placed_at, 'month') AS month
    FROM ${activeOrders}
), cohorts AS (
  SELECT a.customer_id, min(a.month) AS cohort_month FROM activity a GROUP BY a.customer_id
), sizes AS (
  SELECT c.cohort_month, count(*) AS customers FROM cohorts c GROUP BY c.cohort_month
), active AS (
  SELECT c.cohort_month, a.month, count(*) AS customers
    FROM activity a JOIN cohorts c ON c.customer_id = a.customer_id
   GROUP BY c.cohort_month, a.month
), last_month AS (
  SELECT greatest(max(a.month), bi.reporting_period_index(now(), 'month')) AS month FROM activity a
)
SELECT (SELECT p.period_start FROM bi.reporting_period_of_index(z.cohort_month, 'month') p) AS cohort_month,
       k.months_since, z.customers AS cohort_customers,
       coalesce(act.customers, 0) AS active_customers,
       round(coalesce(act.customers, 0) * 100.0 / z.customers, 2) AS active_share
  FROM sizes z
 CROSS JOIN last_month l
 CROSS JOIN LATERAL generate_series(0, l.month - z.cohort_month) AS k(months_since)
  LEFT JOIN active act
    ON act.cohort_month = z.cohort_month
   AND act.month = z.cohort_month + k.months_since`,
      },
      'cohort_month',
    ),
  ];
}
