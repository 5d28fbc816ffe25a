import type { RepairOutcome } from '../repair/events';
import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Instant } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { isBefore, toMillis } from '../shared/time';
import { requireCurrency, requireInstant, requireText } from '../shared/validation';
import type { LineQuantity, OrderEvent } from './events';
import {
  type DeliveredOrder,
  evolveOrder,
  initialOrderState,
  type OrderState,
  returnableQuantity,
} from './order';
import {
  type OrderLineInput,
  requireKnownLine,
  requireLineQuantities,
  requireOrderLines,
  requireRepairOutcome,
} from './validate';

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
export type ReserveReturnQuantity = Command<
  'ReserveReturnQuantity',
  { orderId: string; returnId: string; items: readonly LineQuantity[] }
>;
export type ReleaseReturnQuantity = Command<'ReleaseReturnQuantity', { orderId: string; returnId: string }>;
export type RecordLineRepaired = Command<
  'RecordLineRepaired',
  {
    orderId: string;
    repairId: string;
    lineNo: number;
    serialNumber?: string;
    outcome: RepairOutcome;
    completedAt: Instant;
  }
>;

export type OrderCommand =
  | PlaceOrder
  | ShipOrder
  | DelayShipment
  | DeliverOrder
  | CancelOrder
  | ReserveReturnQuantity
  | ReleaseReturnQuantity
  | RecordLineRepaired;

type ExistingOrder = Exclude<OrderState, { status: 'none' }>;

function requireOrder(state: OrderState, orderId: string): ExistingOrder {
  if (state.status === 'none') {
    throw new NotFoundError('order-not-found', `order ${orderId} was never placed`, { orderId });
  }
  return state;
}

function illegal(code: string, order: ExistingOrder, message: string): IllegalStateError {
  return new IllegalStateError(code, message, { orderId: order.orderId, status: order.status });
}

/** The refusal for a command that needs a delivered order, told by where the order stands. */
function requireDelivered(state: OrderState, orderId: string): DeliveredOrder {
  const order = requireOrder(state, orderId);
  if (order.status === 'delivered') return order;
  if (order.status === 'cancelled') throw illegal('order-cancelled', order, 'the order was cancelled');
  throw illegal('order-not-delivered', order, 'the order has not been delivered');
}

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

function sameItems(a: readonly LineQuantity[], b: readonly LineQuantity[]): boolean {
  const key = (items: readonly LineQuantity[]) =>
    [...items]
      .sort((x, y) => x.lineNo - y.lineNo)
      .map((item) => `${item.lineNo}:${item.qty}`)
      .join(',');
  return key(a) === key(b);
}

/**
 * The consistency boundary for returns: a request holds its units here, so two concurrent
 * requests cannot both claim the last unit (the second append fails on the expected revision,
 * and its retry sees the first reservation).
 */
function reserveReturnQuantity(
  { data }: ReserveReturnQuantity,
  state: OrderState,
  { now }: DecisionContext,
): OrderEvent[] {
  const order = requireDelivered(state, data.orderId);
  const returnId = requireText(data.returnId, 'invalid-return-id', 'returnId', 200);
  const items = requireLineQuantities(data.items, order.lines, 'return-has-no-items');
  const existing = order.returnReservations[returnId];
  if (existing) {
    if (sameItems(existing, items)) return [];
    throw illegal('return-already-reserved', order, `return ${returnId} already holds other quantities`);
  }
  if (order.releasedReturnIds.includes(returnId)) {
    throw illegal('return-reservation-released', order, `return ${returnId} was released and is closed`);
  }
  for (const item of items) {
    const available = returnableQuantity(order, item.lineNo);
    if (item.qty > available) {
      throw new IllegalStateError(
        'return-quantity-exceeded',
        `line ${item.lineNo} has ${available} returnable`,
        {
          orderId: order.orderId,
          lineNo: item.lineNo,
          requested: item.qty,
          available,
        },
      );
    }
  }
  return [
    { type: 'ReturnQuantityReserved', data: { orderId: order.orderId, returnId, items, reservedAt: now } },
  ];
}

/** Releasing what is not held (never reserved, or released already) records nothing. */
function releaseReturnQuantity(
  { data }: ReleaseReturnQuantity,
  state: OrderState,
  { now }: DecisionContext,
): OrderEvent[] {
  const order = requireOrder(state, data.orderId);
  if (order.status !== 'delivered' || !order.returnReservations[data.returnId]) return [];
  return [
    {
      type: 'ReturnQuantityReleased',
      data: { orderId: order.orderId, returnId: data.returnId, releasedAt: now },
    },
  ];
}

/** Idempotent by repair id: the repair stream's completion may be relayed more than once. */
function recordLineRepaired({ data }: RecordLineRepaired, state: OrderState): OrderEvent[] {
  const order = requireDelivered(state, data.orderId);
  const repairId = requireText(data.repairId, 'invalid-repair-id', 'repairId', 200);
  if (order.repairs.some((repair) => repair.repairId === repairId)) return [];
  const serialNumber =
    data.serialNumber === undefined
      ? undefined
      : requireText(data.serialNumber, 'invalid-serial-number', 'serialNumber', 200);
  return [
    {
      type: 'OrderLineRepaired',
      data: {
        orderId: order.orderId,
        repairId,
        lineNo: requireKnownLine(data.lineNo, order.lines),
        ...(serialNumber === undefined ? {} : { serialNumber }),
        outcome: requireRepairOutcome(data.outcome),
        completedAt: requireInstant(data.completedAt, 'completedAt'),
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
