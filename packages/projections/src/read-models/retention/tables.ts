import { type Column, type ReadModelTable, readModelTable } from '../shared/table';

/** A column written by the event that creates its row, and never after. */
const created = (name: string, type: string, comment: string): Column => ({
  name,
  type,
  comment,
  merge: 'created',
});

/**
 * Compact facts for retention metrics: one row per order, order line, return, returned line,
 * repair and feedback. Every metric is a view over these (metrics.ts), so no counter can drift.
 * Each column is declared here once: its type, its comment for BI, and how events write it;
 * `collect.ts` says which event writes what.
 */
export const ordersTable: ReadModelTable = readModelTable({
  name: 'retention_orders',
  comment: 'One row per order: who, when placed, and how delivery went.',
  key: ['order_id'],
  columns: [
    created('order_id', 'text NOT NULL', 'Order id.'),
    created('customer_id', 'text NOT NULL', 'Customer who placed the order.'),
    created('currency', 'text NOT NULL', 'ISO 4217 currency of the order.'),
    created('placed_at', 'timestamptz NOT NULL', 'Business time the order was placed.'),
    {
      name: 'shipped_at',
      type: 'timestamptz',
      comment: 'When it was first shipped (NULL: not shipped).',
      merge: 'first',
    },
    {
      name: 'promised_delivery_at',
      type: 'timestamptz',
      comment: 'The promised date: the FIRST estimated delivery given at shipping.',
      merge: 'first',
    },
    {
      name: 'latest_estimated_delivery_at',
      type: 'timestamptz',
      comment: 'The latest estimate after any ShipmentDelayed revisions.',
      merge: 'last',
    },
    {
      name: 'delivered_at',
      type: 'timestamptz',
      comment: 'When it was delivered (NULL: not delivered).',
      merge: 'last',
    },
    {
      name: 'cancelled_at',
      type: 'timestamptz',
      comment: 'When it was cancelled (NULL: not cancelled).',
      merge: 'last',
    },
    {
      name: 'is_cancelled',
      type: 'boolean GENERATED ALWAYS AS (cancelled_at IS NOT NULL) STORED',
      comment: 'True when cancelled; cancelled orders are left out of every retention metric.',
    },
  ],
  // Every order is updated after insert (shipped, delivered): room for in-place updates.
  storage: 'fillfactor = 50',
});

export const orderLinesTable: ReadModelTable = readModelTable({
  name: 'retention_order_lines',
  comment: 'One row per order line as placed.',
  key: ['order_id', 'line_no'],
  columns: [
    created('order_id', 'text NOT NULL', 'Order id (retention_orders.order_id).'),
    created('line_no', 'integer NOT NULL', '1-based line number within the order.'),
    created('sku', 'text NOT NULL', 'Stock keeping unit.'),
    created('category', 'text NOT NULL', 'Product category.'),
    created('qty', 'integer NOT NULL', 'Units ordered.'),
    created('unit_price', 'bigint NOT NULL', 'Unit price in minor currency units.'),
  ],
});

export const returnsTable: ReadModelTable = readModelTable({
  name: 'retention_returns',
  comment: 'One row per return request and how it ended.',
  key: ['return_id'],
  columns: [
    created('return_id', 'text NOT NULL', 'Return id.'),
    created('order_id', 'text NOT NULL', 'Order the items came from.'),
    created('customer_id', 'text NOT NULL', 'Customer who asked for the return.'),
    created(
      'requested_resolution',
      'text NOT NULL',
      'What the customer asked for: refund, exchange or store-credit.',
    ),
    created('requested_at', 'timestamptz NOT NULL', 'When the return was requested.'),
    {
      name: 'approved_at',
      type: 'timestamptz',
      comment: 'When it was approved (NULL: not approved).',
      merge: 'last',
    },
    {
      name: 'rejected_at',
      type: 'timestamptz',
      comment: 'When it was rejected (NULL: not rejected).',
      merge: 'last',
    },
    {
      name: 'resolved_at',
      type: 'timestamptz',
      comment:
        'When a line of it was last refunded, exchanged or credited (NULL: none yet). A return of several lines is closed only when every received line is settled: see retention_return_items.settled_at.',
      merge: 'last',
    },
    {
      name: 'resolved_as',
      type: 'text',
      comment: 'refund, exchange or store-credit: the last settlement so far.',
      merge: 'last',
    },
    {
      name: 'rest_settled_at',
      type: 'timestamptz',
      comment:
        'When an exchange or store credit without a list of lines (release 1) settled every received line not settled before it.',
      merge: 'first',
    },
    {
      name: 'replacement_order_id',
      type: 'text',
      comment: 'Order that ships the replacement of an exchange; not counted as a repeat purchase.',
      merge: 'last',
    },
  ],
  storage: 'fillfactor = 70',
  indexes: [{ name: 'retention_returns_customer_idx', on: '(customer_id)' }],
});

