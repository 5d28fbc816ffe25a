import underPressure from '@fastify/under-pressure';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AdmissionLimit } from './admission';
import { HttpProblem } from './problem';

declare module 'fastify' {
  interface FastifyInstance {
    /** How many requests are admitted at once (see `admission.ts`). */
    admission: AdmissionLimit;
  }
  interface FastifyRequest {
    /** When the request was admitted (`performance.now()`); null when not holding a slot. */
    admittedAt: number | null;
  }
}

export type BackpressureOptions = Readonly<{
  maxInFlight: number;
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
  onShed?: () => void;
}>;

/**
 * Admits as many requests as the process serves well (an adaptive limit, see `admission.ts`),
 * lets a few more wait briefly, and sheds the rest, or everything when the event loop lags, with
 * 503 and Retry-After at once instead of timing out later. Public routes (health, readiness) are
 * never shed so orchestrators still see the truth.
 */
export const backpressurePlugin = fp<BackpressureOptions>(
  async (app, opts) => {
    const retryAfter = { 'retry-after': String(opts.retryAfterSeconds) };
    const admission = new AdmissionLimit({ maxInFlight: opts.maxInFlight });
    app.decorate('admission', admission);
    app.decorateRequest('admittedAt', null);
    const shed = () => {
      opts.onShed?.();
      return new HttpProblem(503, 'overloaded', 'too many requests in flight; retry later', {}, retryAfter);
    };
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.scope === 'public') return;
      const admitted = admission.acquire();
      if (!(admitted === true || (await admitted))) throw shed();
      const at = performance.now();
      request.admittedAt = at;
      // The slot goes back however the request ends: answered, aborted, or its client gone
      // after sending the body (then neither onResponse nor onRequestAbort runs).
      reply.raw.once('close', () => release(request, reply.raw.writableFinished));
      if (reply.raw.destroyed) release(request, false);
    });
    const release = (request: FastifyRequest, served: boolean) => {
      const at = request.admittedAt;
      if (at === null) return;
      request.admittedAt = null;
      admission.release(served ? performance.now() - at : undefined);
    };
    app.addHook('onResponse', (request, _reply, done) => {
      release(request, true);
      done();
    });
    app.addHook('onRequestAbort', (request, done) => {
      release(request, false);
      done();
    });

    if (opts.maxEventLoopDelayMs > 0) {
      await app.register(underPressure, {
        maxEventLoopDelay: opts.maxEventLoopDelayMs,
        retryAfter: opts.retryAfterSeconds,
        pressureHandler: (request, _reply, type, value) => {
          if (request.routeOptions.config.scope === 'public') return;
          opts.onShed?.();
          throw new HttpProblem(
            503,
            'overloaded',
            `the API is under pressure (${type}: ${value})`,
            {},
            retryAfter,
          );
        },
      });
    }
  },
  { name: 'backpressure' },
);
