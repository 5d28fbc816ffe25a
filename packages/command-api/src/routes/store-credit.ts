import { storeCreditBalances, storeCreditDecider, streams } from '@aftersales/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { etagOf } from '../commands/if-match';
import { customerIdParams, idSchema, moneySchema } from '../commands/schemas';
import { problemSchema } from '../http/problem';
import { balanceAsOfQuery, readCustomerLedger } from './customer-ledger';

const spendBody = commandBody({ spendingId: idSchema, orderId: idSchema, amount: moneySchema }, [
  { spendingId: 'spd-81c2', orderId: 'ord-2026-0042', amount: { amount: 1_500, currency: 'EUR' } },
]);

const ledgerResult = z
  .object({
    customerId: z.string(),
    revision: z.number().int(),
    asOf: z.string(),
    balances: z
      .array(z.object({ currency: z.string(), amount: z.number().int() }))
      .meta({ description: 'Per ISO 4217 currency, in minor units; never added across currencies.' }),
    movements: z
      .array(
        z.object({
          kind: z.enum(['issued', 'spent']),
          reference: z.string().meta({ description: 'The return (issued) or the spending (spent).' }),
          orderId: z.string(),
          amount: moneySchema,
          at: z.string(),
        }),
      )
      .meta({ description: 'The movements up to asOf, in the order recorded.' }),
  })
  .meta({
    id: 'StoreCreditLedger',
    examples: [
      {
        customerId: 'cus-42',
        revision: 1,
        asOf: '2026-05-01T00:00:00.000Z',
        balances: [{ currency: 'EUR', amount: 2_995 }],
        movements: [
          {
            kind: 'issued',
            reference: 'ret-9001',
            orderId: 'ord-2026-0001',
            amount: { amount: 4_495, currency: 'EUR' },
            at: '2026-04-02T10:00:00.000Z',
          },
          {
            kind: 'spent',
            reference: 'spd-81c2',
            orderId: 'ord-2026-0042',
            amount: { amount: 1_500, currency: 'EUR' },
            at: '2026-04-20T16:00:00.000Z',
          },
        ],
      },
    ],
  });

/** Store credit: a ledger per customer and currency (issued by returns, spent against orders). */
export const storeCreditRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.commands;
  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/store-credit/:customerId/spending',
    operationId: 'spendStoreCredit',
    summary: "Spend store credit against one of the customer's orders (never below zero)",
    tag: 'store-credit',
    params: customerIdParams,
    body: spendBody,
    // The order it pays for is read by the domain's workflow (`workflowOf`).
    command: ({ params, body }) => ({
      type: 'SpendStoreCredit',
      data: {
        customerId: params.customerId,
        spendingId: body.spendingId,
        orderId: body.orderId,
        amount: body.amount,
      },
    }),
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/store-credit/:customerId',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'storeCreditBalance',
        summary: "A customer's store credit per currency as of any instant (default now)",
        tags: ['store-credit'],
        params: customerIdParams,
        querystring: balanceAsOfQuery,
        response: {
          200: ledgerResult,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params;
      const { asOf, state, revision } = await readCustomerLedger(
        deps,
        customerId,
        {
          streamId: streams.storeCredit(customerId),
          evolve: storeCreditDecider.evolve,
          initialState: storeCreditDecider.initialState,
        },
        request.query.asOf,
      );
      reply.header('etag', etagOf(revision));
      const balances = storeCreditBalances(state, asOf);
      return {
        customerId,
        revision: Number(revision),
        asOf,
        balances: Object.entries(balances).map(([currency, amount]) => ({ currency, amount })),
        movements: state.movements
          .filter((m) => Date.parse(m.at) <= Date.parse(asOf))
          .map((m) => ({ ...m, amount: { ...m.amount } })),
      };
    },
  );
};
