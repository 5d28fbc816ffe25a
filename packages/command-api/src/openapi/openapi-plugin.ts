import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { completeDocument } from './complete-document';

/**
 * The OpenAPI document is generated from the same zod schemas the routes validate with, so the
 * two cannot drift. `/docs` serves Swagger UI from the package's own files (no CDN).
 */
export const openApiPlugin = fp<{ docsPublic: boolean }>(
  async (app, { docsPublic }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'After-sales command API',
          version: '1.0.0',
          description:
            'Commands and reads for orders, shipments, returns, repairs, feedback and loyalty. ' +
            'Every POST accepts `Idempotency-Key`; commands on an existing stream accept `If-Match: <revision>`; ' +
            'errors are application/problem+json with a stable `code`. Every command may carry `occurredAt` ' +
            '(business time, for history imports); the server clock is the default.',
        },
        components: {
          securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key' } },
        },
        security: [{ apiKey: [] }],
      },
      transform: jsonSchemaTransform,
      transformObject: (input) =>
        completeDocument(
          jsonSchemaTransformObject(input) as Parameters<typeof completeDocument>[0],
        ) as ReturnType<typeof jsonSchemaTransformObject>,
    });

    app.get(
      '/openapi.json',
      {
        config: { scope: docsPublic ? 'public' : 'read' },
        schema: {
          operationId: 'openApiDocument',
          summary: 'This document',
          tags: ['service'],
          ...(docsPublic ? { security: [] } : {}),
          response: { 200: z.looseObject({ openapi: z.string() }) },
        },
      },
      async () => app.swagger() as unknown as { openapi: string },
    );

    await app.register(async (docs) => {
      // Swagger UI registers its own routes; mark them so the auth hook knows their scope.
      docs.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), scope: docsPublic ? 'public' : 'read' };
      });
      await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    });
  },
  { name: 'openapi' },
);
