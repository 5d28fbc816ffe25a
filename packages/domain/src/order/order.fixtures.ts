import { type DecisionContext, defaultRulesTimeline, type RulesTimeline } from '../shared/rules';
import type { OrderDelivered, OrderEvent, OrderLine, OrderPlaced, OrderShipped } from './events';
import { evolveOrder, initialOrderState, type OrderState } from './order';

/** Facts for order specifications and for the aggregates that read an order's state. */

export const orderId = 'o-1';
export const customerId = 'c-1';
export const placedAt = '2026-03-01T10:00:00.000Z';
export const shippedAt = '2026-03-02T08:00:00.000Z';
export const promisedDeliveryAt = '2026-03-05T18:00:00.000Z';
export const deliveredAt = '2026-03-04T15:00:00.000Z';

export const at = (now: string, rules: RulesTimeline = defaultRulesTimeline): DecisionContext => ({
  now,
  rules,
});

export const lines: readonly OrderLine[] = [
  {
    lineNo: 1,
    sku: 'PHONE-X',
    name: 'Phone X',
    category: 'electronics',
    qty: 2,
    unitPrice: 49_900,
    warrantyMonths: 24,
  },
  {
    lineNo: 2,
    sku: 'CASE-1',
    name: 'Phone case',
    category: 'accessories',
    qty: 3,
    unitPrice: 1_500,
    warrantyMonths: 0,
  },
];

export const orderPlaced: OrderPlaced = {
  type: 'OrderPlaced',
  data: { orderId, customerId, currency: 'EUR', lines, placedAt },
};
export const orderShipped: OrderShipped = {
  type: 'OrderShipped',
  data: {
    orderId,
    customerId,
    shipmentId: 'sh-1',
    carrier: 'DHL',
    trackingNumber: 'JD0001',
    estimatedDeliveryAt: promisedDeliveryAt,
    shippedAt,
  },
};
export const orderDelivered: OrderDelivered = {
  type: 'OrderDelivered',
  data: { orderId, customerId, deliveredAt },
};

export const deliveredOrderEvents: readonly OrderEvent[] = [orderPlaced, orderShipped, orderDelivered];

export function orderStateFrom(events: readonly OrderEvent[]): OrderState {
  return events.reduce(evolveOrder, initialOrderState());
}
