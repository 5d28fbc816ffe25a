import { orderDecider, type ReturnCommand, returnDecider, streams } from '@aftersales/domain';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { followUpsOf } from '../commands/follow-ups';
import { step } from '../commands/plan';
import { idParams, idSchema, moneySchema, positiveInt, text } from '../commands/schemas';

const lineNo = z.number().int().min(1).max(10_000);
const requestBody = commandBody(
  {
    returnId: idSchema,
    orderId: idSchema,
    items: z
      .array(z.strictObject({ lineNo, qty: positiveInt, reason: text(1_000) }))
      .min(1)
      .max(500),
    resolution: z.enum(['refund', 'exchange', 'store-credit']),
  },
  [
    {
      returnId: 'ret-9001',
      orderId: 'ord-2026-0001',
      items: [{ lineNo: 2, qty: 1, reason: 'arrived chipped' }],
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
const exchangeBody = commandBody({ replacementOrderId: idSchema.optional() }, [
  { replacementOrderId: 'ord-2026-0042' },
]);
const creditBody = commandBody({ amount: moneySchema }, [{ amount: { amount: 899, currency: 'EUR' } }]);

type Later = Exclude<ReturnCommand, { type: 'RequestReturn' }>;

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
    plan: ({ body: { occurredAt: _, ...data } }, load) => {
      const orderStream = streams.order(data.orderId);
      const items = data.items.map(({ lineNo: n, qty }) => ({ lineNo: n, qty }));
      return {
        // 1. reserve on the order (its expected revision guards concurrent requests);
        before: [
          step(orderStream, orderDecider, {
            type: 'ReserveReturnQuantity',
            data: { orderId: data.orderId, returnId: data.returnId, items },
          }),
        ],
        // 2. record the request, decided against the order as it now stands.
        target: step(
          streams.return(data.returnId),
          returnDecider,
          { type: 'RequestReturn', data },
          {
            extendContext: async (base) => ({
              ...base,
              order: (await load(orderStream, orderDecider)).state,
            }),
          },
        ),
      };
    },
  });

  const onReturn = (returnId: string, command: Later) =>
    step(streams.return(returnId), returnDecider, command);
  const common = { method: 'POST', tag: 'returns', params: idParams } as const;

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/approval',
    operationId: 'approveReturn',
    summary: 'Approve a requested return',
    body: approveBody,
    plan: ({ params }) => ({
      target: onReturn(params.id, { type: 'ApproveReturn', data: { returnId: params.id } }),
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/rejection',
    operationId: 'rejectReturn',
    summary: 'Reject a return (releases its reserved quantities on the order)',
    body: rejectBody,
    plan: ({ params, body }) => ({
      target: onReturn(params.id, {
        type: 'RejectReturn',
        data: { returnId: params.id, reason: body.reason },
      }),
      after: (outcome) => followUpsOf(deps, outcome),
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/receipt',
    operationId: 'receiveReturnItems',
    summary: 'Record the returned items as received, with their condition',
    body: receiveBody,
    plan: ({ params, body }) => ({
      target: onReturn(params.id, {
        type: 'ReceiveReturnItems',
        data: { returnId: params.id, items: body.items },
      }),
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/refund',
    operationId: 'refundReturn',
    summary: 'Refund a return (reverses the loyalty points awarded for the refunded units)',
    body: refundBody,
    plan: ({ params, body: { occurredAt: _, ...data } }) => ({
      target: onReturn(params.id, { type: 'RefundReturn', data: { returnId: params.id, ...data } }),
      after: (outcome) => followUpsOf(deps, outcome),
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/exchange',
    operationId: 'exchangeReturn',
    summary: 'Resolve a return by exchange',
    body: exchangeBody,
    plan: ({ params, body: { occurredAt: _, ...data } }) => ({
      target: onReturn(params.id, { type: 'ExchangeReturn', data: { returnId: params.id, ...data } }),
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/returns/:id/store-credit',
    operationId: 'creditReturnToStore',
    summary: 'Resolve a return by store credit',
    body: creditBody,
    plan: ({ params, body }) => ({
      target: onReturn(params.id, {
        type: 'CreditReturnToStore',
        data: { returnId: params.id, amount: body.amount },
      }),
    }),
  });
};
