import { balanceAsOf, loyaltyDecider, streams } from '@aftersales/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandBody, registerCommand } from '../commands/command-route';
import { etagOf } from '../commands/if-match';
import { customerIdParams, idSchema } from '../commands/schemas';
import { problemSchema } from '../http/problem';
import { balanceAsOfQuery, readCustomerLedger } from './customer-ledger';

const redeemBody = commandBody({ redemptionId: idSchema, points: z.number().int().min(1).max(100_000_000) }, [
  { redemptionId: 'rdm-7f3a', points: 250 },
]);

const lotBalance = z.looseObject({
  lotId: z.string(),
  source: z.string(),
  phase: z.string(),
  points: z.number(),
  remaining: z.number(),
  currency: z.string().optional().meta({ description: 'The order’s ISO 4217 currency (order lots).' }),
  noPointsReason: z
    .enum(['currency-not-priced'])
    .optional()
    .meta({ description: 'Why the lot earned no points: the loyalty rules did not price its currency.' }),
});
const currencySpend = z.object({
  currency: z.string(),
  spend: z.string().meta({ description: 'Whole units of the currency, an exact decimal.' }),
  tier: z.enum(['bronze', 'silver', 'gold']).nullable().meta({
    description: 'The tier this spend reaches under the currency’s thresholds; null if not priced.',
  }),
});
const balanceResult = z
  .object({
    customerId: z.string(),
    revision: z.number().int(),
    asOf: z.string(),
    tier: z.string(),
    tierSpend: z.array(currencySpend).meta({
      description:
        'Spend in the tier window per currency, net of refunds: never added across currencies; the tier is the highest any one reaches.',
    }),
    pending: z.number().int(),
    available: z.number().int(),
    redeemed: z.number().int(),
    expired: z.number().int(),
    reversed: z.number().int(),
    lifetimeEarned: z.number().int(),
    nextExpiry: z.object({ at: z.string(), points: z.number().int() }).nullable(),
    lots: z.array(lotBalance),
  })
  .meta({
    id: 'LoyaltyBalance',
    examples: [
      {
        customerId: 'cus-42',
        revision: 1,
        asOf: '2026-05-01T00:00:00.000Z',
        tier: 'bronze',
        tierSpend: [{ currency: 'EUR', spend: '49.9', tier: 'bronze' }],
        pending: 0,
        available: 65,
        redeemed: 0,
        expired: 0,
        reversed: 0,
        lifetimeEarned: 65,
        nextExpiry: { at: '2027-03-05T14:30:00.000Z', points: 65 },
        lots: [
          {
            lotId: 'order:ord-2026-0001:1',
            source: 'order',
            phase: 'available',
            points: 49,
            remaining: 49,
            currency: 'EUR',
          },
        ],
      },
    ],
  });

export const loyaltyRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.commands;
  registerCommand(app, deps, {
    method: 'POST',
    url: '/v1/loyalty/:customerId/redemptions',
    operationId: 'redeemPoints',
    summary: 'Redeem available points (soonest-expiring first; never below zero)',
    tag: 'loyalty',
    params: customerIdParams,
    body: redeemBody,
    command: ({ params, body }) => ({
      type: 'RedeemPoints',
      data: { customerId: params.customerId, redemptionId: body.redemptionId, points: body.points },
    }),
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/loyalty/:customerId',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'loyaltyBalance',
        summary: "A customer's points and tier as of any instant (default now)",
        tags: ['loyalty'],
        params: customerIdParams,
        querystring: balanceAsOfQuery,
        response: {
          200: balanceResult,
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
          streamId: streams.loyalty(customerId),
          evolve: loyaltyDecider.evolve,
          initialState: loyaltyDecider.initialState,
        },
        request.query.asOf,
      );
      const balance = balanceAsOf(state, asOf, deps.rules);
      reply.header('etag', etagOf(revision));
      return {
        customerId,
        revision: Number(revision),
        ...balance,
        tierSpend: [...balance.tierSpend],
        lots: [...balance.lots],
      };
    },
  );
};
