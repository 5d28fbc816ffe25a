import type { DomainEventOf } from '@aftersales/domain';
import { RowBuffer } from '../shared/row-buffer';

export const RETENTION_EVENT_TYPES = [
  'OrderPlaced',
  'OrderShipped',
  'ShipmentDelayed',
  'OrderDelivered',
  'OrderCancelled',
  'ReturnRequested',
  'ReturnApproved',
  'ReturnRejected',
  'ReturnItemsReceived',
  'ReturnRefunded',
  'ReturnExchanged',
  'ReturnStoreCredited',
  'RepairRequested',
  'RepairCompleted',
  'RepairCancelled',
  'FeedbackSubmitted',
] as const;
export type RetentionEvent = DomainEventOf<(typeof RETENTION_EVENT_TYPES)[number]>;

type OrderPatch = {
  shipped_at?: string;
  promised_delivery_at?: string;
  latest_estimated_delivery_at?: string;
  delivered_at?: string;
  cancelled_at?: string;
};
type ReturnPatch = {
  approved_at?: string;
  rejected_at?: string;
  resolved_at?: string;
  resolved_as?: string;
  replacement_order_id?: string;
};
type RepairPatch = { completed_at?: string; outcome?: string; cancelled_at?: string };

/**
 * What an event changes: the new row itself when the row was created earlier in this batch (so
 * it is inserted complete), else the patch of a row written by an earlier batch, created on
 * first use, so several events of a batch fold into one UPDATE row.
 */
function targetOf<P>(created: ReadonlyMap<string, P>, patches: Map<string, P>, id: string): P {
  const row = created.get(id);
  if (row) return row;
  let patch = patches.get(id);
  if (!patch) {
    patch = {} as P;
    patches.set(id, patch);
  }
  return patch;
}

/**
 * Folds a batch into new rows (inserted first) and per-row patches (applied after), in event
 * order. Patches keep what a later batch must not overwrite: the first shipment estimate stays
 * the promised date (the UPDATE uses COALESCE(existing, patch) for it).
 */
