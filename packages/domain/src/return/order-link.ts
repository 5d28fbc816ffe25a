import type { ReleaseReturnQuantity, ReserveReturnQuantity } from '../order/decide';
import type { ReturnEvent } from './events';

type ReturnedLines = Readonly<{
  orderId: string;
  returnId: string;
  items: readonly Readonly<{ lineNo: number; qty: number }>[];
}>;

/** The reservation on the order of a return's lines (from the request or what it recorded). */
export function reservationFor({ orderId, returnId, items }: ReturnedLines): ReserveReturnQuantity {
  return {
    type: 'ReserveReturnQuantity',
    data: { orderId, returnId, items: items.map(({ lineNo, qty }) => ({ lineNo, qty })) },
  };
}

/**
 * Which order-stream command a return event needs. The order stream guards returnable
 * quantities, so the HTTP layer runs, for a request: 1. reserve on `order-{id}` with the expected
 * revision, 2. append ReturnRequested on `return-{id}`; for a rejection: 1. append ReturnRejected,
 * 2. release on the order. Both order commands are idempotent by return id, so a retry after a
 * partial failure is safe. Other return events touch no order: `undefined`.
 */
export function orderCommandForReturnEvent(
  event: ReturnEvent,
): ReserveReturnQuantity | ReleaseReturnQuantity | undefined {
  switch (event.type) {
    case 'ReturnRequested':
      return reservationFor(event.data);
    case 'ReturnRejected':
      return {
        type: 'ReleaseReturnQuantity',
        data: { orderId: event.data.orderId, returnId: event.data.returnId },
      };
    case 'ReturnApproved':
    case 'ReturnItemsReceived':
    case 'ReturnRefunded':
    case 'ReturnExchanged':
    case 'ReturnStoreCredited':
      return undefined;
    default: {
      const _exhaustive: never = event;
      return undefined;
    }
  }
}
