import type { FastifyInstance } from 'fastify';

export type ServerOptions = Readonly<{
  port: number;
  host: string;
  /** Connections the kernel queues before they are accepted (`LISTEN_BACKLOG`). */
  backlog?: number;
  /** How long in-flight requests may take to finish after SIGTERM before the process exits anyway. */
  shutdownGraceMs: number;
  /** Releases what the app does not own (store, pools, embedded database), after the app closed. */
  onClosed?: () => Promise<void>;
}>;

/**
 * Listens, and closes gracefully on SIGTERM/SIGINT: Fastify stops accepting connections, answers
 * new requests on open ones with 503, lets in-flight requests finish, then the resources go.
 */
export async function startServer(app: FastifyInstance, options: ServerOptions): Promise<string> {
  const address = await app.listen({
    port: options.port,
    host: options.host,
    ...(options.backlog === undefined ? {} : { backlog: options.backlog }),
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const forced = setTimeout(() => {
      app.log.error({ graceMs: options.shutdownGraceMs }, 'in-flight requests did not finish in time');
      process.exit(1);
    }, options.shutdownGraceMs);
    forced.unref();
    try {
      await app.close();
      await options.onClosed?.();
      app.log.info('stopped');
      process.exitCode = 0;
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exitCode = 1;
    } finally {
      clearTimeout(forced);
    }
  };
  // `on`, not `once`: Ctrl-C reaches the whole process group, so `pnpm start` passes the same
  // SIGINT on a moment later; a second signal during the shutdown must not kill the process.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return address;
}
