import type { DomainEventOf } from '@aftersales/domain';
import { TableRows } from '../shared/table';
import {
  feedbackTable,
  orderLinesTable,
  ordersTable,
  repairsTable,
  returnItemsTable,
  returnsTable,
} from './tables';

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

/**
 * A settlement of some lines of a return: each named line is settled at `at` (each line is
 * settled once, the first settlement stays); without a list (release 1) every received line not
 * settled before is.
 */
function settleLines(
  returns: TableRows,
  returnItems: TableRows,
  returnId: string,
  items: readonly Readonly<{ lineNo: number }>[] | undefined,
  at: string,
  as: 'refund' | 'exchange' | 'store-credit',
): void {
  if (!items) {
    returns.merge({ return_id: returnId }, { rest_settled_at: at });
    return;
  }
  for (const item of items) {
    returnItems.merge({ return_id: returnId, line_no: item.lineNo }, { settled_at: at, settled_as: as });
  }
}

/**
 * A batch's rows, table by table: what each event writes, in event order: the row it creates, or what it merges into a row (each
 * column merges as `tables.ts` declares it: the first shipment estimate stays the promised date,
 * the latest is the latest, units received add up). Pure.
 */
export function collectRetention(events: readonly RetentionEvent[]): readonly TableRows[] {
  const orders = new TableRows(ordersTable);
  const orderLines = new TableRows(orderLinesTable);
  const returns = new TableRows(returnsTable);
  const returnItems = new TableRows(returnItemsTable);
  const repairs = new TableRows(repairsTable);
  const feedback = new TableRows(feedbackTable);
  for (const event of events) {
    switch (event.type) {
      case 'OrderPlaced': {
        const { orderId, customerId, currency, placedAt, lines } = event.data;
        orders.create({ order_id: orderId, customer_id: customerId, currency, placed_at: placedAt });
        for (const line of lines) {
          orderLines.create({
            order_id: orderId,
            line_no: line.lineNo,
            sku: line.sku,
            category: line.category,
            qty: line.qty,
            unit_price: line.unitPrice,
          });
        }
        break;
      }
      case 'OrderShipped':
        orders.merge(
          { order_id: event.data.orderId },
          {
            shipped_at: event.data.shippedAt,
            promised_delivery_at: event.data.estimatedDeliveryAt,
            latest_estimated_delivery_at: event.data.estimatedDeliveryAt,
          },
        );
        break;
      case 'ShipmentDelayed':
        orders.merge(
          { order_id: event.data.orderId },
          { latest_estimated_delivery_at: event.data.newEstimatedDeliveryAt },
        );
        break;
      case 'OrderDelivered':
        orders.merge({ order_id: event.data.orderId }, { delivered_at: event.data.deliveredAt });
        break;
      case 'OrderCancelled':
        orders.merge({ order_id: event.data.orderId }, { cancelled_at: event.data.cancelledAt });
        break;
      case 'ReturnRequested': {
        const { data } = event;
        returns.create({
          return_id: data.returnId,
          order_id: data.orderId,
          customer_id: data.customerId,
          requested_resolution: data.resolution,
          requested_at: data.requestedAt,
        });
        for (const item of data.items) {
          returnItems.create({
            return_id: data.returnId,
            line_no: item.lineNo,
            order_id: data.orderId,
            sku: item.sku,
            category: item.category,
            reason: item.reason,
            requested_qty: item.qty,
            received_qty: 0,
          });
        }
        break;
      }
      case 'ReturnApproved':
        returns.merge({ return_id: event.data.returnId }, { approved_at: event.data.approvedAt });
        break;
      case 'ReturnRejected':
        returns.merge({ return_id: event.data.returnId }, { rejected_at: event.data.rejectedAt });
        break;
      case 'ReturnItemsReceived':
        for (const item of event.data.items) {
          returnItems.merge(
            { return_id: event.data.returnId, line_no: item.lineNo },
            { received_qty: item.qty },
          );
        }
        break;
      case 'ReturnRefunded':
        returns.merge(
          { return_id: event.data.returnId },
          { resolved_at: event.data.refundedAt, resolved_as: 'refund' },
        );
        settleLines(
          returns,
          returnItems,
          event.data.returnId,
          event.data.items,
          event.data.refundedAt,
          'refund',
        );
        break;
      case 'ReturnExchanged':
        returns.merge(
          { return_id: event.data.returnId },
          {
            resolved_at: event.data.exchangedAt,
            resolved_as: 'exchange',
            replacement_order_id: event.data.replacementOrderId,
          },
        );
        settleLines(
          returns,
          returnItems,
          event.data.returnId,
          event.data.items,
          event.data.exchangedAt,
          'exchange',
        );
        break;
      case 'ReturnStoreCredited':
        returns.merge(
          { return_id: event.data.returnId },
          { resolved_at: event.data.creditedAt, resolved_as: 'store-credit' },
        );
        settleLines(
          returns,
          returnItems,
          event.data.returnId,
          event.data.items,
          event.data.creditedAt,
          'store-credit',
        );
        break;
      case 'RepairRequested': {
        const { data } = event;
        repairs.create({
          repair_id: data.repairId,
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
        repairs.merge(
          { repair_id: event.data.repairId },
          { completed_at: event.data.completedAt, outcome: event.data.outcome },
        );
        break;
      case 'RepairCancelled':
        repairs.merge({ repair_id: event.data.repairId }, { cancelled_at: event.data.cancelledAt });
        break;
      case 'FeedbackSubmitted': {
        const { data } = event;
        feedback.create({
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
  // In the order they are written: an order before its lines, a return before its items.
  return [orders, orderLines, returns, returnItems, repairs, feedback];
}
