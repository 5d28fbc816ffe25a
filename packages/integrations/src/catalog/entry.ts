import type { DomainEventOf, DomainEventType } from '@aftersales/domain';
import { z } from 'zod';

/**
 * One integration event of the public catalog: its CloudEvents `type`
 * (`aftersales.<aggregate>.<fact>.v<version>`), the zod schema of its `data` (which validates,
 * types and, through `z.toJSONSchema`, describes it in the AsyncAPI document) and how it is mapped
 * from the domain event it comes from. `map` is the only place that decides what leaves the
 * system: ids, codes, amounts and times, never a name, e-mail, phone, message body or free text.
 */
export type CatalogEntry<
  T extends DomainEventType = DomainEventType,
  S extends z.ZodType = z.ZodType,
> = Readonly<{
  type: string;
  aggregate: string;
  fact: string;
  version: number;
  summary: string;
  from: T;
  data: S;
  map: (data: DomainEventOf<T>['data']) => z.input<S>;
  /**
   * Set when a newer version replaced this one: the instant until which it is still published
   * beside its successor (at least 180 days after the successor appeared; see the README).
   */
  sunsetAt?: string;
}>;

/** Builds an entry; the type is derived, so a name and its version cannot drift apart. */
export function entry<T extends DomainEventType, S extends z.ZodType>(
  spec: Omit<CatalogEntry<T, S>, 'type' | 'version'> & { version?: number },
): CatalogEntry<T, S> {
  const version = spec.version ?? 1;
  return { ...spec, version, type: `aftersales.${spec.aggregate}.${spec.fact}.v${version}` };
}

// Shared pieces of the data schemas.
export const id = (description: string) => z.string().min(1).meta({ description });
export const instant = (description: string) =>
  z.string().meta({ description: `${description} (ISO 8601 UTC)`, format: 'date-time' });
export const money = z
  .object({
    amount: z.int().meta({ description: 'integer minor units of the currency (ISO 4217 exponent)' }),
    currency: z.string().length(3).meta({ description: 'ISO 4217 code' }),
  })
  .meta({ description: 'an amount of money' });
export const lineQuantity = z.object({ lineNo: z.int().min(1), qty: z.int().min(1) });

export const RETURN_REASONS = [
  'damaged',
  'defective',
  'wrong-item',
  'not-as-described',
  'size-or-fit',
  'changed-mind',
  'late-delivery',
  'other',
] as const;
/** A reason code as sent; anything that is not one of the codes (free text) leaves as `other`. */
export const reasonCode = (reason: string): (typeof RETURN_REASONS)[number] =>
  (RETURN_REASONS as readonly string[]).includes(reason)
    ? (reason as (typeof RETURN_REASONS)[number])
    : 'other';
