import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import type { Projection } from '../../runner/projection';
import { ident, runAll, tableDdl, viewDdl } from '../shared/ddl';
import { domainEventsOf } from '../shared/events';
import { insertRows as insert, updateRows as update } from '../shared/row-buffer';
import { collectRetention, RETENTION_EVENT_TYPES, type RetentionEvent } from './collect';
import { retentionFunctions, retentionMetricViews, retentionViews } from './metrics';
import { retentionTables } from './tables';

const eventTypeSet: ReadonlySet<string> = new Set(RETENTION_EVENT_TYPES);

async function applyBatch(client: PoolClient, events: readonly RecordedEvent[], schema: string) {
  const s = ident(schema);
  const batch = collectRetention(domainEventsOf<RetentionEvent['type']>(events, eventTypeSet));
  // New rows first, then the patches: an order placed and delivered in one batch gets both.
  await insert(client, `${s}.retention_orders`, batch.orders, 'order_id');
  await insert(client, `${s}.retention_order_lines`, batch.orderLines, 'order_id, line_no');
  await insert(client, `${s}.retention_returns`, batch.returns, 'return_id');
  await insert(client, `${s}.retention_return_items`, batch.returnItems, 'return_id, line_no');
  await insert(client, `${s}.retention_repairs`, batch.repairs, 'repair_id');
  await insert(client, `${s}.retention_feedback`, batch.feedback, 'feedback_id');
  await update(
    client,
    `${s}.retention_orders`,
    batch.orderUpdates,
    `shipped_at = coalesce(t.shipped_at, p.shipped_at),
     promised_delivery_at = coalesce(t.promised_delivery_at, p.promised_delivery_at),
     latest_estimated_delivery_at = coalesce(p.latest_estimated_delivery_at, t.latest_estimated_delivery_at),
     delivered_at = coalesce(p.delivered_at, t.delivered_at),
     cancelled_at = coalesce(p.cancelled_at, t.cancelled_at)`,
    't.order_id = p.order_id',
  );
  await update(
    client,
    `${s}.retention_returns`,
    batch.returnUpdates,
    `approved_at = coalesce(p.approved_at, t.approved_at),
     rejected_at = coalesce(p.rejected_at, t.rejected_at),
     resolved_at = coalesce(p.resolved_at, t.resolved_at),
     resolved_as = coalesce(p.resolved_as, t.resolved_as),
     replacement_order_id = coalesce(p.replacement_order_id, t.replacement_order_id)`,
    't.return_id = p.return_id',
  );
  await update(
    client,
    `${s}.retention_return_items`,
    batch.receivedItems,
    'received_qty = t.received_qty + p.received_qty',
    't.return_id = p.return_id AND t.line_no = p.line_no',
  );
  await update(
    client,
    `${s}.retention_repairs`,
    batch.repairUpdates,
    `completed_at = coalesce(p.completed_at, t.completed_at),
     outcome = coalesce(p.outcome, t.outcome),
     cancelled_at = coalesce(p.cancelled_at, t.cancelled_at)`,
    't.repair_id = p.repair_id',
  );
}

/** Facts and metric views for customer retention. */
export const retentionProjection: Projection = {
  name: 'retention',
  version: 1,
  filter: { eventTypes: RETENTION_EVENT_TYPES },
  async setup(client, schema) {
    await runAll(client, [
      `CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`,
      ...retentionTables.flatMap((table) => tableDdl(schema, table)),
      ...retentionFunctions(schema),
      ...retentionMetricViews(schema).flatMap((view) => viewDdl(schema, view)),
    ]);
  },
  apply: applyBatch,
  views: retentionViews,
};
