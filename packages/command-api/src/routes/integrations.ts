import {
  type AsyncApiOptions,
  asyncApiDocument,
  integrationEventTypes,
  type SubscriptionsOptions,
  WebhookError,
  WebhookSubscriptions,
  webhookErrorStatus,
} from '@aftersales/integrations';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem, problemSchema } from '../http/problem';

export type IntegrationRoutesOptions = Readonly<{
  asyncApi?: AsyncApiOptions;
  /** Serve /asyncapi.json without a key, as /openapi.json with DOCS_PUBLIC. */
  docsPublic?: boolean;
  now?: () => Date;
  /** Target rules and the rotation overlap (`webhookPolicyOf(integrationsConfigFromEnv())`). */
  webhooks?: SubscriptionsOptions;
}>;

const tags = ['integrations'];
const problems = { 401: problemSchema, 403: problemSchema, 404: problemSchema, 422: problemSchema };
const eventType = z.enum(integrationEventTypes() as [string, ...string[]]);
const idParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .meta({ examples: ['warehouse-eu'] }),
});
const position = z
  .string()
  .regex(/^[0-9]{1,19}$/)
  .meta({ description: 'a log position (a 64-bit integer as text)' });

const subscription = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    description: z.string().nullable(),
    position: z.string().meta({ description: 'every event up to here is delivered or dead-lettered' }),
    createdBy: z.string(),
    createdAt: z.string(),
    disabled: z
      .object({ at: z.string(), reason: z.string() })
      .nullable()
      .meta({ description: 'the receiver answered 410 Gone: nothing is sent until re-enabled' }),
    secretRotatedAt: z.string().nullable(),
    previousSecretSignsUntil: z
      .string()
      .nullable()
      .meta({ description: 'until then deliveries carry a second signature, by the previous secret' }),
    failing: z
      .object({
        webhookId: z.string(),
        attempts: z.int(),
        since: z.string(),
        nextAttemptAt: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'the event being retried, when the subscriber is not accepting' }),
  })
  .meta({ id: 'WebhookSubscription' });

const created = subscription
  .extend({ secret: z.string().meta({ description: 'whsec_…: the signing secret, shown this once' }) })
  .meta({ id: 'CreatedWebhookSubscription' });

const delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  position: z.string(),
  attempt: z.int(),
  outcome: z.enum(['delivered', 'failed', 'dead-lettered']),
  status: z.int().nullable(),
  error: z.string().nullable(),
  durationMs: z.int(),
  at: z.string(),
});

/** A refusal of the subscriptions as problem+json; anything else goes to the API's mapping. */
const asProblem = (err: unknown): never => {
  if (err instanceof WebhookError) {
    throw new HttpProblem(webhookErrorStatus(err), err.code, err.message, err.details ?? {});
  }
  throw err;
};

/**
 * Integrations (scope `integrations`): webhook subscriptions under `/v1/webhooks`, and the
 * AsyncAPI document of the integration events at `/asyncapi.json`.
 */
