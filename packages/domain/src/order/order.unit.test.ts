import { describe, expect, it } from 'vitest';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { given } from '../shared/testing';
import { type OrderCommand, orderDecider } from './decide';
import type { OrderEvent, ShipmentDelayed } from './events';
import {
  at,
  customerId,
  deliveredAt,
  lines,
  orderDelivered,
  orderId,
  orderPlaced,
  orderShipped,
  orderStateFrom,
  placedAt,
  promisedDeliveryAt,
  shippedAt,
} from './order.fixtures';

const placeOrder = (data: Record<string, unknown> = {}): OrderCommand =>
  ({
    type: 'PlaceOrder',
    data: {
      orderId,
      customerId,
      currency: 'EUR',
      lines: lines.map(({ lineNo: _lineNo, ...line }) => line),
      ...data,
    },
  }) as OrderCommand;
const withLine = (patch: Record<string, unknown>) => placeOrder({ lines: [{ ...lines[0], ...patch }] });

const shipOrder: OrderCommand = {
  type: 'ShipOrder',
  data: {
    orderId,
    shipmentId: 'sh-1',
    carrier: 'DHL',
    trackingNumber: 'JD0001',
    estimatedDeliveryAt: promisedDeliveryAt,
  },
};
const delay = (newEstimatedDeliveryAt: string, reason = 'storm at the hub'): OrderCommand => ({
  type: 'DelayShipment',
  data: { orderId, newEstimatedDeliveryAt, reason },
});
const deliver: OrderCommand = { type: 'DeliverOrder', data: { orderId } };
const cancel: OrderCommand = { type: 'CancelOrder', data: { orderId, reason: 'changed my mind' } };
const delayedAt = '2026-03-05T12:00:00.000Z';
const delayed = (previous: string, next: string, at = delayedAt): ShipmentDelayed => ({
  type: 'ShipmentDelayed',
  data: {
    orderId,
    customerId,
    shipmentId: 'sh-1',
    previousEstimatedDeliveryAt: previous,
    newEstimatedDeliveryAt: next,
    reason: 'storm at the hub',
    delayedAt: at,
  },
});

describe('PlaceOrder', () => {
  it('places an order, numbering its lines from 1', () => {
    given(orderDecider).when(placeOrder(), at(placedAt)).then([orderPlaced]);
  });

  it('accepts a free item (unit price 0) without warranty', () => {
    given(orderDecider)
      .when(withLine({ unitPrice: 0, warrantyMonths: 0 }), at(placedAt))
      .then([
        {
          ...orderPlaced,
          data: { ...orderPlaced.data, lines: [{ ...lines[0], unitPrice: 0, warrantyMonths: 0 }] },
        },
      ] as OrderEvent[]);
  });

  it('refuses to place the same order twice', () => {
    given(orderDecider, [orderPlaced])
      .when(placeOrder(), at(placedAt))
      .thenThrows(IllegalStateError, 'order-already-placed');
  });

  it.each([
    [{ qty: 0 }, 'invalid-qty'],
    [{ qty: -1 }, 'invalid-qty'],
    [{ qty: 1.5 }, 'invalid-qty'],
    [{ qty: '2' }, 'invalid-qty'],
    [{ unitPrice: -1 }, 'invalid-unit-price'],
    [{ unitPrice: 9.99 }, 'invalid-unit-price'],
    [{ warrantyMonths: -1 }, 'invalid-warranty-months'],
    [{ warrantyMonths: 0.5 }, 'invalid-warranty-months'],
    [{ sku: '' }, 'invalid-sku'],
    [{ name: ' ' }, 'invalid-line-name'],
    [{ category: undefined }, 'invalid-category'],
  ])('rejects a line with %j as %s', (patch, code) => {
    given(orderDecider).when(withLine(patch), at(placedAt)).thenThrows(ValidationError, code);
  });

  it.each([
    [{ currency: 'eur' }, 'invalid-currency'],
    [{ currency: 'EURO' }, 'invalid-currency'],
    [{ currency: undefined }, 'invalid-currency'],
    [{ lines: [] }, 'order-has-no-lines'],
    [{ lines: undefined }, 'order-has-no-lines'],
    [{ customerId: '' }, 'invalid-customer-id'],
  ])('rejects an order with %j as %s', (patch, code) => {
    given(orderDecider).when(placeOrder(patch), at(placedAt)).thenThrows(ValidationError, code);
  });
});

