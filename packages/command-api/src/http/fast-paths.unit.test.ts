import fc from 'fast-check';
import type { FastifySchema } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandResultSchema, ifMatchHeaders } from '../commands/schemas';
import {
  commandResultJson,
  commandValidatorCompiler,
  readResultJson,
  serializerWithFastPath,
} from './fast-paths';

const readResult = z.object({
  id: z.string(),
  stream: z.string(),
  revision: z.number().int(),
  state: z.looseObject({ status: z.string() }),
});

/** What the zod compiler alone answers: the serialised body, or the error it throws. */
const reference = (schema: z.ZodType, data: unknown) => {
  try {
    return serializerCompiler({ schema, method: 'POST', url: '/x', httpStatus: '200' })(data);
  } catch (err) {
    return err instanceof Error ? `${err.name}: ${err.message}` : 'thrown';
  }
};
const withFastPath = (schema: z.ZodType, fast: typeof commandResultJson, data: unknown) => {
  const compile = serializerWithFastPath(fast, [200]);
  try {
    return compile({ schema: schema as FastifySchema, method: 'POST', url: '/x', httpStatus: '200' })(data);
  } catch (err) {
    return err instanceof Error ? `${err.name}: ${err.message}` : 'thrown';
  }
};

const outcome = fc.record({
  stream: fc.string(),
  revision: fc.oneof(fc.integer({ min: -1, max: 1_000_000 }), fc.double(), fc.string()),
  events: fc.array(
    fc.record({ eventId: fc.oneof(fc.uuid(), fc.integer()), type: fc.string() }, { requiredKeys: ['type'] }),
    { maxLength: 3 },
  ),
});

describe('serializer fast paths', () => {
  it('answer the usual results themselves', () => {
    const delivered = {
      stream: 'order-o1',
      revision: 2,
      events: [{ eventId: '01970a8e-5f3a-7cc1-9a51-4a6f0c3d2b11', type: 'OrderDelivered' }],
      related: [{ stream: 'loyalty-c1', revision: 0, events: [{ eventId: 'e2', type: 'PointsEarned' }] }],
    };
    expect(commandResultJson(delivered)).toBe(reference(commandResultSchema, delivered));
    const read = { id: 'o1', stream: 'order-o1', revision: 2, state: { orderId: 'o1', status: 'delivered' } };
    expect(readResultJson(read)).toBe(
      '{"id":"o1","stream":"order-o1","revision":2,"state":{"status":"delivered","orderId":"o1"}}',
    );
    expect(readResultJson(read)).toBe(reference(readResult, read));
    // JSON.parse makes "__proto__" an own key; zod drops it, so the fast path must not answer.
    const parsed = JSON.parse(
      '{"id":"o1","stream":"s","revision":0,"state":{"__proto__":{},"status":"placed"}}',
    );
    expect(readResultJson(parsed)).toBeUndefined();
    expect(withFastPath(readResult, readResultJson, parsed)).toBe(reference(readResult, parsed));
  });

  it('serialise command results exactly as zod does, and leave anything else to zod', () => {
    const results = fc.tuple(
      outcome,
      fc.array(outcome, { maxLength: 2 }),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );
    fc.assert(
      fc.property(results, ([target, related, extra]) => {
        const data = { ...extra, ...target, related };
        expect(withFastPath(commandResultSchema, commandResultJson, data)).toEqual(
          reference(commandResultSchema, data),
        );
      }),
    );
  });

  it('serialise reads exactly as zod does, the declared status first, and leave anything else to zod', () => {
    const state = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 });
    const reads = fc.record({
      id: fc.oneof(fc.string(), fc.integer()),
      stream: fc.string(),
      revision: fc.oneof(fc.integer(), fc.double()),
      state: fc.oneof(
        state.map((s) => ({ ...s, status: 'placed', ...s })),
        state,
        fc.constant(null),
        fc.array(fc.string()),
      ),
    });
    fc.assert(
      fc.property(reads, (data) => {
        expect(withFastPath(readResult, readResultJson, data)).toEqual(reference(readResult, data));
      }),
    );
  });
});

describe('command header validation', () => {
  const compile = (schema: z.ZodType) =>
    commandValidatorCompiler({
      schema: schema as FastifySchema,
      method: 'POST',
      url: '/x',
      httpPart: 'headers',
    });
  const zodOnly = validatorCompiler({
    schema: ifMatchHeaders,
    method: 'POST',
    url: '/x',
    httpPart: 'headers',
  });

  it('passes string headers as they are and answers anything else as zod does', () => {
    const header = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.array(fc.string(), { maxLength: 2 }),
      fc.integer(),
    );
    fc.assert(
      fc.property(header, header, fc.string(), (ifMatch, key, other) => {
        const headers = { 'if-match': ifMatch, 'idempotency-key': key, 'x-other': other };
        for (const name of Object.keys(headers) as (keyof typeof headers)[]) {
          if (headers[name] === undefined) delete headers[name];
        }
        const fast = compile(ifMatchHeaders)(headers) as { value?: unknown; error?: unknown };
        const slow = zodOnly(headers) as { value?: unknown; error?: unknown };
        expect(fast.value).toEqual(slow.value);
        expect(String(fast.error)).toEqual(String(slow.error));
      }),
    );
  });
});
