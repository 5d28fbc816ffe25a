import { type DomainCommand, policyVersionAt, type RulesTimeline } from '@aftersales/domain';
import type { EventStore, PlanOutcome, StepOutcome } from '@aftersales/event-store';
import { runWorkflow, type StreamQueue, type StreamStateCache } from '@aftersales/event-store';
import type { Scope } from '@aftersales/ops';
import { activeTraceparent } from '@aftersales/telemetry';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { commandResultJson, commandValidatorCompiler, serializerWithFastPath } from '../http/fast-paths';
import { problemSchema } from '../http/problem';
import type { ApiMetrics } from '../observability/metrics';
import { etagOf, parseIfMatch } from './if-match';
import { commandResultSchema, ifMatchHeaders, occurredAt } from './schemas';

/** What every command route needs, passed in by `buildApp` (no module-level state). */
export type CommandDeps = Readonly<{
  store: EventStore;
  rules: RulesTimeline;
  now: () => Date;
  metrics: ApiMetrics;
  /** Folded states of recently used streams: most commands then append without reading first. */
  streamCache?: StreamStateCache;
  /** Commands on one stream run one after another in this process. */
  streamQueue?: StreamQueue;
}>;

export type CommandInput<P, B> = Readonly<{
  params: P;
  body: B;
  /** The command's business time: `occurredAt` from the body, else the server clock. */
  now: string;
}>;

type BodyWithTime = z.ZodType<{ occurredAt?: string | undefined }>;

export type CommandRouteSpec<P extends z.ZodType, B extends BodyWithTime> = Readonly<{
  method: 'POST' | 'PUT' | 'PATCH';
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  /** The scope a key needs (default `commands:write`; support cases: `support`). */
  scope?: Scope;
  params?: P;
  body: B;
  /** For commands that create a resource: its read URL (201 + Location). */
  creates?: (input: CommandInput<z.output<P>, z.output<B>>) => string;
  /** The domain command; what it means across streams is the domain's (`workflowOf`). */
  command: (input: CommandInput<z.output<P>, z.output<B>>) => DomainCommand;
}>;

/** `occurredAt` normalised to UTC (`…Z`), else the server clock. */
const businessTime = (occurredAt: string | undefined, now: () => Date): string =>
  (occurredAt === undefined ? now() : new Date(occurredAt)).toISOString();

/** Adds `occurredAt` to a command body: every command may carry its business time. */
export const commandBody = <T extends z.ZodRawShape>(shape: T, examples: readonly object[]) =>
  z.strictObject({ ...shape, occurredAt }).meta({ examples: [...examples] });

const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
  503: problemSchema,
};

const outcomeJson = (o: StepOutcome) => ({
  stream: o.streamId,
  revision: Number(o.revision),
  events: o.events.map((e) => ({ eventId: e.metadata.eventId, type: e.type })),
});

export function toCommandResult(outcome: PlanOutcome) {
  return { ...outcomeJson(outcome.target), related: outcome.related.map(outcomeJson) };
}

/**
 * Registers one command route: schema-validated input → domain command → its workflow (the one runner).
 * Everything a route differs in is its spec; auth, If-Match, ETag, metadata and metrics are here.
 */
export function registerCommand<P extends z.ZodType, B extends BodyWithTime>(
  app: FastifyInstance,
  deps: CommandDeps,
  spec: CommandRouteSpec<P, B>,
): void {
  const created = spec.creates !== undefined;
  // The zod validator compiler has checked params and body against these very schemas before
  // the handler runs; the generic spec is why the handler reads them through `z.output`.
  const schema: FastifySchema = {
    operationId: spec.operationId,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.params ? { params: spec.params } : {}),
    // A command that creates its stream has no revision to match yet: If-Match is not offered.
    ...(created ? {} : { headers: ifMatchHeaders }),
    body: spec.body,
    response: { [created ? 201 : 200]: commandResultSchema, ...errorResponses },
  };
  app.route({
    method: spec.method,
    url: spec.url,
    config: { scope: spec.scope ?? 'commands:write' },
    schema,
    validatorCompiler: commandValidatorCompiler,
    serializerCompiler: serializerWithFastPath(commandResultJson, [created ? 201 : 200]),
    handler: async (request, reply) => {
      const input: CommandInput<z.output<P>, z.output<B>> = {
        params: request.params as z.output<P>,
        body: request.body as z.output<B>,
        now: businessTime((request.body as z.output<B>).occurredAt, deps.now),
      };
      const ifMatch = request.headers['if-match'];
      const expectedRevision = parseIfMatch(typeof ifMatch === 'string' ? ifMatch : undefined);
      // The caller's Idempotency-Key names its command: it is what caused these events.
      const commandId = request.headers['idempotency-key'];
      // One timeline for the whole command: a change that lands meanwhile applies to the next.
      const rules = deps.rules;
      const outcome = await runWorkflow(
        deps.store,
        spec.command(input),
        {
          context: { now: input.now, rules },
          metadata: {
            policyVersion: policyVersionAt(rules, input.now),
            occurredAt: input.now,
            correlationId: request.id,
            ...(typeof commandId === 'string' ? { causationId: commandId } : {}),
            ...(request.apiKey ? { actor: request.apiKey.name } : {}),
            ...traceMetadata(),
          },
          ...(expectedRevision === undefined ? {} : { expectedRevision }),
          ...(deps.streamCache ? { cache: deps.streamCache } : {}),
          ...(deps.streamQueue ? { queue: deps.streamQueue } : {}),
        },
        (err) => request.log.warn({ err }, 'a follow-up on another stream was not recorded'),
      );
      for (const o of [outcome.target, ...outcome.related]) {
        for (const event of o.events) deps.metrics.appendedEvents.inc({ type: event.type });
      }
      request.log.info(
        {
          stream: outcome.target.streamId,
          revision: Number(outcome.target.revision),
          appended: outcome.target.events.length,
        },
        'command handled',
      );
      reply.header('etag', etagOf(outcome.target.revision));
      if (spec.creates) reply.header('location', spec.creates(input));
      return reply.code(created ? 201 : 200).send(toCommandResult(outcome));
    },
  });
}

/** The request span's `traceparent`, carried by every event the command appends (tracing on). */
function traceMetadata(): { traceparent?: string } {
  const traceparent = activeTraceparent();
  return traceparent ? { traceparent } : {};
}