describe('ShipOrder', () => {
  it('ships a placed order with its promised delivery date', () => {
    given(orderDecider, [orderPlaced]).when(shipOrder, at(shippedAt)).then([orderShipped]);
  });

  it('keeps the promised date in the state', () => {
    const state = orderStateFrom([orderPlaced, orderShipped]);
    expect(state).toMatchObject({
      status: 'shipped',
      promisedDeliveryAt,
      estimatedDeliveryAt: promisedDeliveryAt,
    });
  });

  it('refuses to ship an order that was never placed', () => {
    given(orderDecider).when(shipOrder, at(shippedAt)).thenThrows(NotFoundError, 'order-not-found');
  });

  it('refuses to ship twice, after delivery or after cancellation', () => {
    given(orderDecider, [orderPlaced, orderShipped])
      .when(shipOrder, at(shippedAt))
      .thenThrows(IllegalStateError, 'order-already-shipped');
    given(orderDecider, [orderPlaced, orderShipped, orderDelivered])
      .when(shipOrder, at(shippedAt))
      .thenThrows(IllegalStateError, 'order-already-shipped');
    given(orderDecider, [
      orderPlaced,
      { type: 'OrderCancelled', data: { orderId, customerId, reason: 'x', cancelledAt: placedAt } },
    ])
      .when(shipOrder, at(shippedAt))
      .thenThrows(IllegalStateError, 'order-cancelled');
  });

  it('rejects an estimate before the shipping time, or one that is no instant', () => {
    const early = {
      ...shipOrder,
      data: { ...shipOrder.data, estimatedDeliveryAt: placedAt },
    } as OrderCommand;
    given(orderDecider, [orderPlaced])
      .when(early, at(shippedAt))
      .thenThrows(ValidationError, 'estimate-before-shipment');
    const vague = {
      ...shipOrder,
      data: { ...shipOrder.data, estimatedDeliveryAt: 'next week' },
    } as OrderCommand;
    given(orderDecider, [orderPlaced])
      .when(vague, at(shippedAt))
      .thenThrows(ValidationError, 'invalid-instant');
  });

  it.each([
    ['carrier', 'invalid-carrier'],
    ['trackingNumber', 'invalid-tracking-number'],
    ['shipmentId', 'invalid-shipment-id'],
  ])('rejects an empty %s', (field, code) => {
    const command = { ...shipOrder, data: { ...shipOrder.data, [field]: '' } } as OrderCommand;
    given(orderDecider, [orderPlaced]).when(command, at(shippedAt)).thenThrows(ValidationError, code);
  });
});

describe('DelayShipment', () => {
  const firstDelay = '2026-03-07T18:00:00.000Z';
  const secondDelay = '2026-03-09T18:00:00.000Z';

  it('records the new estimate with the one it replaces', () => {
    given(orderDecider, [orderPlaced, orderShipped])
      .when(delay(firstDelay), at(delayedAt))
      .then([delayed(promisedDeliveryAt, firstDelay)]);
  });

  it('revises the latest estimate and keeps every revision and the promise', () => {
    const later = '2026-03-07T10:00:00.000Z';
    given(orderDecider, [orderPlaced, orderShipped, delayed(promisedDeliveryAt, firstDelay)])
      .when(delay(secondDelay), at(later))
      .then([delayed(firstDelay, secondDelay, later)]);
    const state = orderStateFrom([
      orderPlaced,
      orderShipped,
      delayed(promisedDeliveryAt, firstDelay),
      delayed(firstDelay, secondDelay, later),
    ]);
    expect(state).toMatchObject({
      promisedDeliveryAt,
      estimatedDeliveryAt: secondDelay,
      estimateRevisions: [
        {
          previousEstimatedDeliveryAt: promisedDeliveryAt,
          estimatedDeliveryAt: firstDelay,
          revisedAt: delayedAt,
        },
        { previousEstimatedDeliveryAt: firstDelay, estimatedDeliveryAt: secondDelay, revisedAt: later },
      ],
    });
  });

  it('records nothing when the estimate is already the current one', () => {
    given(orderDecider, [orderPlaced, orderShipped, delayed(promisedDeliveryAt, firstDelay)])
      .when(delay(firstDelay), at(delayedAt))
      .thenNothing();
  });

  it('refuses an estimate earlier than the current one', () => {
    given(orderDecider, [orderPlaced, orderShipped])
      .when(delay(shippedAt), at(delayedAt))
      .thenThrows(IllegalStateError, 'estimate-not-later');
  });

  it('refuses to delay an unshipped, delivered, cancelled or unknown order', () => {
    given(orderDecider, [orderPlaced])
      .when(delay(firstDelay), at(delayedAt))
      .thenThrows(IllegalStateError, 'order-not-shipped');
    given(orderDecider, [orderPlaced, orderShipped, orderDelivered])
      .when(delay(firstDelay), at(delayedAt))
      .thenThrows(IllegalStateError, 'order-already-delivered');
    given(orderDecider, [
      orderPlaced,
      orderShipped,
      { type: 'OrderCancelled', data: { orderId, customerId, reason: 'x', cancelledAt: delayedAt } },
    ])
      .when(delay(firstDelay), at(delayedAt))
      .thenThrows(IllegalStateError, 'order-cancelled');
    given(orderDecider).when(delay(firstDelay), at(delayedAt)).thenThrows(NotFoundError, 'order-not-found');
  });

  it('needs a reason', () => {
    given(orderDecider, [orderPlaced, orderShipped])
      .when(delay(firstDelay, '  '), at(delayedAt))
      .thenThrows(ValidationError, 'invalid-reason');
  });
});

