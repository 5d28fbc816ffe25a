import type { Event, Instant, Money } from '../shared/event';
import type { ReturnReason } from './reasons';

export type ReturnResolution = 'refund' | 'exchange' | 'store-credit';
export type ReturnItem = Readonly<{
  lineNo: number;
  sku: string;
  category: string;
  qty: number;
  /** Why (v2: a code of DESIGN.md; v1 free text is upcast, see `reasonFromFreeText`). */
  reason: ReturnReason;
  /** The customer's own words, optional; personal in tone, never in BI. */
  reasonText?: string;
  /** What the customer asks for this line (v2; v1: the request's `resolution`). */
  resolution: ReturnResolution;
  /** The order line's unit price, minor units of `currency` (v2; prices an exchange). */
  unitPrice?: number;
}>;
export type ItemCondition = 'new' | 'opened' | 'used' | 'damaged';

export type ReturnRequested = Event<
  'ReturnRequested',
  {
    returnId: string;
    orderId: string;
    customerId: string;
    items: readonly ReturnItem[];
    /** The resolution asked for lines that name none (and, for v1 events, for every line). */
    resolution: ReturnResolution;
    /** The order's currency (v2). */
    currency?: string;
    requestedAt: Instant;
    /** The policy version whose return window decided the request (the one in force at delivery). */
    policyVersion?: number;
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
/** A line of the replacement: another SKU or a variant, at its own price. */
export type ReplacementLine = Readonly<{
  sku: string;
  name: string;
  category: string;
  qty: number;
  /** Integer minor units of the order's currency. */
  unitPrice: number;
}>;
/** How a price difference of an exchange is settled (`none`: the same value). */
export type DifferenceSettlement = 'customer-pays' | 'refund' | 'store-credit' | 'none';
export type ReturnExchanged = Event<
  'ReturnExchanged',
  {
    returnId: string;
    orderId: string;
    customerId: string;
    /** The order the replacement ships on; it earns points when it is delivered. */
    replacementOrderId?: string;
    /** The lines exchanged (absent in release 1: every line received). */
    items?: readonly Readonly<{ lineNo: number; qty: number }>[];
    replacement?: readonly ReplacementLine[];
    /** Replacement value − returned value: > 0 the customer pays it, < 0 it goes back to them. */
    priceDifference?: Money;
    differenceSettledAs?: DifferenceSettlement;
    exchangedAt: Instant;
  }
>;
export type ReturnStoreCredited = Event<
  'ReturnStoreCredited',
  {
    returnId: string;
    orderId: string;
    customerId: string;
    amount: Money;
    /** The lines credited (absent in release 1: every line received). */
    items?: readonly Readonly<{ lineNo: number; qty: number }>[];
    creditedAt: Instant;
  }
>;

export type ReturnEvent =
  | ReturnRequested
  | ReturnApproved
  | ReturnRejected
  | ReturnItemsReceived
  | ReturnRefunded
  | ReturnExchanged
  | ReturnStoreCredited;
