import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { etagOf } from '../commands/if-match';
import { HttpProblem, problemSchema } from '../http/problem';

const streamParams = z.strictObject({
  stream: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$/, 'a stream name such as order-ord-2026-0001')
    .meta({ examples: ['order-ord-2026-0001'] }),
});
const historyQuery = z.strictObject({
  fromRevision: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

const recordedEvent = z.object({
  revision: z.number().int(),
  position: z.string().meta({ description: 'global position in the store (a 64-bit integer as text)' }),
  type: z.string(),
  data: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
  recordedAt: z.string(),
});
const history = z
  .object({ stream: z.string(), events: z.array(recordedEvent), nextRevision: z.number().int().nullable() })
  .meta({
    id: 'StreamHistory',
    examples: [
      {
        stream: 'order-ord-2026-0001',
        events: [
          {
            revision: 0,
            position: '4294967296',
            type: 'OrderPlaced',
            data: {
              orderId: 'ord-2026-0001',
              customerId: 'cus-42',
              currency: 'EUR',
              lines: [],
              placedAt: '2026-03-01T10:00:00.000Z',
            },
            metadata: {
              eventId: '01970a8e-5f3a-7cc1-9a51-4a6f0c3d2b11',
              occurredAt: '2026-03-01T10:00:00.000Z',
              schemaVersion: 1,
            },
            recordedAt: '2026-03-01T10:00:00.120Z',
          },
        ],
        nextRevision: null,
      },
    ],
  });

/** A stream's history as recorded, page by page: what we knew, and when. */
export const streamRoutes: FastifyPluginAsync = async (app) => {
  const { store } = app;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/streams/:stream',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'readStream',
        summary: "A stream's recorded events (paged by revision)",
        tags: ['streams'],
        params: streamParams,
        querystring: historyQuery,
        response: { 200: history, 401: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { stream } = request.params;
      const { fromRevision, limit } = request.query;
      const events = await store.readStream(stream, {
        fromRevision: BigInt(fromRevision ?? 0),
        maxCount: limit + 1,
      });
      if (events.length === 0 && (fromRevision ?? 0) === 0) {
        throw new HttpProblem(404, 'stream-not-found', `stream ${stream} has no events`);
      }
      const page = events.slice(0, limit);
      const last = page.at(-1);
      if (last) reply.header('etag', etagOf(last.revision));
      return {
        stream,
        events: page.map((e) => ({
          revision: Number(e.revision),
          position: e.position.toString(),
          type: e.type,
          data: e.data,
          metadata: { ...e.metadata },
          recordedAt: e.recordedAt.toISOString(),
        })),
        nextRevision: events.length > limit && last ? Number(last.revision) + 1 : null,
      };
    },
  );
};