export const integrationRoutes: FastifyPluginAsync<IntegrationRoutesOptions> = async (parent, options) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const webhooks = new WebhookSubscriptions(app.pool, app.store, options.now, options.webhooks);
  const config = { scope: 'integrations' as const };
  const document = asyncApiDocument(options.asyncApi);

  app.get(
    '/asyncapi.json',
    {
      config: { scope: options.docsPublic ? 'public' : 'integrations', browser: true },
      schema: {
        operationId: 'asyncApiDocument',
        summary: 'The AsyncAPI 3 document of the integration events (CloudEvents on NATS)',
        tags,
        ...(options.docsPublic ? { security: [] } : {}),
        response: { 200: z.looseObject({ asyncapi: z.string() }) },
      },
    },
    async () => document,
  );

  app.post(
    '/v1/webhooks',
    {
      config,
      schema: {
        operationId: 'createWebhookSubscription',
        summary: 'Subscribe a URL to integration event types; the answer holds the signing secret, once',
        tags,
        body: z.strictObject({
          id: z.string().meta({ examples: ['warehouse-eu'] }),
          url: z.string().meta({ examples: ['https://warehouse.example/hooks/aftersales'] }),
          eventTypes: z.array(eventType).min(1),
          description: z.string().max(500).optional(),
          fromPosition: position
            .optional()
            .meta({ description: 'deliver what comes after; default: the head of the log' }),
        }),
        response: { 201: created, 409: problemSchema, ...problems },
      },
    },
    async (request, reply) => {
      const result = await webhooks.create(request.body, request.apiKey?.name ?? 'unknown').catch(asProblem);
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/v1/webhooks',
    {
      config,
      schema: {
        operationId: 'listWebhookSubscriptions',
        summary: 'Every webhook subscription (never the secrets)',
        tags,
        response: {
          200: z.object({ subscriptions: z.array(subscription) }),
          401: problemSchema,
          403: problemSchema,
        },
      },
    },
    async () => ({ subscriptions: await webhooks.list() }),
  );

  app.get(
    '/v1/webhooks/:id',
    {
      config,
      schema: {
        operationId: 'getWebhookSubscription',
        summary: 'A webhook subscription and whether it is failing',
        tags,
        params: idParams,
        response: { 200: subscription, ...problems },
      },
    },
    async (request) => webhooks.get(request.params.id).catch(asProblem),
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      config,
      schema: {
        operationId: 'deleteWebhookSubscription',
        summary: 'Stop a subscription at once (its delivery log stays)',
        tags,
        params: idParams,
        response: { 200: z.object({ id: z.string(), deleted: z.literal(true) }), ...problems },
      },
    },
    async (request) => webhooks.remove(request.params.id).catch(asProblem),
  );

  app.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      config,
      schema: {
        operationId: 'rotateWebhookSecret',
        summary: 'A new signing secret (shown once); the previous one also signs for an overlap',
        description:
          'From now on every delivery is signed with the new secret; until `previousSecretSignsUntil` (default 24 h, `WEBHOOK_SECRET_OVERLAP_HOURS`) `webhook-signature` carries a second signature by the previous secret, so the receiver verifies with either while it switches.',
        tags,
        params: idParams,
        body: z.strictObject({
          overlapSeconds: z
            .int()
            .min(0)
            .max(30 * 86_400)
            .optional()
            .meta({
              description: 'how long the previous secret still signs; default the configured overlap',
            }),
        }),
        response: { 200: created, ...problems },
      },
    },
    async (request) =>
      webhooks
        .rotateSecret(
          request.params.id,
          request.body.overlapSeconds === undefined ? {} : { overlapMs: request.body.overlapSeconds * 1000 },
        )
        .catch(asProblem),
  );

  app.post(
    '/v1/webhooks/:id/enable',
    {
      config,
      schema: {
        operationId: 'enableWebhookSubscription',
        summary: 'Send again to a subscription its receiver disabled with 410 Gone, from where it stopped',
        tags,
        params: idParams,
        body: z.strictObject({}),
        response: { 200: subscription, ...problems },
      },
    },
    async (request) => webhooks.enable(request.params.id).catch(asProblem),
  );

  app.post(
    '/v1/webhooks/:id/replay',
    {
      config,
      schema: {
        operationId: 'replayWebhookSubscription',
        summary: 'Deliver again everything after a log position, or recorded at or after an instant',
        tags,
        params: idParams,
        body: z.strictObject({
          fromPosition: position.optional(),
          from: z
            .string()
            .optional()
            .meta({ description: 'an instant (ISO 8601)', examples: ['2026-03-01T10:00:00Z'] }),
        }),
        response: { 200: subscription, ...problems },
      },
    },
    async (request) => webhooks.replay(request.params.id, request.body).catch(asProblem),
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      config,
      schema: {
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery log of a subscription: every attempt, newest first',
        tags,
        params: idParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(1_000).default(100),
          before: z
            .string()
            .regex(/^[0-9]{1,19}$/)
            .optional()
            .meta({ description: 'an attempt id: the page before it' }),
        }),
        response: {
          200: z.object({ deliveries: z.array(delivery), nextBefore: z.string().nullable() }),
          ...problems,
        },
      },
    },
    async (request) =>
      webhooks
        .deliveries(request.params.id, {
          limit: request.query.limit,
          ...(request.query.before ? { before: request.query.before } : {}),
        })
        .catch(asProblem),
  );
};