export const returnItemsTable: ReadModelTable = readModelTable({
  name: 'retention_return_items',
  comment: 'One row per order line in a return request, with the units asked for and received back.',
  key: ['return_id', 'line_no'],
  columns: [
    created('return_id', 'text NOT NULL', 'Return id (retention_returns.return_id).'),
    created('line_no', 'integer NOT NULL', 'Order line returned.'),
    created('order_id', 'text NOT NULL', 'Order of the line.'),
    created('sku', 'text NOT NULL', 'Stock keeping unit of the line.'),
    created('category', 'text NOT NULL', 'Product category of the line.'),
    created(
      'reason',
      'text NOT NULL',
      'Reason code: damaged, defective, wrong-item, not-as-described, size-or-fit, changed-mind, late-delivery or other (the free text is never here).',
    ),
    created('requested_qty', 'integer NOT NULL', 'Units the customer asked to return.'),
    {
      name: 'received_qty',
      type: 'integer NOT NULL DEFAULT 0',
      comment: 'Units physically received back (sum over ReturnItemsReceived).',
      merge: 'add',
    },
    {
      name: 'settled_at',
      type: 'timestamptz',
      comment:
        'When this line was refunded, exchanged or credited (NULL: not by a settlement naming it; see retention_returns.rest_settled_at).',
      merge: 'first',
    },
    {
      name: 'settled_as',
      type: 'text',
      comment: 'refund, exchange or store-credit, once this line is settled by a settlement naming it.',
      merge: 'first',
    },
  ],
  storage: 'fillfactor = 70',
});

export const repairsTable: ReadModelTable = readModelTable({
  name: 'retention_repairs',
  comment: 'One row per repair request and its outcome.',
  key: ['repair_id'],
  columns: [
    created('repair_id', 'text NOT NULL', 'Repair id.'),
    created('order_id', 'text NOT NULL', 'Order of the item.'),
    created('customer_id', 'text NOT NULL', 'Customer who asked for the repair.'),
    created('line_no', 'integer NOT NULL', 'Order line of the item.'),
    created('sku', 'text NOT NULL', 'Stock keeping unit of the item.'),
    created('category', 'text NOT NULL', 'Product category of the item.'),
    created(
      'in_warranty',
      'boolean NOT NULL',
      'Covered at request time (product warranty or repair warranty), derived from history.',
    ),
    created('coverage_basis', 'text NOT NULL', 'product-warranty, repair-warranty or none.'),
    created('requested_at', 'timestamptz NOT NULL', 'When the repair was requested.'),
    {
      name: 'completed_at',
      type: 'timestamptz',
      comment: 'When it was completed (NULL: not completed).',
      merge: 'last',
    },
    {
      name: 'outcome',
      type: 'text',
      comment: 'repaired, replaced, refunded or unrepairable, once completed.',
      merge: 'last',
    },
    {
      name: 'cancelled_at',
      type: 'timestamptz',
      comment: 'When it was cancelled (NULL: not cancelled).',
      merge: 'last',
    },
  ],
  storage: 'fillfactor = 70',
  indexes: [{ name: 'retention_repairs_customer_idx', on: '(customer_id)' }],
});

export const feedbackTable: ReadModelTable = readModelTable({
  name: 'retention_feedback',
  comment: 'One row per feedback response (one per subject).',
  key: ['feedback_id'],
  columns: [
    created('feedback_id', 'text NOT NULL', 'Feedback id.'),
    created('customer_id', 'text NOT NULL', 'Customer who answered.'),
    created('subject_type', 'text NOT NULL', 'What it is about: order, return or repair.'),
    created('subject_id', 'text NOT NULL', 'Id of the order, return or repair.'),
    created('csat', 'smallint NOT NULL', 'Customer satisfaction score, 1 to 5.'),
    created('nps', 'smallint', 'Likelihood to recommend, 0 to 10 (NULL: not given).'),
    created('has_comment', 'boolean NOT NULL', 'A comment was given (its text is not kept here).'),
    created('submitted_at', 'timestamptz NOT NULL', 'When the feedback was submitted.'),
  ],
  indexes: [{ name: 'retention_feedback_subject_idx', on: '(subject_type, subject_id)' }],
});

/** In the order their rows are written (an order before its lines, a return before its items). */
export const retentionModelTables: readonly ReadModelTable[] = [
  ordersTable,
  orderLinesTable,
  returnsTable,
  returnItemsTable,
  repairsTable,
  feedbackTable,
];

/** The tables' DDL specs, for the schema and the data dictionary. */
export const retentionTables = retentionModelTables.map((table) => table.spec);
