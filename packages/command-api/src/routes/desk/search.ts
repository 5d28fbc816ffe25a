import { customerDecider, streams } from '@aftersales/domain';
import { aggregateStream } from '@aftersales/event-store';
import { type BlindIndex, type ContactKind, ensureIndexKeyTable, loadBlindIndex } from '@aftersales/privacy';
import { CUSTOMER_LOOKUP_SCHEMA, normaliseTrackingNumber } from '@aftersales/projections';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { idSchema } from '../../commands/schemas';
import { HttpProblem, problemSchema } from '../../http/problem';

/**
 * Finding a customer (scope `support`) by what the caller on the phone can say: e-mail, phone,
 * an order id or a carrier's tracking number. Two forms with one answer: `GET /v1/customers?
 * email=` (DESIGN.md's route; this service's own logs redact `email` and `phone` in URLs), and
 * `POST /v1/customers/search` with the criteria in the body, the one to prefer, since URLs also
 * end up in proxies' logs and browser histories, where an e-mail or phone is personal data outside
 * every erasure. Nothing is stored for either (no idempotency record), and the answer holds ids
 * and facts, never a name, e-mail or phone.
 */
const criteriaShape = {
  email: z.string().min(3).max(254).optional(),
  phone: z.string().min(5).max(32).optional().meta({ description: 'with its country code: +98… or 0098…' }),
  orderId: idSchema.optional(),
  trackingNumber: z.string().min(1).max(64).optional(),
};
const exactlyOne = {
  message: 'give exactly one of email, phone, orderId, trackingNumber',
};
const searchBody = z
  .strictObject(criteriaShape)
  .refine((body) => Object.keys(body).length === 1, exactlyOne)
  .meta({ examples: [{ phone: '+98 21 1234 5678' }, { email: 'Shirin@Example.com' }] });
const searchQuery = z
  .strictObject(criteriaShape)
  .refine((query) => Object.values(query).filter((v) => v !== undefined).length === 1, exactlyOne);
type Criteria = z.output<typeof searchBody>;

const match = z.object({
  customerId: z.string(),
  matchedBy: z.enum(['email', 'phone', 'orderId', 'trackingNumber']),
  orderId: z.string().optional().meta({ description: 'the order found, for orderId and trackingNumber' }),
  language: z.string(),
  timezone: z.string(),
  registeredAt: z.string(),
});
const searchResult = z.object({ customers: z.array(match) }).meta({
  examples: [
    {
      customers: [
        {
          customerId: 'cus-42',
          matchedBy: 'phone',
          language: 'fa',
          timezone: 'Asia/Tehran',
          registeredAt: '2026-01-05T09:00:00.000Z',
        },
      ],
    },
  ],
});

type Found = Readonly<{ customerId: string; orderId?: string }>;

async function lookUp(pool: pg.Pool, sql: string, params: unknown[]): Promise<Found[]> {
  try {
    const { rows } = await pool.query<{ customer_id: string; order_id?: string }>(sql, params);
    return rows.map((r) => ({ customerId: r.customer_id, ...(r.order_id ? { orderId: r.order_id } : {}) }));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '42P01' || code === '3F000') {
      throw new HttpProblem(
        503,
        'read-model-unavailable',
        'the lookup tables are not set up yet (projections)',
      );
    }
    throw err;
  }
}

export const deskSearchRoutes: FastifyPluginAsync = async (app) => {
  const { pool, store } = app;
  // The key is read once per process (created on first use, the same for every process).
  let index: Promise<BlindIndex> | undefined;
  const blindIndex = () => {
    index ??= ensureIndexKeyTable(pool)
      .then(() => loadBlindIndex(pool))
      .catch((err: unknown) => {
        index = undefined;
        throw err;
      });
    return index;
  };
  const lookup = CUSTOMER_LOOKUP_SCHEMA;

  const byContact = async (kind: ContactKind, raw: string): Promise<Found[]> => {
    const digest = (await blindIndex()).digestOf(kind, raw);
    if (digest === null) {
      throw new HttpProblem(
        400,
        `invalid-${kind}`,
        kind === 'email' ? 'not an e-mail address' : 'not a phone number with its country code (+… or 00…)',
        { field: kind },
      );
    }
    return lookUp(pool, `SELECT customer_id FROM ${lookup}.contacts WHERE kind = $1 AND digest = $2`, [
      kind,
      digest,
    ]);
  };

  const find = async (body: Criteria): Promise<z.output<typeof searchResult>> => {
    const [matchedBy, found] = body.email
      ? (['email', await byContact('email', body.email)] as const)
      : body.phone
        ? (['phone', await byContact('phone', body.phone)] as const)
        : body.orderId
          ? ([
              'orderId',
              await lookUp(
                pool,
                'SELECT customer_id, order_id FROM rm_ops_order_status.order_status WHERE order_id = $1',
                [body.orderId],
              ),
            ] as const)
          : ([
              'trackingNumber',
              await lookUp(
                pool,
                `SELECT customer_id, order_id FROM ${lookup}.tracking_numbers WHERE tracking_number = $1 ORDER BY order_id LIMIT 20`,
                [normaliseTrackingNumber(body.trackingNumber ?? '')],
              ),
            ] as const);
    const customers: z.output<typeof match>[] = [];
    for (const hit of found) {
      const { state } = await aggregateStream(
        store,
        streams.customer(hit.customerId),
        customerDecider.evolve,
        customerDecider.initialState(),
      );
      // A forgotten customer is not found, whatever a lagging table still holds.
      if (state.status !== 'registered') continue;
      customers.push({
        customerId: hit.customerId,
        matchedBy,
        ...(hit.orderId ? { orderId: hit.orderId } : {}),
        language: state.language,
        timezone: state.timezone,
        registeredAt: state.registeredAt,
      });
    }
    return { customers };
  };

  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/customers/search',
    {
      config: { scope: 'support', readOnly: true },
      schema: {
        operationId: 'searchCustomers',
        summary: 'Find customers by e-mail, phone (exact, after normalising), order id or tracking number',
        description:
          'E-mail: trimmed, lower case. Phone: spaces, dashes, dots, parentheses ignored, 00 read as +; the country code is required. A forgotten customer is never found. The criteria go in the body so that no personal data reaches a URL; no Idempotency-Key is needed or used.',
        tags: ['support desk'],
        body: searchBody,
        response: {
          200: searchResult,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request) => find(request.body),
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/customers',
    {
      config: { scope: 'support' },
      schema: {
        operationId: 'findCustomers',
        summary:
          'Find customers by ?email=, ?phone=, ?orderId= or ?trackingNumber= (exact, after normalising)',
        description:
          'The same search and answer as POST /v1/customers/search, whose body keeps the e-mail or phone out of every URL (prefer it where proxies log URLs). This service redacts email and phone in the URLs it logs.',
        tags: ['support desk'],
        querystring: searchQuery,
        response: {
          200: searchResult,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request) => find(request.query),
  );
};
