import type { TableSpec } from '../shared/ddl';

/**
 * Compact facts for retention metrics: one row per order, order line, return, returned line,
 * repair and feedback. Every metric is a view over these (metrics.ts), so no counter can drift.
 */
export const retentionTables: readonly TableSpec[] = [
  {
    name: 'retention_orders',
    comment: 'One row per order: who, when placed, and how delivery went.',
    columns: [
      { name: 'order_id', type: 'text NOT NULL', comment: 'Order id.' },
      { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer who placed the order.' },
      { name: 'currency', type: 'text NOT NULL', comment: 'ISO 4217 currency of the order.' },
      { name: 'placed_at', type: 'timestamptz NOT NULL', comment: 'Business time the order was placed.' },
      { name: 'shipped_at', type: 'timestamptz', comment: 'When it was first shipped (NULL: not shipped).' },
      {
        name: 'promised_delivery_at',
        type: 'timestamptz',
        comment: 'The promised date: the FIRST estimated delivery given at shipping.',
      },
      {
        name: 'latest_estimated_delivery_at',
        type: 'timestamptz',
        comment: 'The latest estimate after any ShipmentDelayed revisions.',
      },
      { name: 'delivered_at', type: 'timestamptz', comment: 'When it was delivered (NULL: not delivered).' },
      { name: 'cancelled_at', type: 'timestamptz', comment: 'When it was cancelled (NULL: not cancelled).' },
      {
        name: 'is_cancelled',
        type: 'boolean GENERATED ALWAYS AS (cancelled_at IS NOT NULL) STORED',
        comment: 'True when cancelled; cancelled orders are left out of every retention metric.',
      },
    ],
    constraints: ['PRIMARY KEY (order_id)'],
    // Every order is updated after insert (shipped, delivered): room for in-place updates.
    storage: 'fillfactor = 50',
  },
  {
    name: 'retention_order_lines',
    comment: 'One row per order line as placed.',
    columns: [
      { name: 'order_id', type: 'text NOT NULL', comment: 'Order id (retention_orders.order_id).' },
      { name: 'line_no', type: 'integer NOT NULL', comment: '1-based line number within the order.' },
      { name: 'sku', type: 'text NOT NULL', comment: 'Stock keeping unit.' },
      { name: 'category', type: 'text NOT NULL', comment: 'Product category.' },
      { name: 'qty', type: 'integer NOT NULL', comment: 'Units ordered.' },
      { name: 'unit_price', type: 'bigint NOT NULL', comment: 'Unit price in minor currency units.' },
    ],
    constraints: ['PRIMARY KEY (order_id, line_no)'],
  },
  {
    name: 'retention_returns',
    comment: 'One row per return request and how it ended.',
    columns: [
      { name: 'return_id', type: 'text NOT NULL', comment: 'Return id.' },
      { name: 'order_id', type: 'text NOT NULL', comment: 'Order the items came from.' },
      { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer who asked for the return.' },
      {
        name: 'requested_resolution',
        type: 'text NOT NULL',
        comment: 'What the customer asked for: refund, exchange or store-credit.',
      },
      { name: 'requested_at', type: 'timestamptz NOT NULL', comment: 'When the return was requested.' },
      { name: 'approved_at', type: 'timestamptz', comment: 'When it was approved (NULL: not approved).' },
      { name: 'rejected_at', type: 'timestamptz', comment: 'When it was rejected (NULL: not rejected).' },
      {
        name: 'resolved_at',
        type: 'timestamptz',
        comment: 'When it was refunded, exchanged or credited (NULL: not yet).',
      },
      { name: 'resolved_as', type: 'text', comment: 'refund, exchange or store-credit, once resolved.' },
      {
        name: 'replacement_order_id',
        type: 'text',
        comment: 'Order that ships the replacement of an exchange; not counted as a repeat purchase.',
      },
    ],
    constraints: ['PRIMARY KEY (return_id)'],
    storage: 'fillfactor = 70',
    indexes: [{ name: 'retention_returns_customer_idx', on: '(customer_id)' }],
  },
  {
    name: 'retention_return_items',
    comment: 'One row per order line in a return request, with the units asked for and received back.',
    columns: [
      { name: 'return_id', type: 'text NOT NULL', comment: 'Return id (retention_returns.return_id).' },
      { name: 'line_no', type: 'integer NOT NULL', comment: 'Order line returned.' },
      { name: 'order_id', type: 'text NOT NULL', comment: 'Order of the line.' },
      { name: 'sku', type: 'text NOT NULL', comment: 'Stock keeping unit of the line.' },
      { name: 'category', type: 'text NOT NULL', comment: 'Product category of the line.' },
      { name: 'requested_qty', type: 'integer NOT NULL', comment: 'Units the customer asked to return.' },
      {
        name: 'received_qty',
        type: 'integer NOT NULL DEFAULT 0',
        comment: 'Units physically received back (sum over ReturnItemsReceived).',
      },
    ],
    constraints: ['PRIMARY KEY (return_id, line_no)'],
    storage: 'fillfactor = 70',
  },
  {
    name: 'retention_repairs',
    comment: 'One row per repair request and its outcome.',
    columns: [
      { name: 'repair_id', type: 'text NOT NULL', comment: 'Repair id.' },
      { name: 'order_id', type: 'text NOT NULL', comment: 'Order of the item.' },
      { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer who asked for the repair.' },
      { name: 'line_no', type: 'integer NOT NULL', comment: 'Order line of the item.' },
      { name: 'sku', type: 'text NOT NULL', comment: 'Stock keeping unit of the item.' },
      { name: 'category', type: 'text NOT NULL', comment: 'Product category of the item.' },
      {
        name: 'in_warranty',
        type: 'boolean NOT NULL',
        comment: 'Covered at request time (product warranty or repair warranty), derived from history.',
      },
      {
        name: 'coverage_basis',
        type: 'text NOT NULL',
        comment: 'product-warranty, repair-warranty or none.',
      },
      { name: 'requested_at', type: 'timestamptz NOT NULL', comment: 'When the repair was requested.' },
      { name: 'completed_at', type: 'timestamptz', comment: 'When it was completed (NULL: not completed).' },
      {
        name: 'outcome',
        type: 'text',
        comment: 'repaired, replaced, refunded or unrepairable, once completed.',
      },
      { name: 'cancelled_at', type: 'timestamptz', comment: 'When it was cancelled (NULL: not cancelled).' },
    ],
    constraints: ['PRIMARY KEY (repair_id)'],
    storage: 'fillfactor = 70',
    indexes: [{ name: 'retention_repairs_customer_idx', on: '(customer_id)' }],
  },
  {
    name: 'retention_feedback',
    comment: 'One row per feedback response (one per subject).',
    columns: [
      { name: 'feedback_id', type: 'text NOT NULL', comment: 'Feedback id.' },
      { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer who answered.' },
      { name: 'subject_type', type: 'text NOT NULL', comment: 'What it is about: order, return or repair.' },
      { name: 'subject_id', type: 'text NOT NULL', comment: 'Id of the order, return or repair.' },
      { name: 'csat', type: 'smallint NOT NULL', comment: 'Customer satisfaction score, 1 to 5.' },
      { name: 'nps', type: 'smallint', comment: 'Likelihood to recommend, 0 to 10 (NULL: not given).' },
      {
        name: 'has_comment',
        type: 'boolean NOT NULL',
        comment: 'A comment was given (its text is not kept here).',
      },
      { name: 'submitted_at', type: 'timestamptz NOT NULL', comment: 'When the feedback was submitted.' },
    ],
    constraints: ['PRIMARY KEY (feedback_id)'],
    indexes: [{ name: 'retention_feedback_subject_idx', on: '(subject_type, subject_id)' }],
  },
];
