import { RETURN_REASONS } from '@aftersales/domain';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { idParams, idSchema, moneySchema, positiveInt, text } from '../commands/schemas';

const lineNo = z.number().int().min(1).max(10_000);
const resolutionSchema = z.enum(['refund', 'exchange', 'store-credit']);
const requestBody = commandBody(
  {
    returnId: idSchema,
    orderId: idSchema,
    items: z
      .array(
        z.strictObject({
          lineNo,
          qty: positiveInt,
          reason: z.enum(RETURN_REASONS).meta({ description: 'Why, as a code (BI counts these).' }),
          reasonText: text(1_000)
            .optional()
            .meta({ description: "The customer's own words; kept on the return, never in BI." }),
          resolution: resolutionSchema
            .optional()
            .meta({ description: "What the customer asks for this line; default: the request's." }),
        }),
      )
      .min(1)
      .max(500),
    resolution: resolutionSchema,
  },
  [
    {
      returnId: 'ret-9001',
      orderId: 'ord-2026-0001',
      items: [
        { lineNo: 2, qty: 1, reason: 'damaged', reasonText: 'arrived chipped' },
        { lineNo: 3, qty: 1, reason: 'size-or-fit', resolution: 'exchange' },
      ],
      resolution: 'refund',
    },
  ],
);
const approveBody = commandBody({}, [{}]);
const rejectBody = commandBody({ reason: text(1_000) }, [{ reason: 'outside the return window' }]);
const receiveBody = commandBody(
  {
    items: z
      .array(
        z.strictObject({ lineNo, qty: positiveInt, condition: z.enum(['new', 'opened', 'used', 'damaged']) }),
      )
      .min(1)
      .max(500),
  },
  [{ items: [{ lineNo: 2, qty: 1, condition: 'damaged' }] }],
);
const refundBody = commandBody(
  {
    amount: moneySchema,
    items: z
      .array(z.strictObject({ lineNo, qty: positiveInt }))
      .min(1)
      .max(500)
      .optional(),
  },
  [{ amount: { amount: 899, currency: 'EUR' }, items: [{ lineNo: 2, qty: 1 }] }],
);
const settledLines = z
  .array(z.strictObject({ lineNo, qty: positiveInt }))
  .min(1)
  .max(500)
  .optional()
  .meta({ description: 'The lines this settles (each line once); default: every line not settled yet.' });
const replacementLine = z.strictObject({
  sku: idSchema,
  name: text(500),
  category: text(200),
  qty: positiveInt,
  unitPrice: z.number().int().min(0).meta({ description: "Minor units of the order's currency." }),
});
const exchangeBody = commandBody(
  {
    replacementOrderId: idSchema.optional(),
    items: settledLines,
    replacement: z.array(replacementLine).min(1).max(500).optional().meta({
      description:
        'Another SKU or variant: the price difference (replacement − returned, at the order prices) is settled.',
    }),
    differenceTo: z
      .enum(['refund', 'store-credit'])
      .optional()
      .meta({ description: 'Where a difference owed to the customer goes; default refund.' }),
  },
  [
    {
      replacementOrderId: 'ord-2026-0042',
      items: [{ lineNo: 2, qty: 1 }],
      replacement: [{ sku: 'MUG-012', name: 'Mug, blue', category: 'kitchen', qty: 1, unitPrice: 999 }],
    },
  ],
);
const creditBody = commandBody({ amount: moneySchema, items: settledLines }, [
  { amount: { amount: 899, currency: 'EUR' }, items: [{ lineNo: 2, qty: 1 }] },
]);

export const returnRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.commands;
  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/returns',
    operationId: 'requestReturn',
    summary: 'Request a return (reserves the quantities on the order; window and quantities are checked)',
    tag: 'returns',
    body: requestBody,
    creates: ({ body }) => `/v1/returns/${body.returnId}`,
    // The reservation on the order first, then the request against the order as it then stands.
    command: ({ body: { occurredAt: _, ...data } }) => ({ type: 'RequestReturn', data }),
  });

  const common = { method: 'POST', tag: 'returns', params: idParams } as const;

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/approval',
    operationId: 'approveReturn',
    summary: 'Approve a requested return',
    body: approveBody,
    command: ({ params }) => ({ type: 'ApproveReturn', data: { returnId: params.id } }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/rejection',
    operationId: 'rejectReturn',
    summary: 'Reject a return (releases its reserved quantities on the order)',
    body: rejectBody,
    command: ({ params, body }) => ({
      type: 'RejectReturn',
      data: { returnId: params.id, reason: body.reason },
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/receipt',
    operationId: 'receiveReturnItems',
    summary: 'Record the returned items as received, with their condition',
    body: receiveBody,
    command: ({ params, body }) => ({
      type: 'ReceiveReturnItems',
      data: { returnId: params.id, items: body.items },
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/refund',
    operationId: 'refundReturn',
    summary: 'Refund a return (reverses the loyalty points awarded for the refunded units)',
    body: refundBody,
    command: ({ params, body: { occurredAt: _, ...data } }) => ({
      type: 'RefundReturn',
      data: { returnId: params.id, ...data },
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/exchange',
    operationId: 'exchangeReturn',
    summary:
      "Resolve lines of a return by exchange, for the same or another SKU (the price difference is settled; the returned lines' points are reversed)",
    body: exchangeBody,
    command: ({ params, body: { occurredAt: _, ...data } }) => ({
      type: 'ExchangeReturn',
      data: { returnId: params.id, ...data },
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/store-credit',
    operationId: 'creditReturnToStore',
    summary: "Resolve a return by store credit (issued on the customer's store-credit ledger)",
    body: creditBody,
    command: ({ params, body: { occurredAt: _, ...data } }) => ({
      type: 'CreditReturnToStore',
      data: { returnId: params.id, ...data },
    }),
  });
};
