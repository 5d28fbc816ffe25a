import type { DomainEventOf } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import { BI_SCHEMA } from '../read-models/shared/bi';
import { ident, runAll, tableDdl, type ViewSpec, viewDdl } from '../read-models/shared/ddl';
import { domainEventsOf } from '../read-models/shared/events';
import type { Projection } from '../runner/projection';
import { entityTable, type OpsColumn } from './entity-table';
import { type Patch, PatchFolder, upsertPatches } from './upsert';

const RETURN_TYPES = [
  'ReturnRequested',
  'ReturnApproved',
  'ReturnRejected',
  'ReturnItemsReceived',
  'ReturnRefunded',
  'ReturnExchanged',
  'ReturnStoreCredited',
] as const;
const REPAIR_TYPES = [
  'RepairRequested',
  'RepairQuoted',
  'RepairQuoteAccepted',
  'RepairQuoteDeclined',
  'RepairCompleted',
  'RepairCancelled',
] as const;
const EVENT_TYPES = [...RETURN_TYPES, ...REPAIR_TYPES] as const;
type CaseEventType = (typeof EVENT_TYPES)[number];
const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

const common = (kind: string): OpsColumn[] => [
  { name: 'order_id', type: 'text', merge: 'first', comment: `Order the ${kind} is about.` },
  { name: 'customer_id', type: 'text', merge: 'first', comment: 'Customer id.' },
  {
    name: 'status',
    type: 'text',
    merge: 'last',
    comment: `Current step of the ${kind} (see table comment).`,
  },
  { name: 'requested_at', type: 'timestamptz', merge: 'first', comment: `When the ${kind} was opened.` },
  {
    name: 'closed_at',
    type: 'timestamptz',
    merge: 'first',
    comment: `When the ${kind} was closed; NULL while open.`,
  },
  {
    name: 'is_open',
    type: 'boolean GENERATED ALWAYS AS (closed_at IS NULL) STORED',
    comment: `True while the ${kind} is open.`,
  },
  {
    name: 'last_event_at',
    type: 'timestamptz',
    merge: 'last',
    comment: 'Business time of the latest event applied.',
  },
];

export const returnsTable = entityTable(
  'returns',
  'One row per return request. status: requested, approved, rejected, received, refunded, exchanged, store-credited. Open until rejected or resolved.',
  { name: 'return_id', type: 'text', comment: 'Return id.' },
  [
    ...common('return'),
    {
      name: 'resolution',
      type: 'text',
      merge: 'first',
      comment: 'Requested resolution: refund, exchange or store-credit.',
    },
    { name: 'item_count', type: 'integer', merge: 'first', comment: 'Units requested for return.' },
    { name: 'approved_at', type: 'timestamptz', merge: 'first', comment: 'When approved.' },
    { name: 'received_at', type: 'timestamptz', merge: 'first', comment: 'When the items arrived back.' },
    {
      name: 'refund_minor',
      type: 'bigint',
      merge: 'last',
      comment: 'Refunded or credited amount in minor units.',
    },
    { name: 'refund_currency', type: 'text', merge: 'last', comment: 'ISO 4217 currency of refund_minor.' },
  ],
  [{ name: 'returns_open_idx', on: '(requested_at) WHERE closed_at IS NULL' }],
);

export const repairsTable = entityTable(
  'repairs',
  'One row per repair request. status: requested, quoted, quote-accepted, quote-declined, completed, cancelled. Open until completed, cancelled or the quote is declined.',
  { name: 'repair_id', type: 'text', comment: 'Repair id.' },
  [
    ...common('repair'),
    { name: 'line_no', type: 'integer', merge: 'first', comment: 'Order line of the item.' },
    { name: 'sku', type: 'text', merge: 'first', comment: 'SKU of the item.' },
    { name: 'category', type: 'text', merge: 'first', comment: 'Product category.' },
    { name: 'in_warranty', type: 'boolean', merge: 'first', comment: 'Covered by warranty at request time.' },
    {
      name: 'coverage_basis',
      type: 'text',
      merge: 'first',
      comment: 'product-warranty, repair-warranty or none (derived from history).',
    },
    {
      name: 'quote_minor',
      type: 'bigint',
      merge: 'last',
      comment: 'Quoted price in minor units (out of warranty).',
    },
    { name: 'quote_currency', type: 'text', merge: 'last', comment: 'ISO 4217 currency of quote_minor.' },
    { name: 'quoted_at', type: 'timestamptz', merge: 'first', comment: 'When quoted.' },
    { name: 'completed_at', type: 'timestamptz', merge: 'first', comment: 'When completed.' },
    {
      name: 'outcome',
      type: 'text',
      merge: 'last',
      comment: 'repaired, replaced, refunded or unrepairable.',
    },
  ],
  [{ name: 'repairs_open_idx', on: '(requested_at) WHERE closed_at IS NULL' }],
);

type Routed = Readonly<{ table: 'returns' | 'repairs'; id: string; patch: Patch }>;

