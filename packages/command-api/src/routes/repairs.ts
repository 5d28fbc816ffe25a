import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { idParams, idSchema, moneySchema, text } from '../commands/schemas';

const requestBody = commandBody(
  {
    repairId: idSchema,
    orderId: idSchema,
    lineNo: z.number().int().min(1).max(10_000),
    issue: text(2_000),
    serialNumber: text(200).optional(),
  },
  [
    {
      repairId: 'rep-310',
      orderId: 'ord-2026-0001',
      lineNo: 1,
      issue: 'does not heat',
      serialNumber: 'KT200-88412',
    },
  ],
);
const emptyBody = commandBody({}, [{}]);
const quoteBody = commandBody({ amount: moneySchema }, [{ amount: { amount: 2500, currency: 'EUR' } }]);
const completeBody = commandBody({ outcome: z.enum(['repaired', 'replaced', 'refunded', 'unrepairable']) }, [
  { outcome: 'repaired' },
]);
const cancelBody = commandBody({ reason: text(1_000) }, [{ reason: 'customer withdrew the request' }]);

export const repairRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.commands;
  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/repairs',
    operationId: 'requestRepair',
    summary: 'Request a repair of a delivered item (warranty coverage is derived from the order history)',
    tag: 'repairs',
    body: requestBody,
    creates: ({ body }) => `/v1/repairs/${body.repairId}`,
    command: ({ body: { occurredAt: _, ...data } }) => ({ type: 'RequestRepair', data }),
  });

  const common = { method: 'POST', tag: 'repairs', params: idParams } as const;

  registerCommand(app, deps, {
    ...common,
    url: '/v1/repairs/:id/quote',
    operationId: 'quoteRepair',
    summary: 'Quote an out-of-warranty repair',
    body: quoteBody,
    command: ({ params, body }) => ({
      type: 'QuoteRepair',
      data: { repairId: params.id, amount: body.amount },
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/repairs/:id/quote-acceptance',
    operationId: 'acceptRepairQuote',
    summary: 'The customer accepts the quote',
    body: emptyBody,
    command: ({ params }) => ({ type: 'AcceptRepairQuote', data: { repairId: params.id } }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/repairs/:id/quote-decline',
    operationId: 'declineRepairQuote',
    summary: 'The customer declines the quote',
    body: emptyBody,
    command: ({ params }) => ({ type: 'DeclineRepairQuote', data: { repairId: params.id } }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/repairs/:id/completion',
    operationId: 'completeRepair',
    summary: 'Complete a repair (also recorded on the order, for repair warranty later)',
    body: completeBody,
    command: ({ params, body }) => ({
      type: 'CompleteRepair',
      data: { repairId: params.id, outcome: body.outcome },
    }),
  });

  registerCommand(app, deps, {
    ...common,
    url: '/v1/repairs/:id/cancellation',
    operationId: 'cancelRepair',
    summary: 'Cancel a repair',
    body: cancelBody,
    command: ({ params, body }) => ({
      type: 'CancelRepair',
      data: { repairId: params.id, reason: body.reason },
    }),
  });
};
