import type { DecisionContext } from '@aftersales/domain';
import type { CommandDecider, DecidedEvent, EventStore } from '@aftersales/event-store';
import { aggregateStream } from '@aftersales/event-store';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { etagOf } from '../commands/if-match';
import { idParams } from '../commands/schemas';
import { readResultJson, serializerWithFastPath } from '../http/fast-paths';
import { HttpProblem, problemSchema } from '../http/problem';

export type ReadRouteSpec<S, E extends DecidedEvent> = Readonly<{
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  stream: (id: string) => string;
  decider: CommandDecider<never, E, S, DecisionContext>;
  /** The aggregate does not exist in this state (404). */
  exists: (state: S) => boolean;
  example: object;
}>;

const readResult = z.object({
  id: z.string(),
  stream: z.string(),
  revision: z.number().int(),
  state: z.looseObject({ status: z.string() }),
});

/**
 * A read of one aggregate: its folded state and revision (also as ETag, for a later If-Match).
 * The state is the domain's own, so the API never keeps a second model of an aggregate.
 */
export function registerRead<S, E extends DecidedEvent>(
  app: FastifyInstance,
  store: EventStore,
  spec: ReadRouteSpec<S, E>,
): void {
  const schema: FastifySchema = {
    operationId: spec.operationId,
    summary: spec.summary,
    tags: [spec.tag],
    params: idParams,
    response: {
      200: readResult.meta({ examples: [spec.example] }),
      401: problemSchema,
      403: problemSchema,
      404: problemSchema,
    },
  };
  app.route({
    method: 'GET',
    url: spec.url,
    config: { scope: 'read' },
    schema,
    serializerCompiler: serializerWithFastPath(readResultJson, [200]),
    handler: async (request, reply) => {
      const { id } = request.params as z.output<typeof idParams>;
      const streamId = spec.stream(id);
      const { state, revision } = await aggregateStream(
        store,
        streamId,
        spec.decider.evolve,
        spec.decider.initialState(),
      );
      if (!spec.exists(state))
        throw new HttpProblem(404, `${spec.tag.replace(/s$/, '')}-not-found`, `${streamId} does not exist`);
      reply.header('etag', etagOf(revision));
      return { id, stream: streamId, revision: Number(revision), state };
    },
  });
}
