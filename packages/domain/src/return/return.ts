import type { Instant, Money } from '../shared/event';
import type { ItemCondition, ReturnEvent, ReturnItem, ReturnResolution } from './events';

/**
 * A return's lifecycle:
 *
 *   requested ──▶ approved ──▶ received ──▶ refunded | exchanged | credited
 *       └──────▶ rejected
 *
 * The requested resolution is the customer's wish; after receipt (and inspection of the
 * condition) the shop may settle it another way, so any of the three closes a received return.
 */
export const returnLifecycle = {
  none: ['requested'],
  requested: ['approved', 'rejected'],
  approved: ['received'],
  rejected: [],
  received: ['refunded', 'exchanged', 'credited'],
  refunded: [],
  exchanged: [],
  credited: [],
} as const satisfies Record<string, readonly string[]>;

export type ReturnStatus = keyof typeof returnLifecycle;

type RequestFacts = Readonly<{
  returnId: string;
  orderId: string;
  customerId: string;
  items: readonly ReturnItem[];
  resolution: ReturnResolution;
  requestedAt: Instant;
}>;
export type ReceivedItem = Readonly<{ lineNo: number; qty: number; condition: ItemCondition }>;
type ReceiptFacts = RequestFacts &
  Readonly<{ approvedAt: Instant; receivedAt: Instant; receivedItems: readonly ReceivedItem[] }>;

export type ReturnState =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'requested' }> & RequestFacts)
  | (Readonly<{ status: 'approved'; approvedAt: Instant }> & RequestFacts)
  | (Readonly<{ status: 'rejected'; rejectedAt: Instant; rejectionReason: string }> & RequestFacts)
  | (Readonly<{ status: 'received' }> & ReceiptFacts)
  | (Readonly<{
      status: 'refunded';
      refundedAt: Instant;
      refundAmount: Money;
      refundedItems: readonly Readonly<{ lineNo: number; qty: number }>[];
    }> &
      ReceiptFacts)
  | (Readonly<{ status: 'exchanged'; exchangedAt: Instant; replacementOrderId?: string }> & ReceiptFacts)
  | (Readonly<{ status: 'credited'; creditedAt: Instant; creditAmount: Money }> & ReceiptFacts);

export function initialReturnState(): ReturnState {
  return { status: 'none' };
}

export function evolveReturn(state: ReturnState, event: ReturnEvent): ReturnState {
  switch (event.type) {
    case 'ReturnRequested': {
      const { returnId, orderId, customerId, items, resolution, requestedAt } = event.data;
      return { status: 'requested', returnId, orderId, customerId, items, resolution, requestedAt };
    }
    case 'ReturnApproved':
      if (state.status !== 'requested') return state;
      return { ...state, status: 'approved', approvedAt: event.data.approvedAt };
    case 'ReturnRejected':
      if (state.status !== 'requested') return state;
      return {
        ...state,
        status: 'rejected',
        rejectedAt: event.data.rejectedAt,
        rejectionReason: event.data.reason,
      };
    case 'ReturnItemsReceived':
      if (state.status !== 'approved') return state;
      return {
        ...state,
        status: 'received',
        receivedAt: event.data.receivedAt,
        receivedItems: event.data.items,
      };
    case 'ReturnRefunded':
      if (state.status !== 'received') return state;
      return {
        ...state,
        status: 'refunded',
        refundedAt: event.data.refundedAt,
        refundAmount: event.data.amount,
        refundedItems: event.data.items,
      };
    case 'ReturnExchanged': {
      if (state.status !== 'received') return state;
      const { replacementOrderId, exchangedAt } = event.data;
      return {
        ...state,
        status: 'exchanged',
        exchangedAt,
        ...(replacementOrderId === undefined ? {} : { replacementOrderId }),
      };
    }
    case 'ReturnStoreCredited':
      if (state.status !== 'received') return state;
      return {
        ...state,
        status: 'credited',
        creditedAt: event.data.creditedAt,
        creditAmount: event.data.amount,
      };
    default: {
      const _exhaustive: never = event;
      // An event type this version does not know changes nothing.
      return state;
    }
  }
}
