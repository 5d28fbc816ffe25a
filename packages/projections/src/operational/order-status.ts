import type { DomainEventOf } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import { BI_SCHEMA, moneyFunctions } from '../read-models/shared/bi';
import { ident, runAll, tableDdl, type ViewSpec, viewDdl } from '../read-models/shared/ddl';
import { domainEventsOf } from '../read-models/shared/events';
import type { Projection } from '../runner/projection';
import { entityTable } from './entity-table';
import { PatchFolder, upsertPatches } from './upsert';

const EVENT_TYPES = [
  'OrderPlaced',
  'OrderShipped',
  'ShipmentDelayed',
  'OrderDelivered',
  'OrderCancelled',
] as const;
type OrderStatusEvent = DomainEventOf<(typeof EVENT_TYPES)[number]>;
const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

export const orderStatusTable = entityTable(
  'order_status',
  'One row per order: where it stands, the promised delivery date against the latest estimate, and whether it arrived on time.',
  { name: 'order_id', type: 'text', comment: 'Order id.' },
  [
    { name: 'customer_id', type: 'text NOT NULL', merge: 'first', comment: 'Customer who placed the order.' },
    {
      name: 'status',
      type: 'text NOT NULL',
      merge: 'last',
      comment: 'placed, shipped, delayed (a later estimate was announced), delivered or cancelled.',
    },
    {
      name: 'placed_at',
      type: 'timestamptz',
      merge: 'first',
      comment: 'When the order was placed (business time, UTC).',
    },
    { name: 'currency', type: 'text', merge: 'first', comment: 'ISO 4217 currency of the order.' },
    { name: 'line_count', type: 'integer', merge: 'first', comment: 'Number of order lines.' },
    { name: 'item_count', type: 'integer', merge: 'first', comment: 'Units ordered over all lines.' },
    {
      name: 'order_total_minor',
      type: 'bigint',
      merge: 'first',
      comment: 'Order value in integer minor units of currency (sum of qty × unit price).',
    },
    {
      name: 'shipped_at',
      type: 'timestamptz',
      merge: 'first',
      comment: 'When the order was handed to the carrier.',
    },
    { name: 'carrier', type: 'text', merge: 'first', comment: 'Carrier name.' },
    {
      name: 'promised_delivery_at',
      type: 'timestamptz',
      merge: 'first',
      comment: 'Estimated delivery as first promised at shipping; never revised.',
    },
    {
      name: 'latest_estimated_delivery_at',
      type: 'timestamptz',
      merge: 'last',
      comment: 'Latest delivery estimate (the promise, or the newest revision after delays).',
    },
    {
      name: 'delay_count',
      type: 'integer NOT NULL DEFAULT 0',
      merge: 'add',
      comment: 'How many times the delivery estimate was pushed back.',
    },
    {
      name: 'delivered_at',
      type: 'timestamptz',
      merge: 'first',
      comment: 'When the order was delivered; NULL if not yet.',
    },
    {
      name: 'cancelled_at',
      type: 'timestamptz',
      merge: 'first',
      comment: 'When the order was cancelled; NULL if not.',
    },
    {
      name: 'delivered_on_time',
      type: 'boolean GENERATED ALWAYS AS (delivered_at <= promised_delivery_at) STORED',
      comment:
        'True when delivered no later than the promised date; NULL while undelivered or never shipped.',
    },
    {
      name: 'last_event_at',
      type: 'timestamptz',
      merge: 'last',
      comment: 'Business time of the latest event applied.',
    },
  ],
  [{ name: 'order_status_customer_idx', on: '(customer_id)' }],
);

