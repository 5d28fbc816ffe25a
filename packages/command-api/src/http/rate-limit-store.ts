import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type pg from 'pg';

/**
 * The per-key rate limit's counters in Postgres, so that the limit holds across API replicas:
 * two replicas behind one balancer give a key the same `RATE_LIMIT_PER_MINUTE`, not twice it.
 *
 * Fixed windows aligned on the clock (minute 12:04 is one window on every replica): one upsert
 * per request returns the window's count so far. The table is UNLOGGED: a counter update
 * writes no WAL, so its commit waits for no flush (one key's requests queue on its row lock, and
 * a flush per request would cap a key at the disk's flush rate); a crash empties it, which only
 * forgives the current minute, and the BI replica never sees it. Windows older than the one
 * before are deleted now and then.
 */
export const RATE_LIMIT_DDL = `CREATE UNLOGGED TABLE IF NOT EXISTS api_rate_limits (
  bucket text NOT NULL,
  window_start bigint NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, window_start))`;

const HIT = `INSERT INTO api_rate_limits AS r (bucket, window_start, hits) VALUES ($1, $2, 1)
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + 1 RETURNING hits`;
const PURGE = 'DELETE FROM api_rate_limits WHERE window_start < $1';

export function postgresRateLimitStore(
  pool: pg.Pool,
  now: () => number = Date.now,
): FastifyRateLimitStoreCtor {
  let lastPurge = 0;
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const at = now();
      const windowStart = at - (at % timeWindow);
      if (at - lastPurge >= timeWindow) {
        lastPurge = at;
        pool.query(PURGE, [windowStart - timeWindow]).catch(() => undefined);
      }
      pool.query<{ hits: number }>(HIT, [key, windowStart]).then(
        ({ rows }) => callback(null, { current: rows[0]?.hits ?? 1, ttl: windowStart + timeWindow - at }),
        (err: Error) => callback(err),
      );
    }

    child(): FastifyRateLimitStore {
      return new PostgresRateLimitStore();
    }
  }
  return PostgresRateLimitStore;
}
