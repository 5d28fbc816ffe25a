import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { HttpProblem } from '../http/problem';
import { requestHash } from './request-hash';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { client: pg.PoolClient; done: boolean } | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'idempotent-replayed';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const KEPT_HEADERS = ['content-type', 'etag', 'location'] as const;
const acceptableKey = /^[\x21-\x7e]{1,255}$/;

type StoredResponse = {
  request_hash: string;
  status_code: number;
  response_headers: Record<string, string>;
  response_body: string;
};

/**
 * Idempotency-Key, insert first: the first request inserts the key's row inside a transaction it
 * keeps open while the command runs, and fills in the response just before it is sent. A
 * concurrent duplicate's insert waits on that row's lock, then finds the finished response and
 * replays it, so the command runs once. A 5xx rolls the row back: the retry runs again.
 */
export const idempotencyPlugin = fp<{ pool: pg.Pool; lockTimeoutMs?: number; retentionHours?: number }>(
  async (app, { pool, lockTimeoutMs = 15_000, retentionHours = 72 }) => {
    app.decorateRequest('idempotency', null);

    // Keys are kept for `retentionHours` (clients retry within minutes); older ones are purged
    // hourly so the table stays small. A failed purge is retried at the next tick.
    const purge = () =>
      purgeIdempotencyRecords(pool, retentionHours).catch((err) =>
        app.log.warn({ err }, 'purging old idempotency records failed'),
      );
    const timer = setInterval(purge, 60 * 60 * 1000);
    timer.unref();
    app.addHook('onReady', async () => {
      void purge();
    });
    app.addHook('onClose', async () => clearInterval(timer));

    app.addHook('preHandler', async (request, reply) => {
      if (!WRITE_METHODS.has(request.method)) return;
      const header = request.headers[IDEMPOTENCY_HEADER];
      if (header === undefined) return;
      if (typeof header !== 'string' || !acceptableKey.test(header)) {
        throw new HttpProblem(
          400,
          'invalid-idempotency-key',
          'Idempotency-Key must be 1–255 visible ASCII characters',
        );
      }
      const keyName = request.apiKey?.name ?? 'anonymous';
      const hash = requestHash(request.method, request.url, request.body);
      const client = await pool.connect();
      let keepOpen = false;
      try {
        // One round trip: a simple query may carry both statements (no parameters).
        await client.query(`BEGIN; SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
        const inserted = await client.query(
          `INSERT INTO idempotency_records (key_name, idempotency_key, request_hash, status_code, response_headers, response_body)
           VALUES ($1, $2, $3, 0, '{}', '') ON CONFLICT DO NOTHING`,
          [keyName, header, hash],
        );
        if (inserted.rowCount === 1) {
          keepOpen = true;
          request.idempotency = { client, done: false };
          return;
        }
        const { rows } = await client.query<StoredResponse>(
          `SELECT request_hash, status_code, response_headers, response_body FROM idempotency_records
           WHERE key_name = $1 AND idempotency_key = $2`,
          [keyName, header],
        );
        await client.query('COMMIT');
        const stored = rows[0];
        if (!stored)
          throw new HttpProblem(
            409,
            'idempotency-key-in-use',
            'the key is being used; retry',
            {},
            { 'retry-after': '1' },
          );
        if (stored.request_hash !== hash) {
          throw new HttpProblem(
            422,
            'idempotency-key-reused',
            'this Idempotency-Key was used with a different request',
          );
        }
        replay(reply, stored);
        return reply;
      } catch (err) {
        if ((err as { code?: string }).code === '55P03') {
          throw new HttpProblem(
            409,
            'idempotency-key-in-use',
            'a request with this key is still running; retry',
            {},
            { 'retry-after': '1' },
          );
        }
        throw err;
      } finally {
        if (!keepOpen) {
          await client.query('ROLLBACK').catch(() => undefined);
          client.release();
        }
      }
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const record = request.idempotency;
      if (!record || record.done) return payload;
      record.done = true;
      await finish(request, reply, record.client, typeof payload === 'string' ? payload : null);
      return payload;
    });

    // A request that never reached onSend (aborted) must not keep its connection or its row.
    const release = async (request: FastifyRequest) => {
      const record = request.idempotency;
      if (!record || record.done) return;
      record.done = true;
      await record.client.query('ROLLBACK').catch(() => undefined);
      record.client.release();
    };
    app.addHook('onResponse', release);
    app.addHook('onRequestAbort', release);
  },
  { name: 'idempotency', dependencies: ['auth'] },
);

/** Deletes records older than `retentionHours`; returns how many went. */
export async function purgeIdempotencyRecords(pool: pg.Pool, retentionHours: number): Promise<number> {
  const result = await pool.query(
    `DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1)`,
    [Math.trunc(retentionHours)],
  );
  return result.rowCount ?? 0;
}

function replay(reply: FastifyReply, stored: StoredResponse) {
  for (const [name, value] of Object.entries(stored.response_headers)) reply.header(name, value);
  reply.header(REPLAYED_HEADER, 'true');
  reply.code(stored.status_code).send(stored.response_body);
}

async function finish(
  request: FastifyRequest,
  reply: FastifyReply,
  client: pg.PoolClient,
  body: string | null,
) {
  try {
    if (reply.statusCode >= 500 || body === null) {
      await client.query('ROLLBACK');
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    await client.query(
      `UPDATE idempotency_records SET status_code = $3, response_headers = $4, response_body = $5
       WHERE key_name = $1 AND idempotency_key = $2`,
      [
        request.apiKey?.name ?? 'anonymous',
        request.headers[IDEMPOTENCY_HEADER],
        reply.statusCode,
        headers,
        body,
      ],
    );
    await client.query('COMMIT');
  } catch (err) {
    // The response still goes out; without a record a retry runs the command again, which the
    // store's idempotency by event id and the deciders' own checks absorb.
    request.log.warn({ err }, 'idempotency record not saved');
    await client.query('ROLLBACK').catch(() => undefined);
  } finally {
    client.release();
  }
}
