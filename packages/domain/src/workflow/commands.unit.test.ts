import { describe, expect, it } from 'vitest';
import {
  at,
  customerId,
  deliveredAt,
  deliveredOrderEvents,
  orderDelivered,
  orderId,
  orderPlaced,
  orderShipped,
} from '../order/order.fixtures';
import {
  approvedAt,
  requestedAt,
  returnId,
  returnRejected,
  returnRequested,
} from '../return/return.fixtures';
import { type DomainCommand, targetOf, workflowOf } from './commands';
import { givenStreams } from './testing';

const orderStream = `order-${orderId}`;
const returnStream = `return-${returnId}`;

/** The request's lines as its reservation holds them (quantities only). */
const reservedItems = [
  { lineNo: 1, qty: 1 },
  { lineNo: 2, qty: 2 },
];
const requestReturn: DomainCommand = {
  type: 'RequestReturn',
  data: {
    returnId,
    orderId,
    items: [
      { lineNo: 1, qty: 1, reason: 'defective', reasonText: 'screen flickers' },
      { lineNo: 2, qty: 2, reason: 'not-as-described' },
    ],
    resolution: 'refund',
  },
};

describe('the workflow of a command, as data', () => {
  it('a return request: decided on the return, reading the order, after its reservation on the order', () => {
    const workflow = workflowOf(requestReturn);
    expect(workflow.target).toEqual({ aggregate: 'return', stream: returnStream, command: requestReturn });
    expect(workflow.createsStream).toBe(true);
    expect(workflow.loads.map((load) => load.stream)).toEqual([orderStream]);
    expect(workflow.before).toEqual([
      {
        aggregate: 'order',
        stream: orderStream,
        command: {
          type: 'ReserveReturnQuantity',
          data: {
            orderId,
            returnId,
            items: reservedItems,
          },
        },
      },
    ]);
  });

  it('a command on one stream only: no loads, no effects before it, not creating', () => {
    const ship: DomainCommand = { type: 'DeliverOrder', data: { orderId } };
    expect(workflowOf(ship)).toEqual({
      target: { aggregate: 'order', stream: orderStream, command: ship },
      createsStream: false,
      loads: [],
      before: [],
    });
  });

  it('feedback reads its subject, a case its customer and subject', () => {
    const feedback: DomainCommand = {
      type: 'SubmitFeedback',
      data: { feedbackId: 'f-1', customerId, subject: { type: 'order', id: orderId }, csat: 5 },
    };
    expect(workflowOf(feedback).loads.map((load) => load.stream)).toEqual([orderStream]);
    expect(targetOf(feedback).stream).toBe(`feedback-order-${orderId}`);
    const open: DomainCommand = {
      type: 'OpenCase',
      data: {
        caseId: 'k-1',
        customerId,
        channel: 'email',
        openedBy: { type: 'agent', agentId: 'a-1' },
        subject: { type: 'return', id: returnId },
      },
    };
    expect(workflowOf(open).loads.map((load) => load.stream)).toEqual([
      `customer-${customerId}`,
      returnStream,
    ]);
  });
});

describe('workflows given/when/then', () => {
  it('a return request reserves on the order, then records the request against it', () => {
    givenStreams({ [orderStream]: deliveredOrderEvents })
      .when(requestReturn, at(requestedAt))
      .then({
        [orderStream]: [
          {
            type: 'ReturnQuantityReserved',
            data: {
              orderId,
              returnId,
              items: reservedItems,
              reservedAt: requestedAt,
            },
          },
        ],
        [returnStream]: [returnRequested],
      });
  });

  it('a refused return request leaves no reservation behind', () => {
    givenStreams({ [orderStream]: [orderPlaced, orderShipped] })
      .when(requestReturn, at(requestedAt))
      .thenRefuses('order-not-delivered');
  });

  it('a rejection releases the reservation on the order', () => {
    const reserved = {
      type: 'ReturnQuantityReserved',
      data: { orderId, returnId, items: [{ lineNo: 1, qty: 1 }], reservedAt: requestedAt },
    } as const;
    givenStreams({ [orderStream]: [...deliveredOrderEvents, reserved], [returnStream]: [returnRequested] })
      .when({ type: 'RejectReturn', data: { returnId, reason: 'outside policy' } }, at(approvedAt))
      .then({
        [returnStream]: [returnRejected],
        [orderStream]: [
          {
            type: 'ReturnQuantityReleased',
            data: { orderId, returnId, releasedAt: approvedAt },
          },
        ],
      });
  });

  it('a delivery earns points on the customer’s ledger, pending until the return window closes', () => {
    // 2 × 499.00 = 998 points and 3 × 15.00 = 45 at bronze (1.0); the window (30 days) closes on
    // 3 April 15:00, the points expire a year after the delivery. 1,043.00 spent lifts to silver.
    const lot = (lineNo: number, qty: number, spend: number, points: number) => ({
      lotId: `order:${orderId}:${lineNo}`,
      lineNo,
      qty,
      spend,
      points,
      availableAt: '2026-04-03T15:00:00.000Z',
      expiresAt: '2027-03-04T15:00:00.000Z',
    });
    givenStreams({ [orderStream]: [orderPlaced, orderShipped] })
      .when({ type: 'DeliverOrder', data: { orderId } }, at(deliveredAt))
      .then({
        [orderStream]: [orderDelivered],
        [`loyalty-${customerId}`]: [
          {
            type: 'PointsEarned',
            data: {
              customerId,
              orderId,
              currency: 'EUR',
              tier: 'bronze',
              multiplier: 1,
              unitsPerPoint: 1,
              lots: [lot(1, 2, 99_800, 998), lot(2, 3, 4_500, 45)],
              earnedAt: deliveredAt,
            },
          },
          {
            type: 'LoyaltyTierChanged',
            data: { customerId, from: 'bronze', to: 'silver', changedAt: deliveredAt },
          },
        ],
      });
  });
});
