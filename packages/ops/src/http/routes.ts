import { PassThrough } from 'node:stream';
import { policyDocumentSchema } from '@aftersales/domain';
import type { FastifyContextConfig, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseFormat, writeSlice } from '../export/export';
import { toPlainJson } from '../json';
import { SCOPES } from '../keys/api-keys';
import type { Caller, Operations } from '../ops';
import { validateExport } from '../validate';

export type OpsRoutesOptions = Readonly<{
  ops: Operations;
  /**
   * Who is acting, for the audit event. Default: the API key name the command API's auth hook
   * puts on `request.apiKey`, else `unknown`.
   */
  operatorOf?: (request: FastifyRequest) => string;
}>;

// The command API's auth hook reads `config.scope`; its type lives with that hook.
const config = { scope: 'ops' } as FastifyContextConfig;

const defaultOperator = (request: FastifyRequest) =>
  (request as FastifyRequest & { apiKey?: { name?: string } | null }).apiKey?.name ?? 'unknown';

const tags = ['operations'];

/**
 * The operations over HTTP, under `/v1/ops` (scope `ops`): the same `Operations` the CLI runs,
 * so validation, errors and the audit event are identical. Register with
 * `app.register(opsRoutes, { ops })`. Errors go to the parent's error handler: in the command API
 * that is its one problem+json mapping, which knows `OpsError`.
 */
