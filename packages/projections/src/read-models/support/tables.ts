import type { TableSpec } from '../shared/ddl';

/**
 * Support cases as BI reads them (DESIGN.md "Support cases"): one row per case, one per SLA
 * cycle, the CSAT given about cases and the customers' orders (for the repeat-purchase view).
 * Message bodies never come here: they are personal data, sealed in the log.
 */
export const supportTables: readonly TableSpec[] = [
  {
    name: 'support_case_states',
    comment:
      'Bookkeeping: each case as the domain folds it (status, SLA cycles and pauses, breaches; message ids, never bodies), so a batch continues where the last one left.',
    columns: [
      { name: 'case_id', type: 'text NOT NULL', comment: 'Case id.' },
      {
        name: 'state',
        type: 'jsonb NOT NULL',
        comment: "The domain's CaseState after the last event applied.",
      },
    ],
    constraints: ['PRIMARY KEY (case_id)'],
  },
  {
    name: 'support_cases',
    comment: 'One row per support case: channel, priority, status, assignee, times and reopenings.',
    columns: [
      { name: 'case_id', type: 'text NOT NULL', comment: 'Case id.' },
      { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer id.' },
      { name: 'channel', type: 'text NOT NULL', comment: 'email, phone, chat, web or social.' },
      { name: 'priority', type: 'text NOT NULL', comment: 'Current priority: low, normal, high or urgent.' },
      { name: 'status', type: 'text NOT NULL', comment: 'open, pending, solved or closed.' },
      { name: 'opened_at', type: 'timestamptz NOT NULL', comment: 'When the case was opened.' },
      {
        name: 'first_response_at',
        type: 'timestamptz',
        comment: 'First agent message after opening; NULL while unanswered.',
      },
      { name: 'first_solved_at', type: 'timestamptz', comment: 'First solution; NULL while never solved.' },
      { name: 'last_solved_at', type: 'timestamptz', comment: 'Latest solution (after reopenings).' },
      { name: 'closed_at', type: 'timestamptz', comment: 'When CaseClosed was recorded; NULL until then.' },
      { name: 'assignee', type: 'text', comment: 'agent:<id> or team:<id>; NULL while unassigned.' },
      { name: 'reopen_count', type: 'integer NOT NULL', comment: 'Times the case was reopened.' },
      {
        name: 'breaches',
        type: 'integer NOT NULL',
        comment: 'SlaBreached recorded on the case (all metrics).',
      },
      {
        name: 'escalated_from_feedback_id',
        type: 'text',
        comment: 'The feedback whose low score opened the case; NULL otherwise.',
      },
    ],
    constraints: ['PRIMARY KEY (case_id)'],
    indexes: [{ name: 'support_cases_customer', on: '(customer_id)' }],
  },
  {
    name: 'support_sla_cycles',
    comment:
      'One row per SLA cycle of a case: first response (1), next response (one per customer message while open), resolution (one per opening or reopening). Business time in the shop calendar of DESIGN.md.',
    columns: [
      { name: 'case_id', type: 'text NOT NULL', comment: 'Case id.' },
      { name: 'metric', type: 'text NOT NULL', comment: 'firstResponse, nextResponse or resolution.' },
      { name: 'cycle', type: 'integer NOT NULL', comment: '1, 2, ... per metric.' },
      { name: 'channel', type: 'text NOT NULL', comment: "The case's channel." },
      {
        name: 'priority',
        type: 'text NOT NULL',
        comment: 'Priority whose target applies (kept once stopped).',
      },
      { name: 'started_at', type: 'timestamptz NOT NULL', comment: 'When the clock started.' },
      { name: 'stopped_at', type: 'timestamptz', comment: 'Answer or solution; NULL while running.' },
      { name: 'target_minutes', type: 'integer NOT NULL', comment: 'Business minutes the target allows.' },
      {
        name: 'due_at',
        type: 'timestamptz',
        comment: 'When the target is used up; NULL while pending holds it.',
      },
      {
        name: 'business_seconds',
        type: 'bigint',
        comment: 'Business seconds from start to stop, less pending (resolution); NULL while running.',
      },
      {
        name: 'wall_seconds',
        type: 'bigint',
        comment: 'Wall-clock seconds of the same spans (pending left out); NULL while running.',
      },
      {
        name: 'outcome',
        type: 'text',
        comment:
          'met (stopped by due_at), breached (stopped late, or SlaBreached recorded), NULL while undecided.',
      },
    ],
    constraints: ['PRIMARY KEY (case_id, metric, cycle)'],
  },
  {
    name: 'support_case_feedback',
    comment: 'CSAT and NPS given about support cases (POST /v1/feedback with subject type case).',
    columns: [
      { name: 'feedback_id', type: 'text NOT NULL', comment: 'Feedback id.' },
      { name: 'case_id', type: 'text NOT NULL', comment: 'The case scored.' },
      { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer id.' },
      { name: 'csat', type: 'integer NOT NULL', comment: 'CSAT 1-5.' },
      { name: 'nps', type: 'integer', comment: 'NPS 0-10; NULL when not given.' },
      { name: 'submitted_at', type: 'timestamptz NOT NULL', comment: 'When it was given.' },
    ],
    constraints: ['PRIMARY KEY (feedback_id)'],
  },
  {
    name: 'support_orders',
    comment: "Customers' orders, for the repeat purchases after a solved case.",
    columns: [
      { name: 'order_id', type: 'text NOT NULL', comment: 'Order id.' },
      { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer id.' },
      { name: 'placed_at', type: 'timestamptz NOT NULL', comment: 'When the order was placed.' },
      { name: 'cancelled_at', type: 'timestamptz', comment: 'When it was cancelled; NULL otherwise.' },
    ],
    constraints: ['PRIMARY KEY (order_id)'],
    indexes: [{ name: 'support_orders_customer', on: '(customer_id, placed_at)' }],
  },
];
