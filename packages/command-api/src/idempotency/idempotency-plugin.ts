import { Batcher, backoffDelay, sleep } from '@aftersales/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemType, statusTitle } from '../http/problem';
import { EXCHANGE, IN_PROGRESS } from './exchange-sql';
import { OWNER_GONE, OwnerLease } from './owner-lease';
import { requestHash } from './request-hash';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A POST that only reads (a search whose criteria stay out of the URL): nothing to repeat,
     * so no Idempotency-Key is claimed and no answer is stored.
     */
    readOnly?: boolean;
  }
  interface FastifyRequest {
    /** Set when this request claimed its Idempotency-Key and must record the answer. */
    idempotency: { keyName: string; key: string; done: boolean } | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'idempotent-replayed';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const KEPT_HEADERS = ['content-type', 'etag', 'location'] as const;
const acceptableKey = /^[\x21-\x7e]{1,255}$/;

/** Prepared once per connection: Postgres parses and plans each statement once, not per request. */
const named = (name: string, text: string) => ({ name, text });

type StoredResponse = {
  request_hash: string;
  status_code: number;
  response_headers: Record<string, string>;
  response_body: string;
};

const READ = named(
  'idempotency_read',
  `SELECT request_hash, status_code, response_headers, response_body FROM idempotency_records
  WHERE key_name = $1 AND idempotency_key = $2`,
);
/**
 * A claim left behind by a process that died is taken over at once (its lease is gone, see
 * `owner-lease.ts`), and any claim once it is older than the timeout.
 */
const TAKE_OVER = named(
  'idempotency_take_over',
  `UPDATE idempotency_records AS r SET created_at = now(), owner = $5
  WHERE key_name = $1 AND idempotency_key = $2 AND request_hash = $3 AND status_code = ${IN_PROGRESS}
    AND (created_at < now() - make_interval(secs => $4) OR ${OWNER_GONE})
  RETURNING 1`,
);
const RELEASE = named(
  'idempotency_release',
  `DELETE FROM idempotency_records
  WHERE key_name = $1 AND idempotency_key = $2 AND status_code = ${IN_PROGRESS}`,
);

type Claim = Readonly<{ keyName: string; key: string; hash: string }>;
type Answer = Readonly<{
  keyName: string;
  key: string;
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}>;
const idOf = (c: { keyName: string; key: string }) => `${c.keyName}\u0000${c.key}`;

type Exchange = Readonly<{ claim: Claim; answer?: never }> | Readonly<{ answer: Answer; claim?: never }>;

/** Claims and answers of concurrent requests, coalesced into shared statements. */
function idempotencyStatements(pool: pg.Pool, lease: OwnerLease) {
  /** Whether each claim took its key (true) or found it taken; answers get null. */
  const exchangeAll = async (items: readonly Exchange[]): Promise<readonly (boolean | null)[]> => {
    // Sorted, so two batches lock the same keys in the same order; a key twice in one batch
    // is claimed once, the repeat then waits for the answer as any duplicate does.
    const byId = new Map<string, Claim>();
    const answers: Answer[] = [];
    for (const item of items) {
      if (item.answer) answers.push(item.answer);
      // The first of the repeats is the one told it claimed the key: its hash goes in the row.
      else if (!byId.has(idOf(item.claim))) byId.set(idOf(item.claim), item.claim);
    }
    const claims = [...byId.keys()].sort().map((id) => byId.get(id) as Claim);
    // No order needed for answers: only the request that claimed a key answers it, so two
    // batches never update the same row.
    const { rows } = await pool.query<{ claimed_name: string; claimed_key: string }>({
      ...EXCHANGE,
      values: [
        claims.map((c) => c.keyName),
        claims.map((c) => c.key),
        claims.map((c) => c.hash),
        // Headers and bodies as one JSON document rather than text arrays: the bodies are JSON
        // full of quotes, which JSON.stringify escapes natively, where the driver's array literals
        // escape them one by one. The keys come as arrays: the planner knows how many rows an
        // unnest gives, never a JSON document's.
        JSON.stringify(answers.map((a) => ({ headers: a.headers, body: a.body }))),
        answers.map((a) => a.keyName),
        answers.map((a) => a.key),
        answers.map((a) => a.status),
        lease.current,
      ],
    });
    const claimed = new Set(rows.map((r) => idOf({ keyName: r.claimed_name, key: r.claimed_key })));
    return items.map((item) => (item.claim ? claimed.delete(idOf(item.claim)) : null));
  };
  const exchanges = new Batcher(exchangeAll);
  return {
    claim: async (claim: Claim): Promise<boolean> => (await exchanges.submit({ claim })) === true,
    record: async (answer: Answer): Promise<void> => {
      await exchanges.submit({ answer });
    },
  };
}

export type IdempotencyOptions = Readonly<{
  pool: pg.Pool;
  /** How long a duplicate waits for the first request's answer before a 409 "in use". */
  waitTimeoutMs?: number;
  /** A claim older than this whose request never answered (crashed process) may be taken over. */
  takeOverAfterMs?: number;
  retentionHours?: number;
}>;

/**
 * Idempotency-Key, claim first: the first request inserts an "in progress" row in one short
 * autocommitted statement (ON CONFLICT tells a duplicate), runs the command with no transaction
 * open, and records the answer as the response is sent. A concurrent duplicate polls the row
 * until the answer is there and replays it, so the command runs once. A 5xx (or a request that
 * never answered) deletes the claim: the retry runs again. No connection or transaction is held
 * while a command runs, so the pool stays small and the event store's readers, whose horizon any
 * open transaction holds back, are never stalled by this table.
 *
 * The answer commits, durably, before its response goes out, so an acknowledged answer survives
 * any crash of the API or of Postgres. A key whose process died is free at once: each process
 * holds a lease (`owner-lease.ts`) and stamps its claims with it. A retry of a command that took
 * effect but whose answer was never stored (told 503) is answered from the events it recorded.
 */
export const idempotencyPlugin = fp<IdempotencyOptions>(
  async (app, { pool, waitTimeoutMs = 15_000, takeOverAfterMs = 60_000, retentionHours = 72 }) => {
    app.decorateRequest('idempotency', null);
    const lease = new OwnerLease(pool, app.log);
    const statements = idempotencyStatements(pool, lease);
    /** Claims being released after their response went out (retried until the database answers). */
    const writing = new Set<Promise<void>>();
    let closing = false;
    const inBackground = (task: Promise<void>) => {
      // Nobody awaits it: a failure is logged here, never an unhandled rejection or a failed close.
      const work = task.catch((err) => app.log.warn({ err }, 'idempotency answer not written'));
      writing.add(work);
      void work.then(() => writing.delete(work));
    };

    // Keys are kept for `retentionHours` (clients retry within minutes); older ones are purged
    // hourly so the table stays small. A failed purge is retried at the next tick.
    const purge = () =>
      purgeIdempotencyRecords(pool, retentionHours).catch((err) =>
        app.log.warn({ err }, 'purging old idempotency records failed'),
      );
    const timer = setInterval(purge, 60 * 60 * 1000);
    timer.unref();
    app.addHook('onReady', async () => {
      await lease.start();
      void purge();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      closing = true;
      // Before the caller ends the pool: every claim still to release is tried once more.
      while (writing.size > 0) await Promise.all(writing);
      await lease.close();
    });

    /** Waits for the first request's answer; null when the claim is ours to take over. */
    const awaitAnswer = async (
      keyName: string,
      key: string,
      hash: string,
    ): Promise<StoredResponse | null> => {
      const deadline = Date.now() + waitTimeoutMs;
      for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
        const { rows } = await pool.query<StoredResponse>({ ...READ, values: [keyName, key] });
        const stored = rows[0];
        // Released by a failed first attempt meanwhile: claim it again.
        if (!stored) {
          if (await statements.claim({ keyName, key, hash })) return null;
          continue;
        }
        if (stored.request_hash !== hash) {
          throw new HttpProblem(
            422,
            'idempotency-key-reused',
            'this Idempotency-Key was used with a different request',
          );
        }
        if (stored.status_code !== IN_PROGRESS) return stored;
        const taken = await pool.query({
          ...TAKE_OVER,
          values: [keyName, key, hash, takeOverAfterMs / 1000, lease.current],
        });
        if (taken.rowCount === 1) return null;
        if (Date.now() + pause > deadline) {
          throw new HttpProblem(
            409,
            'idempotency-key-in-use',
            'a request with this key is still running; retry',
            {},
            { 'retry-after': '1' },
          );
        }
        await sleep(pause);
      }
    };

    app.addHook('preHandler', async (request, reply) => {
      if (!WRITE_METHODS.has(request.method) || request.routeOptions.config.readOnly) return;
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
      const claimed = await statements.claim({ keyName, key: header, hash });
      const stored = claimed ? null : await awaitAnswer(keyName, header, hash);
      if (stored === null) {
        request.idempotency = { keyName, key: header, done: false };
        return;
      }
      replay(reply, stored);
      return reply;
    });

    // The answer is stored, durably, before the response goes out: an acknowledged answer
    // survives any crash. When it cannot be stored, the client is told 503 (not acknowledged) and
    // the claim is released, so its retry runs the command again; a command that had taken effect
    // is then answered from the events it recorded (see `recoverOutcome`).
    app.addHook('onSend', async (request, reply, payload) => {
      const record = request.idempotency;
      if (!record || record.done) return payload;
      record.done = true;
      const body = typeof payload === 'string' ? payload : null;
      if (reply.statusCode >= 500 || body === null) {
        inBackground(release(request, pool, record, () => closing));
        return payload;
      }
      try {
        await statements.record({ ...record, status: reply.statusCode, headers: keptHeaders(reply), body });
        return payload;
      } catch (err) {
        request.log.warn({ err }, 'idempotency answer not stored; answering 503');
        inBackground(release(request, pool, record, () => closing));
        reply.code(503).type(PROBLEM_CONTENT_TYPE).header('retry-after', '1');
        for (const name of ['etag', 'location']) reply.removeHeader(name);
        return JSON.stringify({
          type: problemType('store-unavailable'),
          title: statusTitle(503),
          status: 503,
          code: 'store-unavailable',
          detail: 'the answer could not be stored; retry with the same Idempotency-Key',
          correlationId: request.id,
        });
      }
    });

    // A request that never reached onSend must not keep its claim: the retry runs again.
    app.addHook('onResponse', (request, _reply, done) => {
      const record = request.idempotency;
      if (record && !record.done) {
        record.done = true;
        inBackground(release(request, pool, record, () => closing));
      }
      done();
    });
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

/** Deletes a claim, retrying until the database answers (or the app closes). */
async function release(
  request: FastifyRequest,
  pool: pg.Pool,
  record: { keyName: string; key: string },
  closing: () => boolean,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await pool.query({ ...RELEASE, values: [record.keyName, record.key] });
      return;
    } catch (err) {
      if (closing() || attempt >= 60) {
        // Left behind, the claim is taken over when this process is gone, or after the timeout.
        request.log.warn({ err }, 'idempotency claim not released');
        return;
      }
      await sleep(backoffDelay({ initialMs: 50, maxMs: 5_000 }, attempt));
    }
  }
}

function keptHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}
