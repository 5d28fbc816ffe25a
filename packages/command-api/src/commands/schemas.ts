import { z } from 'zod';

/**
 * Zod building blocks shared by the routes. They check shape and bounds; the domain checks the
 * meaning (and answers 422/409 with its own codes), so both layers never disagree on a rule.
 */

/** Caller-chosen ids: safe in a stream name and a URL path segment (no slashes, no spaces). */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits and . _ : - only, at most 128')
  .meta({ examples: ['ord-2026-0001'] });

export const instantSchema = z.iso
  .datetime({ offset: true })
  .meta({ examples: ['2026-03-01T10:00:00.000Z'] });

/**
 * A point in time to read as of: an instant, or a calendar date meaning its start in UTC (as
 * `pnpm ops timeline --as-of 2026-06-01` takes it).
 */
export const asOfSchema = z
  .union([instantSchema, z.iso.date()])
  .meta({ examples: ['2026-06-01T00:00:00.000Z', '2026-06-01'] });

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
  .meta({ examples: ['EUR'] });

export const moneySchema = z
  .strictObject({
    amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'integer minor units' }),
    currency: currencySchema,
  })
  .meta({ id: 'Money', examples: [{ amount: 4999, currency: 'EUR' }] });

export const text = (max: number) => z.string().min(1).max(max);

export const positiveInt = z.number().int().min(1).max(1_000_000);

/** Every command may carry its business time (for history imports); the server clock is the default. */
export const occurredAt = instantSchema
  .optional()
  .meta({ description: 'Business time of the command; defaults to the server clock.' });

export const idParams = z.strictObject({ id: idSchema });
export const customerIdParams = z.strictObject({ customerId: idSchema });

const eventRef = z.object({ eventId: z.string(), type: z.string() });

const streamOutcome = z.object({
  stream: z.string(),
  revision: z.number().int().meta({ description: 'the stream revision after the command (-1: no stream)' }),
  events: z.array(eventRef),
});

export const commandResultSchema = streamOutcome
  .extend({ related: z.array(streamOutcome).meta({ description: 'effects on other streams' }) })
  .meta({
    id: 'CommandResult',
    examples: [
      {
        stream: 'order-ord-2026-0001',
        revision: 2,
        events: [{ eventId: '01970a8e-5f3a-7cc1-9a51-4a6f0c3d2b11', type: 'OrderDelivered' }],
        related: [
          {
            stream: 'loyalty-cus-42',
            revision: 0,
            events: [{ eventId: '5b6f2a51-3c0e-5d8e-9b7a-2f1e0d4c3b2a', type: 'PointsEarned' }],
          },
        ],
      },
    ],
  });

export type CommandResult = z.infer<typeof commandResultSchema>;

export const ifMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'The stream revision the caller last saw (as in ETag); a mismatch is 409.' }),
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: 'Makes a retry return the first response instead of running again.' }),
});
