import type { Instant, Money } from '../shared/event';
import type { ItemCondition, ReturnEvent, ReturnItem, ReturnResolution } from './events';

/**
 * A return's lifecycle:
 *
 *   requested ──▶ approved ──▶ received ──▶ refunded | exchanged | credited
 *       └──────▶ rejected
 *
 * The requested resolution is the customer's wish; after receipt (and inspection of the
 * condition) the shop may settle it another way. Each received line is settled once, by refund,
 * exchange or store credit; the return stays `received` until its last line is settled, and
 * its final status names the settlement that closed it (`settlements` lists every line's).
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
  /** The order's currency (absent for release-1 requests). */
  currency?: string;
  requestedAt: Instant;
}>;
export type ReceivedItem = Readonly<{ lineNo: number; qty: number; condition: ItemCondition }>;
/** How one received line was settled (each line once; the units may be fewer than received). */
export type Settlement = Readonly<{ lineNo: number; qty: number; resolution: ReturnResolution; at: Instant }>;
type ReceiptFacts = RequestFacts &
  Readonly<{
    approvedAt: Instant;
    receivedAt: Instant;
    receivedItems: readonly ReceivedItem[];
    /** Per line: a return can refund one line and exchange another (DESIGN.md). */
    settlements: readonly Settlement[];
  }>;

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

type Received = Extract<ReturnState, { status: 'received' }>;

/** The received lines not settled yet, with the units received. */
export function unsettledLines(state: Received): readonly ReceivedItem[] {
  const settled = new Set((state.settlements ?? []).map((s) => s.lineNo));
  return state.receivedItems.filter((item) => !settled.has(item.lineNo));
}

/** Records the settlement of `items` (absent: every line not yet settled, as release 1 meant). */
function settle(
  state: Received,
  resolution: ReturnResolution,
  items: readonly Readonly<{ lineNo: number; qty: number }>[] | undefined,
  at: Instant,
): Received {
  const lines = items ?? unsettledLines(state).map(({ lineNo, qty }) => ({ lineNo, qty }));
  const settlements = [...(state.settlements ?? []), ...lines.map((l) => ({ ...l, resolution, at }))];
  return { ...state, settlements };
}

export function initialReturnState(): ReturnState {
  return { status: 'none' };
}

export function evolveReturn(state: ReturnState, event: ReturnEvent): ReturnState {
  switch (event.type) {
    case 'ReturnRequested': {
      const { returnId, orderId, customerId, items, resolution, currency, requestedAt } = event.data;
      return {
        status: 'requested',
        returnId,
        orderId,
        customerId,
        items,
        resolution,
        ...(currency === undefined ? {} : { currency }),
        requestedAt,
      };
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
        settlements: [],
      };
    case 'ReturnRefunded': {
      if (state.status !== 'received') return state;
      const { refundedAt, amount, items } = event.data;
      const settled = settle(state, 'refund', items, refundedAt);
      if (unsettledLines(settled).length > 0) return settled;
      return { ...settled, status: 'refunded', refundedAt, refundAmount: amount, refundedItems: items };
    }
    case 'ReturnExchanged': {
      if (state.status !== 'received') return state;
      const { replacementOrderId, exchangedAt, items } = event.data;
      const settled = settle(state, 'exchange', items, exchangedAt);
      if (unsettledLines(settled).length > 0) return settled;
      return {
        ...settled,
        status: 'exchanged',
        exchangedAt,
        ...(replacementOrderId === undefined ? {} : { replacementOrderId }),
      };
    }
    case 'ReturnStoreCredited': {
      if (state.status !== 'received') return state;
      const { creditedAt, amount, items } = event.data;
      const settled = settle(state, 'store-credit', items, creditedAt);
      if (unsettledLines(settled).length > 0) return settled;
      return { ...settled, status: 'credited', creditedAt, creditAmount: amount };
    }
    default: {
      const _exhaustive: never = event;
      // An event type this version does not know changes nothing.
      return state;
    }
  }
}