function patchOf(event: OrderStatusEvent) {
  switch (event.type) {
    case 'OrderPlaced': {
      const { lines } = event.data;
      return {
        customer_id: event.data.customerId,
        status: 'placed',
        placed_at: event.data.placedAt,
        currency: event.data.currency,
        line_count: lines.length,
        item_count: lines.reduce((sum, line) => sum + line.qty, 0),
        order_total_minor: lines.reduce((sum, line) => sum + line.qty * line.unitPrice, 0),
        last_event_at: event.data.placedAt,
      };
    }
    case 'OrderShipped':
      return {
        customer_id: event.data.customerId,
        status: 'shipped',
        shipped_at: event.data.shippedAt,
        carrier: event.data.carrier,
        promised_delivery_at: event.data.estimatedDeliveryAt,
        latest_estimated_delivery_at: event.data.estimatedDeliveryAt,
        last_event_at: event.data.shippedAt,
      };
    case 'ShipmentDelayed':
      return {
        customer_id: event.data.customerId,
        status: 'delayed',
        latest_estimated_delivery_at: event.data.newEstimatedDeliveryAt,
        delay_count: 1,
        last_event_at: event.data.delayedAt,
      };
    case 'OrderDelivered':
      return {
        customer_id: event.data.customerId,
        status: 'delivered',
        delivered_at: event.data.deliveredAt,
        last_event_at: event.data.deliveredAt,
      };
    case 'OrderCancelled':
      return {
        customer_id: event.data.customerId,
        status: 'cancelled',
        cancelled_at: event.data.cancelledAt,
        last_event_at: event.data.cancelledAt,
      };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** The `bi` view over the order status table. */
export const orderStatusView = (schema: string): ViewSpec => ({
  name: 'ops_order_status',
  comment:
    'Order status for operations: promised versus latest delivery estimate, on-time flag, overdue flag.',
  columns: [
    { name: 'order_id', comment: 'Order id.' },
    { name: 'customer_id', comment: 'Customer id.' },
    { name: 'status', comment: 'placed, shipped, delayed, delivered or cancelled.' },
    { name: 'placed_at', comment: 'When the order was placed.' },
    { name: 'currency', comment: 'ISO 4217 currency.' },
    { name: 'order_total_minor', comment: 'Order value in integer minor units of currency.' },
    { name: 'shipped_at', comment: 'When shipped.' },
    { name: 'carrier', comment: 'Carrier name.' },
    { name: 'promised_delivery_at', comment: 'First promised delivery estimate.' },
    { name: 'latest_estimated_delivery_at', comment: 'Latest delivery estimate.' },
    { name: 'estimate_slip_days', comment: 'Latest estimate minus promise, in days.' },
    { name: 'delay_count', comment: 'Number of announced delays.' },
    { name: 'delivered_at', comment: 'When delivered.' },
    { name: 'cancelled_at', comment: 'When cancelled.' },
    { name: 'delivered_on_time', comment: 'Delivered no later than promised.' },
    {
      name: 'overdue',
      comment: 'Shipped, not delivered or cancelled, and past the latest estimate now.',
    },
    {
      name: 'order_total',
      comment: 'Order value in whole units of currency, by its ISO 4217 exponent (bi.money_amount).',
    },
  ],
  query: `SELECT order_id, customer_id, status, placed_at, currency,
       order_total_minor, shipped_at, carrier,
       promised_delivery_at, latest_estimated_delivery_at,
       round((extract(epoch FROM latest_estimated_delivery_at - promised_delivery_at) / 86400)::numeric, 2)
         AS estimate_slip_days,
       delay_count, delivered_at, cancelled_at, delivered_on_time,
       (shipped_at IS NOT NULL AND delivered_at IS NULL AND cancelled_at IS NULL
         AND latest_estimated_delivery_at < now()) AS overdue,
       ${BI_SCHEMA}.money_amount(order_total_minor, currency) AS order_total
  FROM ${ident(schema)}.order_status`,
});

/** Operations read model: order status with promised versus latest delivery estimate. */
export const orderStatusProjection: Projection = {
  name: 'ops_order_status',
  version: 1,
  onError: 'stop',
  filter: { eventTypes: EVENT_TYPES },
  async setup(client: PoolClient, schema: string) {
    await runAll(client, tableDdl(schema, orderStatusTable.spec));
  },
  async apply(client: PoolClient, events: readonly RecordedEvent[], schema: string) {
    const folder = new PatchFolder(orderStatusTable.key.name, orderStatusTable.columns);
    for (const event of domainEventsOf<(typeof EVENT_TYPES)[number]>(events, eventTypeSet)) {
      folder.add(event.data.orderId, patchOf(event));
    }
    await upsertPatches(
      client,
      schema,
      orderStatusTable.spec.name,
      orderStatusTable.key,
      orderStatusTable.columns,
      folder.values(),
    );
  },
  views(schema: string) {
    // The money functions first: the view calls them. It lives with this projection alone, so two
    // runners never race to replace it.
    return [...moneyFunctions(), ...viewDdl(BI_SCHEMA, orderStatusView(schema))];
  },
};
