import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);

/**
 * `/health`: the process is alive. `/ready`: it can do its job now (the store and the API's own
 * tables answer). Both are public, so load balancers and orchestrators need no key.
 */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  const { store, pool } = app;
  app.get(
    '/health',
    {
      config: { scope: 'public' },
      schema: {
        operationId: 'health',
        summary: 'Liveness: the process answers',
        tags: ['service'],
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  const readiness = z.object({
    status: z.enum(['ready', 'unavailable']),
    store: z.enum(['up', 'down']),
    database: z.enum(['up', 'down']),
  });
  app.get(
    '/ready',
    {
      config: { scope: 'public' },
      schema: {
        operationId: 'ready',
        summary: "Readiness: the store and the API's own tables answer now",
        tags: ['service'],
        security: [],
        response: { 200: readiness, 503: readiness.meta({ description: 'Not ready; see Retry-After' }) },
      },
    },
    async (request, reply) => {
      const checks = await Promise.allSettled([
        withTimeout(store.headPosition(), 2_000),
        withTimeout(pool.query('SELECT 1'), 2_000),
      ]);
      const [storeCheck, dbCheck] = checks;
      const ready = checks.every((c) => c.status === 'fulfilled');
      if (!ready) {
        request.log.warn({ store: storeCheck?.status, database: dbCheck?.status }, 'not ready');
        reply.code(503).header('retry-after', '2');
      }
      return {
        status: ready ? ('ready' as const) : ('unavailable' as const),
        store: storeCheck?.status === 'fulfilled' ? ('up' as const) : ('down' as const),
        database: dbCheck?.status === 'fulfilled' ? ('up' as const) : ('down' as const),
      };
    },
  );
};
