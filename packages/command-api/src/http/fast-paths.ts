import type { FastifySchema, FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * Compiled shortcuts for the hot routes, beside the zod compilers that stay the reference. Each
 * shortcut recognises only input on which zod would succeed and answer the very same thing; for
 * anything else it declines (`undefined`) and zod runs, so errors are zod's own, unchanged. The
 * schemas still validate, document (OpenAPI) and type the routes as before.
 */

/** What the zod compilers are given: the routes' schemas are zod schemas. */
type ZodRoute<R extends { schema: unknown }> = Omit<R, 'schema'> & { schema: z.ZodType };
const asZod = <R extends { schema: unknown }>(route: R) => route as unknown as ZodRoute<R>;

/** Serialises `data` exactly as zod's encode + JSON.stringify would, or declines with undefined. */
export type FastSerializer = (data: unknown) => string | undefined;

/** Route-level serializer compiler: `fast` for the success statuses, zod for the others. */
export function serializerWithFastPath(
  fast: FastSerializer,
  statuses: readonly number[],
): FastifySerializerCompiler<FastifySchema> {
  return (route) => {
    const reference = serializerCompiler(asZod(route));
    if (!statuses.includes(Number(route.httpStatus))) return reference;
    return (data) => fast(data) ?? reference(data);
  };
}

/**
 * Route-level validator compiler: the headers of a command route are a loose object of two
 * optional strings, which Node's parser always gives as strings (repeats are joined), so they pass
 * as they are; zod checks them only when they are something else (an injected array).
 */
export const commandValidatorCompiler: FastifySchemaCompiler<FastifySchema> = (route) => {
  const reference = validatorCompiler(asZod(route));
  if (route.httpPart !== 'headers') return reference;
  return (data) => {
    const headers = data as Record<string, unknown> | null;
    if (
      headers !== null &&
      typeof headers === 'object' &&
      optionalString(headers['if-match']) &&
      optionalString(headers['idempotency-key'])
    ) {
      return { value: headers };
    }
    return reference(data);
  };
};

const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

type RevisionOutcome = Readonly<{
  stream: unknown;
  revision: unknown;
  events: readonly Readonly<{ eventId: unknown; type: unknown }>[];
}>;

const isOutcome = (value: unknown): value is RevisionOutcome => {
  const o = value as RevisionOutcome | null;
  if (o === null || typeof o !== 'object' || typeof o.stream !== 'string') return false;
  if (!Number.isSafeInteger(o.revision) || !Array.isArray(o.events)) return false;
  return o.events.every(
    (e) => e !== null && typeof e === 'object' && typeof e.eventId === 'string' && typeof e.type === 'string',
  );
};

/** In the schema's key order, without keys the schema does not know (zod strips them). */
const outcomeShape = (o: RevisionOutcome) => ({
  stream: o.stream,
  revision: o.revision,
  events: o.events.map((e) => ({ eventId: e.eventId, type: e.type })),
});

/** `CommandResult` (commands/schemas.ts). */
export const commandResultJson: FastSerializer = (data) => {
  const result = data as (RevisionOutcome & { related?: unknown }) | null;
  if (!isOutcome(result) || !Array.isArray(result.related) || !result.related.every(isOutcome))
    return undefined;
  return JSON.stringify({ ...outcomeShape(result), related: result.related.map(outcomeShape) });
};

/**
 * A read's `{ id, stream, revision, state }` (routes/read-route.ts). The state is a loose object
 * whose one declared key, `status`, zod puts first; the rest follows as given.
 */
export const readResultJson: FastSerializer = (data) => {
  const read = data as { id?: unknown; stream?: unknown; revision?: unknown; state?: unknown } | null;
  if (read === null || typeof read !== 'object') return undefined;
  const { id, stream, revision, state } = read;
  if (typeof id !== 'string' || typeof stream !== 'string' || !Number.isSafeInteger(revision))
    return undefined;
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return undefined;
  // zod rebuilds the object by assignment, so an own "__proto__" key (JSON.parse makes one) is
  // dropped there and would be kept by a spread here: leave such a state to zod.
  if (Object.hasOwn(state, '__proto__')) return undefined;
  const status = (state as { status?: unknown }).status;
  if (typeof status !== 'string') return undefined;
  return JSON.stringify({ id, stream, revision, state: { status, ...state } });
};
