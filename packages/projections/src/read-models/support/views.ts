import { BI_SCHEMA, createBiSchema } from '../shared/bi';
import { ident, type ViewSpec, viewDdl } from '../shared/ddl';
import { reportingMonth as month, reportingMonthComment, withMonthLabel } from '../shared/reporting-calendar';

const hours = (seconds: string, p: number) =>
  `round((percentile_cont(${p}) WITHIN GROUP (ORDER BY ${seconds} / 3600.0))::numeric, 2)`;
const all = (column: string) => `CASE WHEN grouping(${column}) = 1 THEN 'all' ELSE ${column} END`;

/** The support figures of DESIGN.md "Support cases" for BI, over the tables in `schema`. */
export function supportCatalogViews(schema: string): ViewSpec[] {
  const s = ident(schema);
  const views: ViewSpec[] = [
    {
      name: 'support_response_times',
      comment:
        'First response, next response and resolution times per month in which the clock stopped (an answer or a solution), by channel and priority; all = every channel or priority. Business hours in the shop calendar, wall-clock hours of the same spans; resolution leaves out time pending.',
      columns: [
        { name: 'metric', comment: 'firstResponse, nextResponse or resolution.' },
        { name: 'month', comment: reportingMonthComment('the clock stopping') },
        { name: 'channel', comment: 'Case channel, or all.' },
        { name: 'priority', comment: 'Priority whose target applied, or all.' },
        { name: 'cycles', comment: 'Stopped cycles measured.' },
        {
          name: 'median_business_hours',
          comment: 'Continuous percentile 0.5 of business hours, 2 decimals.',
        },
        { name: 'p90_business_hours', comment: 'Continuous percentile 0.9 of business hours, 2 decimals.' },
        { name: 'median_wall_hours', comment: 'Continuous percentile 0.5 of wall-clock hours, 2 decimals.' },
        { name: 'p90_wall_hours', comment: 'Continuous percentile 0.9 of wall-clock hours, 2 decimals.' },
      ],
      query: `SELECT c.metric, c.month, ${all('c.channel')} AS channel,
       ${all('c.priority')} AS priority, count(*) AS cycles,
       ${hours('c.business_seconds', 0.5)} AS median_business_hours,
       ${hours('c.business_seconds', 0.9)} AS p90_business_hours,
       ${hours('c.wall_seconds', 0.5)} AS median_wall_hours,
       ${hours('c.wall_seconds', 0.9)} AS p90_wall_hours
  FROM (SELECT y.*, ${month('y.stopped_at')} AS month FROM ${s}.support_sla_cycles y
         WHERE y.stopped_at IS NOT NULL) c
 GROUP BY GROUPING SETS ((c.metric, c.month, c.channel, c.priority), (c.metric, c.month, c.channel),
                         (c.metric, c.month, c.priority), (c.metric, c.month))`,
    },
    {
      name: 'support_sla_attainment',
      comment:
        'SLA attainment per metric and month of the due instant: targets met / targets decided x 100. A target is decided once its clock stopped or its breach was recorded.',
      columns: [
        { name: 'metric', comment: 'firstResponse, nextResponse or resolution.' },
        { name: 'month', comment: reportingMonthComment('the due instant') },
        { name: 'targets', comment: 'Decided targets (met or breached).' },
        { name: 'met', comment: 'Stopped at or before the due instant.' },
        { name: 'breached', comment: 'Stopped late, or still running with SlaBreached recorded.' },
        { name: 'attainment', comment: 'met / targets x 100, percent, 2 decimals.' },
      ],
      query: `SELECT c.metric, ${month('c.due_at')} AS month, count(*) AS targets,
       count(*) FILTER (WHERE c.outcome = 'met') AS met,
       count(*) FILTER (WHERE c.outcome = 'breached') AS breached,
       round(count(*) FILTER (WHERE c.outcome = 'met') * 100.0 / count(*), 2) AS attainment
  FROM ${s}.support_sla_cycles c
 WHERE c.outcome IS NOT NULL
 GROUP BY 1, 2`,
    },
    {
      name: 'support_backlog',
      comment:
        'Open and pending cases now, by priority, assignee and age since opening (wall clock): under 1 day, 1-3 days, 3-7 days, 7 days or more.',
      columns: [
        { name: 'priority', comment: 'Current priority.' },
        { name: 'assignee', comment: "agent:<id>, team:<id> or 'unassigned'." },
        { name: 'age_bucket', comment: "'< 1 d', '1-3 d', '3-7 d' or '>= 7 d'." },
        { name: 'cases', comment: 'Cases open or pending.' },
        { name: 'pending', comment: 'Of them, waiting for the customer.' },
        { name: 'oldest_opened_at', comment: 'Opening of the oldest of them.' },
      ],
      query: `SELECT c.priority, coalesce(c.assignee, 'unassigned') AS assignee,
       CASE WHEN now() - c.opened_at < interval '1 day' THEN '< 1 d'
            WHEN now() - c.opened_at < interval '3 days' THEN '1-3 d'
            WHEN now() - c.opened_at < interval '7 days' THEN '3-7 d'
            ELSE '>= 7 d' END AS age_bucket,
       count(*) AS cases, count(*) FILTER (WHERE c.status = 'pending') AS pending,
       min(c.opened_at) AS oldest_opened_at
  FROM ${s}.support_cases c
 WHERE c.status IN ('open', 'pending')
 GROUP BY 1, 2, 3`,
    },
    {
      name: 'support_reopen_rate',
      comment:
        'Reopen rate per month of the first solution: solved cases later reopened / solved cases x 100.',
      columns: [
        { name: 'month', comment: reportingMonthComment('the first solution') },
        { name: 'cases_solved', comment: 'Cases solved for the first time in the month.' },
        { name: 'reopened', comment: 'Of them, reopened at least once (a customer reply or an agent).' },
        { name: 'reopen_rate', comment: 'reopened / cases_solved x 100, percent, 2 decimals.' },
      ],
      query: `SELECT ${month('c.first_solved_at')} AS month, count(*) AS cases_solved,
       count(*) FILTER (WHERE c.reopen_count > 0) AS reopened,
       round(count(*) FILTER (WHERE c.reopen_count > 0) * 100.0 / count(*), 2) AS reopen_rate
  FROM ${s}.support_cases c
 WHERE c.first_solved_at IS NOT NULL
 GROUP BY 1`,
    },
    {
      name: 'support_csat',
      comment:
        'CSAT of support cases per month of submission and channel (all = every channel): % of responses scoring 4 or 5.',
      columns: [
        { name: 'month', comment: reportingMonthComment('submission') },
        { name: 'channel', comment: "The case's channel, or all." },
        { name: 'responses', comment: 'Feedback responses about cases.' },
        { name: 'satisfied', comment: 'Responses with CSAT 4 or 5.' },
        { name: 'csat', comment: 'satisfied / responses x 100, percent, 2 decimals.' },
        { name: 'avg_csat', comment: 'Mean CSAT 1-5, 2 decimals.' },
      ],
      query: `SELECT f.month, ${all('f.channel')} AS channel, count(*) AS responses,
       count(*) FILTER (WHERE f.csat >= 4) AS satisfied,
       round(count(*) FILTER (WHERE f.csat >= 4) * 100.0 / count(*), 2) AS csat,
       round(avg(f.csat), 2) AS avg_csat
  FROM (SELECT ${month('b.submitted_at')} AS month, c.channel, b.csat
          FROM ${s}.support_case_feedback b JOIN ${s}.support_cases c ON c.case_id = b.case_id) f
 GROUP BY GROUPING SETS ((f.month, f.channel), (f.month))`,
    },
    {
      name: 'support_repeat_purchase',
      comment:
        'Does fast support keep customers? For each solved case whose 90 days after its first solution have passed: did the customer place a non-cancelled order within those 90 days, split by whether every SLA target of the case decided so far was met or any was breached.',
      columns: [
        { name: 'sla_outcome', comment: 'met (no target breached) or breached (at least one).' },
        { name: 'cases', comment: 'Solved cases whose 90-day window has ended.' },
        {
          name: 'repeat_cases',
          comment: 'Of them, followed by an order within 90 days of the first solution.',
        },
        { name: 'repeat_purchase_rate', comment: 'repeat_cases / cases x 100, percent, 2 decimals.' },
      ],
      query: `WITH judged AS (
  SELECT c.case_id,
         CASE WHEN EXISTS (SELECT 1 FROM ${s}.support_sla_cycles y
                            WHERE y.case_id = c.case_id AND y.outcome = 'breached')
              THEN 'breached' ELSE 'met' END AS sla_outcome,
         EXISTS (SELECT 1 FROM ${s}.support_orders o
                  WHERE o.customer_id = c.customer_id AND o.cancelled_at IS NULL
                    AND o.placed_at > c.first_solved_at
                    AND o.placed_at <= c.first_solved_at + interval '90 days') AS repeated
    FROM ${s}.support_cases c
   WHERE c.first_solved_at IS NOT NULL AND c.first_solved_at + interval '90 days' <= now()
)
SELECT j.sla_outcome, count(*) AS cases, count(*) FILTER (WHERE j.repeated) AS repeat_cases,
       round(count(*) FILTER (WHERE j.repeated) * 100.0 / count(*), 2) AS repeat_purchase_rate
  FROM judged j
 GROUP BY 1`,
    },
  ];
  // Every monthly view also names its month in the reporting calendar.
  return views.map((view) => (view.columns.some((c) => c.name === 'month') ? withMonthLabel(view) : view));
}

export function supportViews(schema: string): string[] {
  return [createBiSchema, ...supportCatalogViews(schema).flatMap((view) => viewDdl(BI_SCHEMA, view))];
}