describe('DeliverOrder', () => {
  it('delivers a shipped order', () => {
    given(orderDecider, [orderPlaced, orderShipped]).when(deliver, at(deliveredAt)).then([orderDelivered]);
  });

  it('delivers a delayed order too', () => {
    given(orderDecider, [orderPlaced, orderShipped, delayed(promisedDeliveryAt, '2026-03-07T18:00:00.000Z')])
      .when(deliver, at(deliveredAt))
      .then([orderDelivered]);
  });

  it('refuses to deliver an unshipped, delivered, cancelled or unknown order', () => {
    given(orderDecider, [orderPlaced])
      .when(deliver, at(deliveredAt))
      .thenThrows(IllegalStateError, 'order-not-shipped');
    given(orderDecider, [orderPlaced, orderShipped, orderDelivered])
      .when(deliver, at(deliveredAt))
      .thenThrows(IllegalStateError, 'order-already-delivered');
    given(orderDecider, [
      orderPlaced,
      { type: 'OrderCancelled', data: { orderId, customerId, reason: 'x', cancelledAt: placedAt } },
    ])
      .when(deliver, at(deliveredAt))
      .thenThrows(IllegalStateError, 'order-cancelled');
    given(orderDecider).when(deliver, at(deliveredAt)).thenThrows(NotFoundError, 'order-not-found');
  });

  it('refuses a delivery before the shipment', () => {
    given(orderDecider, [orderPlaced, orderShipped])
      .when(deliver, at(placedAt))
      .thenThrows(IllegalStateError, 'delivery-before-shipment');
  });
});

describe('CancelOrder', () => {
  const cancelled = (cancelledAt: string): OrderEvent => ({
    type: 'OrderCancelled',
    data: { orderId, customerId, reason: 'changed my mind', cancelledAt },
  });

  it('cancels a placed order', () => {
    given(orderDecider, [orderPlaced])
      .when(cancel, at(placedAt))
      .then([cancelled(placedAt)]);
  });

  it('cancels a shipped order that has not been delivered', () => {
    given(orderDecider, [orderPlaced, orderShipped])
      .when(cancel, at(shippedAt))
      .then([cancelled(shippedAt)]);
  });

  it('refuses to cancel after delivery', () => {
    given(orderDecider, [orderPlaced, orderShipped, orderDelivered])
      .when(cancel, at(deliveredAt))
      .thenThrows(IllegalStateError, 'order-already-delivered');
  });

  it('refuses to cancel twice, or an unknown order, or without a reason', () => {
    given(orderDecider, [orderPlaced, cancelled(placedAt)])
      .when(cancel, at(placedAt))
      .thenThrows(IllegalStateError, 'order-already-cancelled');
    given(orderDecider).when(cancel, at(placedAt)).thenThrows(NotFoundError, 'order-not-found');
    given(orderDecider, [orderPlaced])
      .when({ type: 'CancelOrder', data: { orderId, reason: '' } }, at(placedAt))
      .thenThrows(ValidationError, 'invalid-reason');
  });
});
