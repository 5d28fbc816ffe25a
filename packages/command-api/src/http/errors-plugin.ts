import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type MappedError, mapError } from './error-mapping';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemType, statusTitle } from './problem';

/** Turns every error, and every unknown route, into application/problem+json. */
export const errorsPlugin = fp<{ retryAfterSeconds: number; onProblem?: (mapped: MappedError) => void }>(
  async (app, opts) => {
    const sendProblem = (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
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
    app.setErrorHandler((err: FastifyError, request, reply) => sendProblem(err, request, reply));
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        new HttpProblem(404, 'route-not-found', `no route ${request.method} matches this path`),
        request,
        reply,
      ),
    );
  },
  { name: 'errors' },
);
