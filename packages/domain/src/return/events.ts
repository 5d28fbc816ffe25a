import type { Event, Instant, Money } from '../shared/event';

export type ReturnResolution = 'refund' | 'exchange' | 'store-credit';
export type ReturnItem = Readonly<{
  lineNo: number;
  sku: string;
  category: string;
  qty: number;
  reason: string;
}>;
export type ItemCondition = 'new' | 'opened' | 'used' | 'damaged';

export type ReturnRequested = Event<
  'ReturnRequested',
  {
    returnId: string;
    orderId: string;
    customerId: string;
    items: readonly ReturnItem[];
    resolution: ReturnResolution;
    requestedAt: Instant;
  }
>;
export type ReturnApproved = Event<
  'ReturnApproved',
  { returnId: string; orderId: string; approvedAt: Instant }
>;
export type ReturnRejected = Event<
  'ReturnRejected',
  { returnId: string; orderId: string; reason: string; rejectedAt: Instant }
>;
export type ReturnItemsReceived = Event<
  'ReturnItemsReceived',
  {
    returnId: string;
    orderId: string;
    items: readonly Readonly<{ lineNo: number; qty: number; condition: ItemCondition }>[];
    receivedAt: Instant;
  }
>;
export type ReturnRefunded = Event<
  'ReturnRefunded',
  {
    returnId: string;
    orderId: string;
    customerId: string;
    amount: Money;
    items: readonly Readonly<{ lineNo: number; qty: number }>[];
    refundedAt: Instant;
  }
>;
export type ReturnExchanged = Event<
  'ReturnExchanged',
  { returnId: string; orderId: string; customerId: string; replacementOrderId?: string; exchangedAt: Instant }
>;
export type ReturnStoreCredited = Event<
  'ReturnStoreCredited',
  { returnId: string; orderId: string; customerId: string; amount: Money; creditedAt: Instant }
>;

export type ReturnEvent =
  | ReturnRequested
  | ReturnApproved
  | ReturnRejected
  | ReturnItemsReceived
  | ReturnRefunded
  | ReturnExchanged
  | ReturnStoreCredited;
