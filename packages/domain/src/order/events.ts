import type { Event, Instant } from '../shared/event';

export type OrderLine = Readonly<{
  /** 1-based position of the line in the order; items are addressed by it afterwards. */
  lineNo: number;
  sku: string;
  name: string;
  category: string;
  qty: number;
  /** Integer minor units of the order's currency. */
  unitPrice: number;
  warrantyMonths: number;
}>;

export type LineQuantity = Readonly<{ lineNo: number; qty: number }>;

export type OrderPlaced = Event<
  'OrderPlaced',
  { orderId: string; customerId: string; currency: string; lines: readonly OrderLine[]; placedAt: Instant }
>;
export type OrderShipped = Event<
  'OrderShipped',
  {
    orderId: string;
    customerId: string;
    shipmentId: string;
    carrier: string;
    trackingNumber: string;
    /** The promised date: kept as first given, revisions come as ShipmentDelayed. */
    estimatedDeliveryAt: Instant;
    shippedAt: Instant;
  }
>;
export type ShipmentDelayed = Event<
  'ShipmentDelayed',
  {
    orderId: string;
    customerId: string;
    shipmentId: string;
    previousEstimatedDeliveryAt: Instant;
    newEstimatedDeliveryAt: Instant;
    reason: string;
    delayedAt: Instant;
  }
>;
export type OrderDelivered = Event<
  'OrderDelivered',
  { orderId: string; customerId: string; deliveredAt: Instant }
>;
export type OrderCancelled = Event<
  'OrderCancelled',
  { orderId: string; customerId: string; reason: string; cancelledAt: Instant }
>;
/**
 * The order stream is the consistency boundary for returnable quantities: a return request
 * reserves its quantities here (expected revision guards concurrent requests), a rejection
 * or cancellation releases them.
 */
export type ReturnQuantityReserved = Event<
  'ReturnQuantityReserved',
  { orderId: string; returnId: string; items: readonly LineQuantity[]; reservedAt: Instant }
>;
export type ReturnQuantityReleased = Event<
  'ReturnQuantityReleased',
  { orderId: string; returnId: string; releasedAt: Instant }
>;
/** A completed repair, recorded on the order so later repairs can derive repair warranty. */
export type OrderLineRepaired = Event<
  'OrderLineRepaired',
  {
    orderId: string;
    repairId: string;
    lineNo: number;
    serialNumber?: string;
    outcome: 'repaired' | 'replaced' | 'refunded' | 'unrepairable';
    completedAt: Instant;
  }
>;

export type OrderEvent =
  | OrderPlaced
  | OrderShipped
  | ShipmentDelayed
  | OrderDelivered
  | OrderCancelled
  | ReturnQuantityReserved
  | ReturnQuantityReleased
  | OrderLineRepaired;
