import type pg from 'pg';
import type { Logger } from 'pino';

const guarded = new WeakSet<pg.Pool>();

/**
 * Gives every client of `pool` a lasting 'error' listener. node-postgres can report a killed
 * connection more than once (the server's FATAL message, then the socket's end); the pool's own
 * listeners are one-shot or detached while a client is checked out, and an 'error' event nobody
 * listens to ends the process. The failure still reaches the caller through its query, and a
 * broken client is discarded on release. Idempotent per pool.
 */
export function guardPoolClients(pool: pg.Pool, log?: Logger): pg.Pool {
  if (guarded.has(pool)) return pool;
  guarded.add(pool);
  pool.on('connect', (client) => {
    client.on('error', (err) =>
      log?.debug({ code: (err as { code?: string }).code }, 'pooled connection lost'),
    );
  });
  return pool;
}
