import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { currencySchema, idParams, idSchema, instantSchema, positiveInt, text } from '../commands/schemas';

const orderLine = z.strictObject({
  sku: text(100),
  name: text(500),
  category: text(100),
  qty: positiveInt,
  unitPrice: z
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .meta({ description: 'integer minor units' }),
  warrantyMonths: z.number().int().min(0).max(1_200),
});

const placeBody = commandBody(
  {
    orderId: idSchema,
    customerId: idSchema,
    currency: currencySchema,
    lines: z.array(orderLine).min(1).max(500),
  },
  [
    {
      orderId: 'ord-2026-0001',
      customerId: 'cus-42',
      currency: 'EUR',
      lines: [
        {
          sku: 'KET-200',
          name: 'Electric kettle',
          category: 'kitchen',
          qty: 1,
          unitPrice: 4999,
          warrantyMonths: 24,
        },
        { sku: 'MUG-011', name: 'Mug', category: 'kitchen', qty: 2, unitPrice: 899, warrantyMonths: 0 },
      ],
      occurredAt: '2026-03-01T10:00:00.000Z',
    },
  ],
);

const shipBody = commandBody(
  { shipmentId: idSchema, carrier: text(200), trackingNumber: text(200), estimatedDeliveryAt: instantSchema },
  [
    {
      shipmentId: 'shp-1',
      carrier: 'DHL',
      trackingNumber: 'JD0146000031',
      estimatedDeliveryAt: '2026-03-04T18:00:00.000Z',
    },
  ],
);
const delayBody = commandBody({ newEstimatedDeliveryAt: instantSchema, reason: text(1_000) }, [
  { newEstimatedDeliveryAt: '2026-03-06T18:00:00.000Z', reason: 'weather at the hub' },
]);
const deliverBody = commandBody({}, [{ occurredAt: '2026-03-05T14:30:00.000Z' }]);
const cancelBody = commandBody({ reason: text(1_000) }, [{ reason: 'customer changed their mind' }]);

export const orderRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.commands;
  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/orders',
    operationId: 'placeOrder',
    summary: 'Place an order',
    tag: 'orders',
    body: placeBody,
    creates: ({ body }) => `/v1/orders/${body.orderId}`,
    command: ({ body: { occurredAt: _, ...data } }) => ({ type: 'PlaceOrder', data }),
  });

  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/orders/:id/shipments',
    operationId: 'shipOrder',
    summary: 'Ship an order (the estimate given is the promised date)',
    tag: 'orders',
    params: idParams,
    body: shipBody,
    command: ({ params, body: { occurredAt: _, ...data } }) => ({
      type: 'ShipOrder',
      data: { orderId: params.id, ...data },
    }),
  });

  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/orders/:id/delays',
    operationId: 'delayShipment',
    summary: 'Revise the delivery estimate of a shipped order',
    tag: 'orders',
    params: idParams,
    body: delayBody,
    command: ({ params, body: { occurredAt: _, ...data } }) => ({
      type: 'DelayShipment',
      data: { orderId: params.id, ...data },
    }),
  });

  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/orders/:id/delivery',
    operationId: 'deliverOrder',
    summary: 'Record the delivery of an order (earns loyalty points, pending until the return window closes)',
    tag: 'orders',
    params: idParams,
    body: deliverBody,
    command: ({ params }) => ({ type: 'DeliverOrder', data: { orderId: params.id } }),
  });

  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/orders/:id/cancellation',
    operationId: 'cancelOrder',
    summary: 'Cancel an order (only before delivery)',
    tag: 'orders',
    params: idParams,
    body: cancelBody,
    command: ({ params, body }) => ({
      type: 'CancelOrder',
      data: { orderId: params.id, reason: body.reason },
    }),
  });
};
