import type { Instant } from '../shared/event';
import type { LineQuantity, OrderEvent, OrderLine, OrderLineRepaired } from './events';

/** What every order has from the moment it is placed. */
type PlacedFacts = Readonly<{
  orderId: string;
  customerId: string;
  currency: string;
  lines: readonly OrderLine[];
  placedAt: Instant;
}>;

export type EstimateRevision = Readonly<{
  previousEstimatedDeliveryAt: Instant;
  estimatedDeliveryAt: Instant;
  reason: string;
  revisedAt: Instant;
}>;

/** The promise made at shipping is kept as given; each later estimate is a revision of it. */
type ShipmentFacts = Readonly<{
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
  shippedAt: Instant;
  /** The first estimate: what the customer was promised. */
  promisedDeliveryAt: Instant;
  /** The latest estimate (equals `promisedDeliveryAt` until a delay). */
  estimatedDeliveryAt: Instant;
  /** Every revision in the order it happened. */
  estimateRevisions: readonly EstimateRevision[];
}>;

export type LineRepair = Omit<OrderLineRepaired['data'], 'orderId'>;

/** Facts only a delivered order gathers: return reservations and completed repairs. */
type AfterSalesFacts = Readonly<{
  /** Active reservations by return id: what each open return holds of the delivered quantity. */
  returnReservations: Readonly<Record<string, readonly LineQuantity[]>>;
  /** Returns whose reservation was released (rejected); their ids are never reserved again. */
  releasedReturnIds: readonly string[];
  repairs: readonly LineRepair[];
}>;

export type OrderState =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'placed' }> & PlacedFacts)
  | (Readonly<{ status: 'shipped' }> & PlacedFacts & ShipmentFacts)
  | (Readonly<{ status: 'delivered'; deliveredAt: Instant }> & PlacedFacts & ShipmentFacts & AfterSalesFacts)
  | (Readonly<{ status: 'cancelled'; cancelledAt: Instant; cancellationReason: string }> &
      PlacedFacts &
      Partial<ShipmentFacts>);

export type OrderStatus = OrderState['status'];
export type DeliveredOrder = Extract<OrderState, { status: 'delivered' }>;

export function initialOrderState(): OrderState {
  return { status: 'none' };
}

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced': {
      const { orderId, customerId, currency, lines, placedAt } = event.data;
      return { status: 'placed', orderId, customerId, currency, lines, placedAt };
    }
    case 'OrderShipped': {
      if (state.status !== 'placed') return state;
      const { shipmentId, carrier, trackingNumber, estimatedDeliveryAt, shippedAt } = event.data;
      return {
        ...state,
        status: 'shipped',
        shipmentId,
        carrier,
        trackingNumber,
        shippedAt,
        promisedDeliveryAt: estimatedDeliveryAt,
        estimatedDeliveryAt,
        estimateRevisions: [],
      };
    }
    case 'ShipmentDelayed': {
      if (state.status !== 'shipped') return state;
      const { previousEstimatedDeliveryAt, newEstimatedDeliveryAt, reason, delayedAt } = event.data;
      const revision: EstimateRevision = {
        previousEstimatedDeliveryAt,
        estimatedDeliveryAt: newEstimatedDeliveryAt,
        reason,
        revisedAt: delayedAt,
      };
      return {
        ...state,
        estimatedDeliveryAt: newEstimatedDeliveryAt,
        estimateRevisions: [...state.estimateRevisions, revision],
      };
    }
    case 'OrderDelivered':
      if (state.status !== 'shipped') return state;
      return {
        ...state,
        status: 'delivered',
        deliveredAt: event.data.deliveredAt,
        returnReservations: {},
        releasedReturnIds: [],
        repairs: [],
      };
    case 'OrderCancelled':
      if (state.status !== 'placed' && state.status !== 'shipped') return state;
      return {
        ...state,
        status: 'cancelled',
        cancelledAt: event.data.cancelledAt,
        cancellationReason: event.data.reason,
      };
    case 'ReturnQuantityReserved':
      if (state.status !== 'delivered') return state;
      return {
        ...state,
        returnReservations: { ...state.returnReservations, [event.data.returnId]: event.data.items },
      };
    case 'ReturnQuantityReleased': {
      if (state.status !== 'delivered') return state;
      const { [event.data.returnId]: _released, ...stillReserved } = state.returnReservations;
      return {
        ...state,
        returnReservations: stillReserved,
        releasedReturnIds: [...state.releasedReturnIds, event.data.returnId],
      };
    }
    case 'OrderLineRepaired': {
      if (state.status !== 'delivered') return state;
      const { orderId: _orderId, ...repair } = event.data;
      return { ...state, repairs: [...state.repairs, repair] };
    }
    default: {
      const _exhaustive: never = event;
      // An event type this version does not know changes nothing.
      return state;
    }
  }
}

/** The line with this number, if the order has it. */
export function orderLine(order: OrderState, lineNo: number): OrderLine | undefined {
  if (order.status === 'none') return undefined;
  return order.lines.find((line) => line.lineNo === lineNo);
}

/** Units of a line held by active return reservations, optionally leaving one return out. */
export function reservedQuantity(order: DeliveredOrder, lineNo: number, exceptReturnId?: string): number {
  let reserved = 0;
  for (const [returnId, items] of Object.entries(order.returnReservations)) {
    if (returnId === exceptReturnId) continue;
    for (const item of items) if (item.lineNo === lineNo) reserved += item.qty;
  }
  return reserved;
}

/** Delivered minus already reserved: what a (further) return may still claim of a line. */
export function returnableQuantity(order: DeliveredOrder, lineNo: number, exceptReturnId?: string): number {
  const line = orderLine(order, lineNo);
  if (!line) return 0;
  return line.qty - reservedQuantity(order, lineNo, exceptReturnId);
}

/**
 * The currency of this order when `order` is its state; later steps of a return or repair may be
 * given the order in their context, and then amounts must be in its currency.
 */
export function currencyOf(order: OrderState | undefined, orderId: string): string | undefined {
  return order && order.status !== 'none' && order.orderId === orderId ? order.currency : undefined;
}