export function collectRetention(events: readonly RetentionEvent[]) {
  const newOrders = new Map<
    string,
    OrderPatch & { customer_id: string; currency: string; placed_at: string }
  >();
  const orderLines = new RowBuffer([
    ['order_id', 'text'],
    ['line_no', 'int'],
    ['sku', 'text'],
    ['category', 'text'],
    ['qty', 'int'],
    ['unit_price', 'bigint'],
  ] as const);
  const newReturns = new Map<
    string,
    ReturnPatch & {
      order_id: string;
      customer_id: string;
      requested_resolution: string;
      requested_at: string;
    }
  >();
  type NewReturnItem = {
    return_id: string;
    line_no: number;
    order_id: string;
    sku: string;
    category: string;
    requested_qty: number;
    received_qty: number;
  };
  const newReturnItems = new Map<string, NewReturnItem>();
  const newRepairs = new Map<
    string,
    RepairPatch & {
      order_id: string;
      customer_id: string;
      line_no: number;
      sku: string;
      category: string;
      in_warranty: boolean;
      coverage_basis: string;
      requested_at: string;
    }
  >();
  const feedback = new RowBuffer([
    ['feedback_id', 'text'],
    ['customer_id', 'text'],
    ['subject_type', 'text'],
    ['subject_id', 'text'],
    ['csat', 'smallint'],
    ['nps', 'smallint'],
    ['has_comment', 'boolean'],
    ['submitted_at', 'timestamptz'],
  ] as const);
  const orderPatches = new Map<string, OrderPatch>();
  const returnPatches = new Map<string, ReturnPatch>();
  const repairPatches = new Map<string, RepairPatch>();
  /** Units received back per `returnId|lineNo`, summed over the batch. */
  const received = new Map<string, { returnId: string; lineNo: number; qty: number }>();

  for (const event of events) {
    switch (event.type) {
      case 'OrderPlaced': {
        const { data } = event;
        newOrders.set(data.orderId, {
          customer_id: data.customerId,
          currency: data.currency,
          placed_at: data.placedAt,
        });
        for (const line of data.lines) {
          orderLines.push({
            order_id: data.orderId,
            line_no: line.lineNo,
            sku: line.sku,
            category: line.category,
            qty: line.qty,
            unit_price: line.unitPrice,
          });
        }
        break;
      }
      case 'OrderShipped': {
        const patch = targetOf(newOrders, orderPatches, event.data.orderId);
        patch.shipped_at ??= event.data.shippedAt;
        patch.promised_delivery_at ??= event.data.estimatedDeliveryAt;
        patch.latest_estimated_delivery_at = event.data.estimatedDeliveryAt;
        break;
      }
      case 'ShipmentDelayed':
        targetOf(newOrders, orderPatches, event.data.orderId).latest_estimated_delivery_at =
          event.data.newEstimatedDeliveryAt;
        break;
      case 'OrderDelivered':
        targetOf(newOrders, orderPatches, event.data.orderId).delivered_at = event.data.deliveredAt;
        break;
      case 'OrderCancelled':
        targetOf(newOrders, orderPatches, event.data.orderId).cancelled_at = event.data.cancelledAt;
        break;
      case 'ReturnRequested': {
        const { data } = event;
        newReturns.set(data.returnId, {
          order_id: data.orderId,
          customer_id: data.customerId,
          requested_resolution: data.resolution,
          requested_at: data.requestedAt,
        });
        for (const item of data.items) {
          newReturnItems.set(`${data.returnId}|${item.lineNo}`, {
            return_id: data.returnId,
            line_no: item.lineNo,
            order_id: data.orderId,
            sku: item.sku,
            category: item.category,
            requested_qty: item.qty,
            received_qty: 0,
          });
        }
        break;
      }
      case 'ReturnApproved':
        targetOf(newReturns, returnPatches, event.data.returnId).approved_at = event.data.approvedAt;
        break;
      case 'ReturnRejected':
        targetOf(newReturns, returnPatches, event.data.returnId).rejected_at = event.data.rejectedAt;
        break;
      case 'ReturnItemsReceived':
        for (const item of event.data.items) {
          const key = `${event.data.returnId}|${item.lineNo}`;
          const requested = newReturnItems.get(key);
          if (requested) {
            requested.received_qty += item.qty;
            continue;
          }
          const sum = received.get(key) ?? { returnId: event.data.returnId, lineNo: item.lineNo, qty: 0 };
          sum.qty += item.qty;
          received.set(key, sum);
        }
        break;
      case 'ReturnRefunded':
        Object.assign(targetOf(newReturns, returnPatches, event.data.returnId), {
          resolved_at: event.data.refundedAt,
          resolved_as: 'refund',
        });
        break;
      case 'ReturnExchanged':
        Object.assign(targetOf(newReturns, returnPatches, event.data.returnId), {
          resolved_at: event.data.exchangedAt,
          resolved_as: 'exchange',
          replacement_order_id: event.data.replacementOrderId,
        });
        break;
      case 'ReturnStoreCredited':
        Object.assign(targetOf(newReturns, returnPatches, event.data.returnId), {
          resolved_at: event.data.creditedAt,
          resolved_as: 'store-credit',
        });
        break;
      case 'RepairRequested': {
        const { data } = event;
        newRepairs.set(data.repairId, {
          order_id: data.orderId,
          customer_id: data.customerId,
          line_no: data.lineNo,
          sku: data.sku,
          category: data.category,
          in_warranty: data.coverage.inWarranty,
          coverage_basis: data.coverage.basis,
          requested_at: data.requestedAt,
        });
        break;
      }
      case 'RepairCompleted':
        Object.assign(targetOf(newRepairs, repairPatches, event.data.repairId), {
          completed_at: event.data.completedAt,
          outcome: event.data.outcome,
        });
        break;
      case 'RepairCancelled':
        targetOf(newRepairs, repairPatches, event.data.repairId).cancelled_at = event.data.cancelledAt;
        break;
      case 'FeedbackSubmitted': {
        const { data } = event;
        feedback.push({
          feedback_id: data.feedbackId,
          customer_id: data.customerId,
          subject_type: data.subject.type,
          subject_id: data.subject.id,
          csat: data.csat,
          nps: data.nps ?? null,
          has_comment: (data.comment ?? '').trim() !== '',
          submitted_at: data.submittedAt,
        });
        break;
      }
      default: {
        const _exhaustive: never = event;
        throw new Error(`unexpected retention event ${(_exhaustive as { type: string }).type}`);
      }
    }
  }

  const orderColumns = [
    ['shipped_at', 'timestamptz'],
    ['promised_delivery_at', 'timestamptz'],
    ['latest_estimated_delivery_at', 'timestamptz'],
    ['delivered_at', 'timestamptz'],
    ['cancelled_at', 'timestamptz'],
  ] as const;
  const returnColumns = [
    ['approved_at', 'timestamptz'],
    ['rejected_at', 'timestamptz'],
    ['resolved_at', 'timestamptz'],
    ['resolved_as', 'text'],
    ['replacement_order_id', 'text'],
  ] as const;
  const repairColumns = [
    ['completed_at', 'timestamptz'],
    ['outcome', 'text'],
    ['cancelled_at', 'timestamptz'],
  ] as const;
  const orders = toBuffer(newOrders, 'order_id', [
    ['customer_id', 'text'],
    ['currency', 'text'],
    ['placed_at', 'timestamptz'],
    ...orderColumns,
  ] as const);
  const returns = toBuffer(newReturns, 'return_id', [
    ['order_id', 'text'],
    ['customer_id', 'text'],
    ['requested_resolution', 'text'],
    ['requested_at', 'timestamptz'],
    ...returnColumns,
  ] as const);
  const returnItems = new RowBuffer([
    ['return_id', 'text'],
    ['line_no', 'int'],
    ['order_id', 'text'],
    ['sku', 'text'],
    ['category', 'text'],
    ['requested_qty', 'int'],
    ['received_qty', 'int'],
  ] as const);
  for (const item of newReturnItems.values()) returnItems.push(item);
  const repairs = toBuffer(newRepairs, 'repair_id', [
    ['order_id', 'text'],
    ['customer_id', 'text'],
    ['line_no', 'int'],
    ['sku', 'text'],
    ['category', 'text'],
    ['in_warranty', 'boolean'],
    ['coverage_basis', 'text'],
    ['requested_at', 'timestamptz'],
    ...repairColumns,
  ] as const);
  const orderUpdates = toBuffer(orderPatches, 'order_id', orderColumns);
  const returnUpdates = toBuffer(returnPatches, 'return_id', returnColumns);
  const repairUpdates = toBuffer(repairPatches, 'repair_id', repairColumns);
  const receivedItems = new RowBuffer([
    ['return_id', 'text'],
    ['line_no', 'int'],
    ['received_qty', 'int'],
  ] as const);
  for (const item of received.values()) {
    receivedItems.push({ return_id: item.returnId, line_no: item.lineNo, received_qty: item.qty });
  }

  return {
    orders,
    orderLines,
    returns,
    returnItems,
    repairs,
    feedback,
    orderUpdates,
    returnUpdates,
    repairUpdates,
    receivedItems,
  };
}

function toBuffer<Id extends string, K extends string>(
  patches: ReadonlyMap<string, Partial<Record<K, unknown>>>,
  idColumn: Id,
  columns: readonly (readonly [K, string])[],
): RowBuffer<Id | K> {
  const buffer = new RowBuffer<Id | K>([[idColumn, 'text'], ...columns]);
  for (const [id, patch] of patches) {
    buffer.push({ ...patch, [idColumn]: id } as Record<Id | K, unknown>);
  }
  return buffer;
}
