import type { FastifyPluginAsync } from 'fastify';

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
  app.get('/health', { config: { scope: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/ready', { config: { scope: 'public' }, schema: { hide: true } }, async (request, reply) => {
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
      status: ready ? 'ready' : 'unavailable',
      store: storeCheck?.status === 'fulfilled' ? 'up' : 'down',
      database: dbCheck?.status === 'fulfilled' ? 'up' : 'down',
    };
  });
};