export const opsRoutes: FastifyPluginAsync<OpsRoutesOptions> = async (parent, options) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const callerOf = (request: FastifyRequest): Caller => ({
    operator: (options.operatorOf ?? defaultOperator)(request),
    via: 'http',
  });
  const { ops } = options;

  app.get(
    '/v1/ops/streams/:streamId/history',
    {
      config,
      schema: {
        tags,
        operationId: 'opsStreamHistory',
        summary: 'Every event of a stream',
        params: z.object({ streamId: z.string() }),
      },
    },
    async (request) => toPlainJson(await ops.history(callerOf(request), request.params.streamId)),
  );

  app.get(
    '/v1/ops/customers/:customerId/timeline',
    {
      config,
      schema: {
        tags,
        operationId: 'opsCustomerTimeline',
        summary: "A customer's orders, returns, repairs, loyalty and consents as of an instant",
        params: z.object({ customerId: z.string() }),
        querystring: z.object({ asOf: z.string(), by: z.enum(['business', 'recorded']).optional() }),
      },
    },
    async (request) =>
      toPlainJson(
        await ops.timeline(callerOf(request), {
          customerId: request.params.customerId,
          asOf: request.query.asOf,
          ...(request.query.by ? { by: request.query.by } : {}),
        }),
      ),
  );

  app.get(
    '/v1/ops/export',
    {
      config,
      schema: {
        tags,
        operationId: 'opsExport',
        summary: 'An audit slice [from, to) of the log as JSON lines or CSV',
        querystring: z.object({
          from: z.string(),
          to: z.string(),
          format: z.string(),
          by: z.enum(['business', 'recorded']).optional(),
          type: z.union([z.string(), z.array(z.string())]).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { from, to, by, type } = request.query;
      const format = parseFormat(request.query.format);
      const types =
        type === undefined ? undefined : (Array.isArray(type) ? type : [type]).flatMap((t) => t.split(','));
      const query = validateExport({ from, to, ...(by ? { by } : {}), ...(types ? { types } : {}) });
      const body = new PassThrough();
      const write = (chunk: string) =>
        new Promise<void>((resolve, reject) => body.write(chunk, (err) => (err ? reject(err) : resolve())));
      ops
        .exportSlice(callerOf(request), query, format, (slice) => writeSlice(slice, format, write))
        .then(
          () => body.end(),
          (err: unknown) => {
            request.log.error({ err }, 'export failed mid-stream');
            body.destroy(err instanceof Error ? err : new Error(String(err)));
          },
        );
      // A client that goes away stops the export: pending writes fail, the slice stops reading.
      reply.raw.on('close', () => {
        if (!body.writableFinished) body.destroy(new Error('client closed the export'));
      });
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="audit-${query.from}-${query.to}.${format}"`)
        .send(body);
    },
  );

  app.post(
    '/v1/ops/verify',
    { config, schema: { tags, operationId: 'opsVerify', summary: "Recompute every stream's hash chain" } },
    async (request) => toPlainJson(await ops.verify(callerOf(request))),
  );

  app.post(
    '/v1/ops/customers/:customerId/forget',
    {
      config,
      schema: {
        tags,
        operationId: 'opsForgetCustomer',
        summary: "Crypto-shred a customer's personal data",
        params: z.object({ customerId: z.string() }),
      },
    },
    async (request) => toPlainJson(await ops.forget(callerOf(request), request.params.customerId)),
  );

  app.post(
    '/v1/ops/projections/:projection/rebuild',
    {
      config,
      schema: {
        tags,
        operationId: 'opsRebuildProjection',
        summary: 'Rebuild a projection (or all) into new tables, then swap',
        params: z.object({ projection: z.string() }),
      },
    },
    async (request) => toPlainJson(await ops.rebuild(callerOf(request), request.params.projection)),
  );

  app.get(
    '/v1/ops/lag',
    { config, schema: { tags, operationId: 'opsProjectionLag', summary: 'Projection lag and health' } },
    async (request) => toPlainJson(await ops.lag(callerOf(request))),
  );

  app.get(
    '/v1/ops/dead-letters',
    {
      config,
      schema: {
        tags,
        operationId: 'opsDeadLetters',
        summary: 'Unresolved dead letters',
        querystring: z.object({ projection: z.string().optional() }),
      },
    },
    async (request) => toPlainJson(await ops.deadLetters(callerOf(request), request.query.projection)),
  );

  app.post(
    '/v1/ops/dead-letters/:projection/:id/retry',
    {
      config,
      schema: {
        tags,
        operationId: 'opsRetryDeadLetter',
        summary: 'Apply a dead letter again',
        params: z.object({ projection: z.string(), id: z.string() }),
      },
    },
    async (request) =>
      toPlainJson(await ops.retryDeadLetter(callerOf(request), request.params.projection, request.params.id)),
  );

  const keyName = z.object({ name: z.string() });
  const issued = z.object({
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    key: z.string().meta({ description: 'The key itself: shown this once, stored only as its SHA-256.' }),
  });
  app.get(
    '/v1/ops/keys',
    {
      config,
      schema: {
        tags,
        operationId: 'opsListKeys',
        summary: 'The API keys: names, scopes, when issued and revoked (never the keys)',
        response: {
          200: z.object({
            keys: z.array(
              z.object({
                name: z.string(),
                scopes: z.array(z.enum(SCOPES)),
                createdAt: z.string(),
                revokedAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { keys } = await ops.listKeys(callerOf(request));
      return { keys: keys.map((k) => ({ ...k, scopes: [...k.scopes] })) };
    },
  );

  app.post(
    '/v1/ops/keys',
    {
      config,
      schema: {
        tags,
        operationId: 'opsCreateKey',
        summary: 'Issue a key with the scopes it needs (least privilege); the answer shows it once',
        body: z.object({ name: z.string(), scopes: z.array(z.enum(SCOPES)).min(1) }),
        response: { 201: issued },
      },
    },
    async (request, reply) => reply.code(201).send(await ops.createKey(callerOf(request), request.body)),
  );

  app.post(
    '/v1/ops/keys/:name/rotation',
    {
      config,
      schema: {
        tags,
        operationId: 'opsRotateKey',
        summary: 'A new key for the name, same scopes; the old key stops working at once',
        params: keyName,
        response: { 200: z.object({ name: z.string(), key: z.string() }) },
      },
    },
    async (request) => ops.rotateKey(callerOf(request), request.params.name),
  );

  app.post(
    '/v1/ops/keys/:name/revocation',
    {
      config,
      schema: {
        tags,
        operationId: 'opsRevokeKey',
        summary: 'Revoke a key: it stops working at once',
        params: keyName,
        response: { 200: z.object({ name: z.string(), revoked: z.boolean() }) },
      },
    },
    async (request) => ops.revokeKey(callerOf(request), request.params.name),
  );

  const policyView = z.object({
    asOf: z.string(),
    version: z.number().int(),
    effectiveFrom: z.string(),
    latestVersion: z.number().int(),
    document: policyDocumentSchema,
  });
  app.get(
    '/v1/ops/policy',
    {
      config,
      schema: {
        tags,
        operationId: 'opsShowPolicy',
        summary: 'The policy document in force at an instant (default now), with its version',
        querystring: z.object({ asOf: z.string().optional() }),
        response: { 200: policyView },
      },
    },
    async (request) => {
      const view = await ops.showPolicy(callerOf(request), request.query.asOf);
      // The document is the checked rule set (readonly in the domain's types).
      return { ...view, document: view.document as z.output<typeof policyDocumentSchema> };
    },
  );

  app.get(
    '/v1/ops/policy/history',
    {
      config,
      schema: {
        tags,
        operationId: 'opsPolicyHistory',
        summary: 'Every version of the policy: effective instant, author and reason',
        response: {
          200: z.object({
            versions: z.array(
              z.object({
                version: z.number().int(),
                effectiveFrom: z.string(),
                author: z.string(),
                reason: z.string(),
                changedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ops.policyHistory(callerOf(request)),
  );

  app.put(
    '/v1/ops/policy',
    {
      config,
      schema: {
        tags,
        operationId: 'opsSetPolicy',
        summary:
          'Record a new version of the whole policy document, in force from effectiveFrom (default now); the same change again records nothing',
        body: z.object({
          document: policyDocumentSchema,
          effectiveFrom: z.string().optional(),
          reason: z.string().min(1).max(1_000),
        }),
        response: {
          200: z.object({
            version: z.number().int(),
            recorded: z.boolean(),
            effectiveFrom: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => ops.setPolicy(callerOf(request), request.body),
  );
};
