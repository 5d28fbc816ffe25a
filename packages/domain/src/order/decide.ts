import type { Decider } from '../shared/decider';
import { unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Instant } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { isBefore, toMillis } from '../shared/time';
import { requireCurrency, requireInstant, requireText } from '../shared/validation';
import {
  type RecordLineRepaired,
  type ReleaseReturnQuantity,
  type ReserveReturnQuantity,
  recordLineRepaired,
  releaseReturnQuantity,
  reserveReturnQuantity,
} from './after-sales';
import type { OrderEvent } from './events';
import { illegal, requireOrder } from './guards';
import { evolveOrder, initialOrderState, type OrderState } from './order';
import { type OrderLineInput, requireOrderLines } from './validate';

export type { RecordLineRepaired, ReleaseReturnQuantity, ReserveReturnQuantity } from './after-sales';

export type PlaceOrder = Command<
  'PlaceOrder',
  { orderId: string; customerId: string; currency: string; lines: readonly OrderLineInput[] }
>;
export type ShipOrder = Command<
  'ShipOrder',
  {
    orderId: string;
    shipmentId: string;
    carrier: string;
    trackingNumber: string;
    estimatedDeliveryAt: Instant;
  }
>;
export type DelayShipment = Command<
  'DelayShipment',
  { orderId: string; newEstimatedDeliveryAt: Instant; reason: string }
>;
export type DeliverOrder = Command<'DeliverOrder', { orderId: string }>;
export type CancelOrder = Command<'CancelOrder', { orderId: string; reason: string }>;
export type OrderCommand =
  | PlaceOrder
  | ShipOrder
  | DelayShipment
  | DeliverOrder
  | CancelOrder
  | ReserveReturnQuantity
  | ReleaseReturnQuantity
  | RecordLineRepaired;

function placeOrder({ data }: PlaceOrder, state: OrderState, { now }: DecisionContext): OrderEvent[] {
  if (state.status !== 'none') throw illegal('order-already-placed', state, `order ${data.orderId} exists`);
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: requireText(data.orderId, 'invalid-order-id', 'orderId', 200),
        customerId: requireText(data.customerId, 'invalid-customer-id', 'customerId', 200),
        currency: requireCurrency(data.currency),
        lines: requireOrderLines(data.lines),
        placedAt: now,
      },
    },
  ];
}

function shipOrder({ data }: ShipOrder, state: OrderState, { now }: DecisionContext): OrderEvent[] {
  const order = requireOrder(state, data.orderId);
  if (order.status === 'cancelled') throw illegal('order-cancelled', order, 'the order was cancelled');
  if (order.status !== 'placed') throw illegal('order-already-shipped', order, 'the order was shipped');
  const estimatedDeliveryAt = requireInstant(data.estimatedDeliveryAt, 'estimatedDeliveryAt');
  if (isBefore(estimatedDeliveryAt, now)) {
    throw new ValidationError('estimate-before-shipment', 'the delivery estimate lies before shipping', {
      field: 'estimatedDeliveryAt',
    });
  }
  return [
    {
      type: 'OrderShipped',
      data: {
        orderId: order.orderId,
        customerId: order.customerId,
        shipmentId: requireText(data.shipmentId, 'invalid-shipment-id', 'shipmentId', 200),
        carrier: requireText(data.carrier, 'invalid-carrier', 'carrier', 200),
        trackingNumber: requireText(data.trackingNumber, 'invalid-tracking-number', 'trackingNumber', 200),
        estimatedDeliveryAt,
        shippedAt: now,
      },
    },
  ];
}

/** A delay moves the estimate later; repeating the current estimate records nothing. */
function delayShipment({ data }: DelayShipment, state: OrderState, { now }: DecisionContext): OrderEvent[] {
  const order = requireOrder(state, data.orderId);
  if (order.status === 'placed') throw illegal('order-not-shipped', order, 'the order has not been shipped');
  if (order.status === 'delivered')
    throw illegal('order-already-delivered', order, 'the order was delivered');
  if (order.status === 'cancelled') throw illegal('order-cancelled', order, 'the order was cancelled');
  const newEstimatedDeliveryAt = requireInstant(data.newEstimatedDeliveryAt, 'newEstimatedDeliveryAt');
  const reason = requireText(data.reason, 'invalid-reason', 'reason');
  const current = toMillis(order.estimatedDeliveryAt);
  if (toMillis(newEstimatedDeliveryAt) === current) return [];
  if (toMillis(newEstimatedDeliveryAt) < current) {
    throw illegal('estimate-not-later', order, 'a delay must move the estimate later');
  }
  return [
    {
      type: 'ShipmentDelayed',
      data: {
        orderId: order.orderId,
        customerId: order.customerId,
        shipmentId: order.shipmentId,
        previousEstimatedDeliveryAt: order.estimatedDeliveryAt,
        newEstimatedDeliveryAt,
        reason,
        delayedAt: now,
      },
    },
  ];
}

function deliverOrder({ data }: DeliverOrder, state: OrderState, { now }: DecisionContext): OrderEvent[] {
  const order = requireOrder(state, data.orderId);
  if (order.status === 'placed') throw illegal('order-not-shipped', order, 'the order has not been shipped');
  if (order.status === 'delivered')
    throw illegal('order-already-delivered', order, 'the order was delivered');
  if (order.status === 'cancelled') throw illegal('order-cancelled', order, 'the order was cancelled');
  if (isBefore(now, order.shippedAt)) {
    throw illegal('delivery-before-shipment', order, 'delivery cannot precede shipping');
  }
  return [
    {
      type: 'OrderDelivered',
      data: { orderId: order.orderId, customerId: order.customerId, deliveredAt: now },
    },
  ];
}

/** Only before delivery: after it, the way back is a return. */
function cancelOrder({ data }: CancelOrder, state: OrderState, { now }: DecisionContext): OrderEvent[] {
  const order = requireOrder(state, data.orderId);
  if (order.status === 'delivered')
    throw illegal('order-already-delivered', order, 'the order was delivered');
  if (order.status === 'cancelled')
    throw illegal('order-already-cancelled', order, 'the order was cancelled');
  return [
    {
      type: 'OrderCancelled',
      data: {
        orderId: order.orderId,
        customerId: order.customerId,
        reason: requireText(data.reason, 'invalid-reason', 'reason'),
        cancelledAt: now,
      },
    },
  ];
}

function decide(command: OrderCommand, state: OrderState, context: DecisionContext): OrderEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state, context);
    case 'ShipOrder':
      return shipOrder(command, state, context);
    case 'DelayShipment':
      return delayShipment(command, state, context);
    case 'DeliverOrder':
      return deliverOrder(command, state, context);
    case 'CancelOrder':
      return cancelOrder(command, state, context);
    case 'ReserveReturnQuantity':
      return reserveReturnQuantity(command, state, context);
    case 'ReleaseReturnQuantity':
      return releaseReturnQuantity(command, state, context);
    case 'RecordLineRepaired':
      return recordLineRepaired(command, state);
    default: {
      const _exhaustive: never = command;
      return unknownCommand(_exhaustive);
    }
  }
}

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState, DecisionContext> = {
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide,
};
