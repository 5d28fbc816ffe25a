import { deliveredAt, orderId } from '../order/order.fixtures';
import type { ReturnEvent, ReturnRequested } from './events';

/** Facts for return specifications, on the delivered order of the order fixtures. */

export const returnId = 'r-1';
export const requestedAt = '2026-03-10T09:00:00.000Z';
export const approvedAt = '2026-03-11T09:00:00.000Z';
export const receivedAt = '2026-03-15T09:00:00.000Z';
export const resolvedAt = '2026-03-16T09:00:00.000Z';
export { deliveredAt, orderId };

export const returnRequested: ReturnRequested = {
  type: 'ReturnRequested',
  data: {
    returnId,
    orderId,
    customerId: 'c-1',
    items: [
      {
        lineNo: 1,
        sku: 'PHONE-X',
        category: 'electronics',
        qty: 1,
        reason: 'defective',
        reasonText: 'screen flickers',
        resolution: 'refund',
        unitPrice: 49_900,
      },
      {
        lineNo: 2,
        sku: 'CASE-1',
        category: 'accessories',
        qty: 2,
        reason: 'not-as-described',
        resolution: 'refund',
        unitPrice: 1_500,
      },
    ],
    resolution: 'refund',
    currency: 'EUR',
    requestedAt,
    policyVersion: 0,
  },
};
export const returnApproved: ReturnEvent = {
  type: 'ReturnApproved',
  data: { returnId, orderId, approvedAt },
};
export const returnRejected: ReturnEvent = {
  type: 'ReturnRejected',
  data: { returnId, orderId, reason: 'outside policy', rejectedAt: approvedAt },
};
export const itemsReceived: ReturnEvent = {
  type: 'ReturnItemsReceived',
  data: {
    returnId,
    orderId,
    items: [
      { lineNo: 1, qty: 1, condition: 'opened' },
      { lineNo: 2, qty: 1, condition: 'new' },
    ],
    receivedAt,
  },
};
export const returnRefunded: ReturnEvent = {
  type: 'ReturnRefunded',
  data: {
    returnId,
    orderId,
    customerId: 'c-1',
    amount: { amount: 51_400, currency: 'EUR' },
    items: [
      { lineNo: 1, qty: 1 },
      { lineNo: 2, qty: 1 },
    ],
    refundedAt: resolvedAt,
  },
};
export const returnExchanged: ReturnEvent = {
  type: 'ReturnExchanged',
  data: {
    returnId,
    orderId,
    customerId: 'c-1',
    replacementOrderId: 'o-2',
    items: [
      { lineNo: 1, qty: 1 },
      { lineNo: 2, qty: 1 },
    ],
    exchangedAt: resolvedAt,
  },
};
export const returnCredited: ReturnEvent = {
  type: 'ReturnStoreCredited',
  data: {
    returnId,
    orderId,
    customerId: 'c-1',
    amount: { amount: 51_400, currency: 'EUR' },
    items: [
      { lineNo: 1, qty: 1 },
      { lineNo: 2, qty: 1 },
    ],
    creditedAt: resolvedAt,
  },
};
