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
      // Fastify registers the docs page's `/docs` and `/docs/` from one route object, which ends
      // with the later url: the document names the page by the first.
      transform: (input) => {
        const out = jsonSchemaTransform(input);
        return out.url === '/docs/' ? { ...out, url: '/docs' } : out;
      },
      transformObject: (input) =>
        completeDocument(
          jsonSchemaTransformObject(input) as Parameters<typeof completeDocument>[0],
        ) as ReturnType<typeof jsonSchemaTransformObject>,
    });

    app.get(
      '/openapi.json',
      {
        config: { scope: docsPublic ? 'public' : 'read', browser: true },
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
      // Swagger UI registers its own routes; mark them so the auth hook knows their scope, and
      // that a browser signed in on the dashboard (its cookie) may read them.
      docs.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), scope: docsPublic ? 'public' : 'read', browser: true };
        // The page itself is a service route of the document (DESIGN.md); its assets and the
        // copies of the document the page reads (`/docs/json`, `/docs/yaml`) stay hidden.
        if (route.url === '/docs' && route.method === 'GET') route.schema = docsPageSchema(docsPublic);
      });
      await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    });
  },
  { name: 'openapi' },
);

/** `GET /docs` in the document: Swagger UI's page, which registers itself without a schema. */
function docsPageSchema(docsPublic: boolean) {
  return {
    operationId: 'docsPage',
    summary: 'API documentation (Swagger UI), an HTML page',
    description:
      'A browser without a key is sent to the dashboard sign-in and back; its cookie admits the page.',
    tags: ['service'],
    ...(docsPublic ? { security: [] } : {}),
    response: {
      200: {
        description: 'The Swagger UI page of this document',
        content: { 'text/html': { schema: z.string() } },
      },
    },
  };
}