function route(event: DomainEventOf<CaseEventType>): Routed {
  switch (event.type) {
    case 'ReturnRequested': {
      const d = event.data;
      const patch = {
        order_id: d.orderId,
        customer_id: d.customerId,
        status: 'requested',
        requested_at: d.requestedAt,
        resolution: d.resolution,
        item_count: d.items.reduce((sum, item) => sum + item.qty, 0),
        last_event_at: d.requestedAt,
      };
      return { table: 'returns', id: d.returnId, patch };
    }
    case 'ReturnApproved':
      return ret(
        event.data.returnId,
        { status: 'approved', approved_at: event.data.approvedAt },
        event.data.approvedAt,
      );
    case 'ReturnRejected':
      return ret(
        event.data.returnId,
        { status: 'rejected', closed_at: event.data.rejectedAt },
        event.data.rejectedAt,
      );
    case 'ReturnItemsReceived':
      return ret(
        event.data.returnId,
        { status: 'received', received_at: event.data.receivedAt },
        event.data.receivedAt,
      );
    case 'ReturnRefunded': {
      const d = event.data;
      const patch = {
        status: 'refunded',
        closed_at: d.refundedAt,
        refund_minor: d.amount.amount,
        refund_currency: d.amount.currency,
      };
      return ret(d.returnId, patch, d.refundedAt);
    }
    case 'ReturnExchanged':
      return ret(
        event.data.returnId,
        { status: 'exchanged', closed_at: event.data.exchangedAt },
        event.data.exchangedAt,
      );
    case 'ReturnStoreCredited': {
      const d = event.data;
      const patch = {
        status: 'store-credited',
        closed_at: d.creditedAt,
        refund_minor: d.amount.amount,
        refund_currency: d.amount.currency,
      };
      return ret(d.returnId, patch, d.creditedAt);
    }
    case 'RepairRequested': {
      const d = event.data;
      const patch = {
        order_id: d.orderId,
        customer_id: d.customerId,
        status: 'requested',
        requested_at: d.requestedAt,
        line_no: d.lineNo,
        sku: d.sku,
        category: d.category,
        in_warranty: d.coverage.inWarranty,
        coverage_basis: d.coverage.basis,
        last_event_at: d.requestedAt,
      };
      return { table: 'repairs', id: d.repairId, patch };
    }
    case 'RepairQuoted': {
      const d = event.data;
      const patch = {
        status: 'quoted',
        quoted_at: d.quotedAt,
        quote_minor: d.amount.amount,
        quote_currency: d.amount.currency,
      };
      return rep(d.repairId, patch, d.quotedAt);
    }
    case 'RepairQuoteAccepted':
      return rep(event.data.repairId, { status: 'quote-accepted' }, event.data.acceptedAt);
    case 'RepairQuoteDeclined':
      return rep(
        event.data.repairId,
        { status: 'quote-declined', closed_at: event.data.declinedAt },
        event.data.declinedAt,
      );
    case 'RepairCompleted': {
      const d = event.data;
      const patch = {
        status: 'completed',
        completed_at: d.completedAt,
        closed_at: d.completedAt,
        outcome: d.outcome,
      };
      return rep(d.repairId, patch, d.completedAt);
    }
    case 'RepairCancelled':
      return rep(
        event.data.repairId,
        { status: 'cancelled', closed_at: event.data.cancelledAt },
        event.data.cancelledAt,
      );
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

const ret = (id: string, patch: Patch, at: string): Routed => ({
  table: 'returns',
  id,
  patch: { ...patch, last_event_at: at },
});
const rep = (id: string, patch: Patch, at: string): Routed => ({
  table: 'repairs',
  id,
  patch: { ...patch, last_event_at: at },
});

const openView = (schema: string, kind: 'returns' | 'repairs', extra: readonly string[]): ViewSpec => ({
  name: `ops_open_${kind}`,
  comment: `Open ${kind} with their age, computed at query time from now().`,
  columns: [
    { name: kind === 'returns' ? 'return_id' : 'repair_id', comment: 'Case id.' },
    { name: 'order_id', comment: 'Order id.' },
    { name: 'customer_id', comment: 'Customer id.' },
    { name: 'status', comment: 'Current step.' },
    { name: 'requested_at', comment: 'When opened.' },
    { name: 'age', comment: 'now() minus requested_at (interval).' },
    { name: 'age_days', comment: 'Age in days (fractional).' },
    ...extra.map((name) => ({ name, comment: `See ${kind}.${name} in the read-model table.` })),
  ],
  query: `SELECT ${kind === 'returns' ? 'return_id' : 'repair_id'}, order_id, customer_id, status, requested_at,
       now() - requested_at AS age,
       round((extract(epoch FROM now() - requested_at) / 86400)::numeric, 2) AS age_days
       ${extra.map((c) => `, ${c}`).join('')}
  FROM ${ident(schema)}.${kind}
 WHERE closed_at IS NULL`,
});

export const openReturnsView = (schema: string) => openView(schema, 'returns', ['resolution', 'item_count']);
export const openRepairsView = (schema: string) =>
  openView(schema, 'repairs', ['sku', 'category', 'in_warranty', 'quote_minor', 'quote_currency']);

/** Operations read model: returns and repairs, open ones with their age in `bi` views. */
export const casesProjection: Projection = {
  name: 'ops_cases',
  version: 1,
  onError: 'stop',
  filter: { eventTypes: EVENT_TYPES },
  async setup(client: PoolClient, schema: string) {
    await runAll(client, [...tableDdl(schema, returnsTable.spec), ...tableDdl(schema, repairsTable.spec)]);
  },
  async apply(client: PoolClient, events: readonly RecordedEvent[], schema: string) {
    const folders = {
      returns: new PatchFolder(returnsTable.key.name, returnsTable.columns),
      repairs: new PatchFolder(repairsTable.key.name, repairsTable.columns),
    };
    for (const event of domainEventsOf<CaseEventType>(events, eventTypeSet)) {
      const routed = route(event);
      folders[routed.table].add(routed.id, routed.patch);
    }
    await upsertPatches(
      client,
      schema,
      'returns',
      returnsTable.key,
      returnsTable.columns,
      folders.returns.values(),
    );
    await upsertPatches(
      client,
      schema,
      'repairs',
      repairsTable.key,
      repairsTable.columns,
      folders.repairs.values(),
    );
  },
  views(schema: string) {
    return [...viewDdl(BI_SCHEMA, openReturnsView(schema)), ...viewDdl(BI_SCHEMA, openRepairsView(schema))];
  },
};
