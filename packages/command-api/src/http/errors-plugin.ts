import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type MappedError, mapError } from './error-mapping';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemType, statusTitle } from './problem';

export type ProblemOptions = Readonly<{
  retryAfterSeconds: number;
  onProblem?: (mapped: MappedError) => void;
}>;
export type ProblemSender = (err: unknown, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/** Sends any error as application/problem+json, mapped in `mapError`. */
export function createProblemSender(opts: ProblemOptions): ProblemSender {
  return (err, request, reply) => {
    // The client left (closed its connection mid-request): whatever failed after that is not the
    // store being unavailable, and nobody is there to read an answer.
    if (request.raw.socket?.destroyed === true) {
      // Logged here with its status: with the socket gone, no `request completed` line follows.
      request.log.info({ code: 'client-closed-request', status: 499 }, 'client went away before the answer');
      return reply.code(499).send();
    }
    const mapped = mapError(err, opts.retryAfterSeconds);
    opts.onProblem?.(mapped);
    if (mapped.unexpected) request.log.error({ err }, 'request failed');
    else if (mapped.status >= 500) request.log.warn({ code: mapped.code, err }, 'request failed');
    else request.log.info({ code: mapped.code, status: mapped.status }, 'request rejected');
    for (const [name, value] of Object.entries(mapped.headers)) reply.header(name, value);
    return reply
      .code(mapped.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send({
        ...mapped.extensions,
        type: problemType(mapped.code),
        title: statusTitle(mapped.status),
        status: mapped.status,
        code: mapped.code,
        detail: mapped.detail,
        correlationId: request.id,
      });
  };
}

/**
 * Turns every error, and every unknown route, into application/problem+json. (Errors the router
 * raises before any route matches go through Fastify's `frameworkErrors`, wired to the same sender.)
 */
export const errorsPlugin = fp<{ send: ProblemSender }>(
  async (app, { send }) => {
    app.setErrorHandler((err: FastifyError, request, reply) => send(err, request, reply));
    app.setNotFoundHandler((request, reply) =>
      send(
        new HttpProblem(404, 'route-not-found', `no route ${request.method} matches this path`),
        request,
        reply,
      ),
    );
  },
  { name: 'errors' },
);
