import underPressure from '@fastify/under-pressure';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from './problem';

declare module 'fastify' {
  interface FastifyRequest {
    countedInFlight: boolean;
  }
}

export type BackpressureOptions = Readonly<{
  maxInFlight: number;
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
  onShed?: () => void;
}>;

/**
 * Sheds load before it queues: past `maxInFlight` concurrent requests, or when the event loop
 * lags, new requests get 503 with Retry-After at once instead of timing out later. Public routes
 * (health, readiness) are never shed so orchestrators still see the truth.
 */
export const backpressurePlugin = fp<BackpressureOptions>(
  async (app, opts) => {
    const retryAfter = { 'retry-after': String(opts.retryAfterSeconds) };
    let inFlight = 0;
    app.decorateRequest('countedInFlight', false);
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.routeOptions.config.scope === 'public') return done();
      if (inFlight >= opts.maxInFlight) {
        opts.onShed?.();
        return done(
          new HttpProblem(503, 'overloaded', 'too many requests in flight; retry later', {}, retryAfter),
        );
      }
      inFlight += 1;
      request.countedInFlight = true;
      done();
    });
    const release = (request: FastifyRequest) => {
      if (!request.countedInFlight) return;
      request.countedInFlight = false;
      inFlight -= 1;
    };
    app.addHook('onResponse', (request, _reply, done) => {
      release(request);
      done();
    });
    app.addHook('onRequestAbort', (request, done) => {
      release(request);
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
