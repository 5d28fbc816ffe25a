import type { DomainEventType } from '@aftersales/domain';
import { type RecordedEvent, upcastToCurrent } from '@aftersales/event-store';
import { z } from 'zod';
import { customerEntries, orderEntries, repairEntries, returnEntries } from './commerce';
import { caseEntries, feedbackEntries, loyaltyEntries } from './engagement';
import type { CatalogEntry } from './entry';

/**
 * The public catalog, every version that is published. Domain events not named here (return
 * quantity reservations, repairs noted on the order, a case marked pending or resumed, operator
 * actions, policy changes) are internal and never leave.
 */
export const integrationCatalog: readonly CatalogEntry[] = [
  ...customerEntries,
  ...orderEntries,
  ...returnEntries,
  ...repairEntries,
  ...feedbackEntries,
  ...loyaltyEntries,
  ...caseEntries,
] as unknown as readonly CatalogEntry[];

const byDomainType = new Map<string, CatalogEntry[]>();
for (const e of integrationCatalog) byDomainType.set(e.from, [...(byDomainType.get(e.from) ?? []), e]);
const byType = new Map(integrationCatalog.map((e) => [e.type, e]));

export const catalogEntry = (type: string): CatalogEntry | undefined => byType.get(type);
export const integrationEventTypes = (): string[] => integrationCatalog.map((e) => e.type);
/** The domain event types that have an integration event (for a filtered read of the log). */
export const publishedDomainTypes = (): DomainEventType[] => [...byDomainType.keys()] as DomainEventType[];

/** A CloudEvents 1.0 event in its JSON format. */
export type IntegrationEvent = Readonly<{
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  /** CloudEvents `sequence` extension: the event's position in the log, a decimal integer. */
  sequence: string;
  data: unknown;
}>;

export const DEFAULT_SOURCE = 'urn:aftersales';

/** The CloudEvents envelope of one catalog entry, around its data schema. */
export function cloudEventSchema(entryOf: CatalogEntry) {
  return z.object({
    specversion: z.literal('1.0'),
    id: z.string().meta({ description: 'the domain event id (uuid v7); the same on every redelivery' }),
    source: z.string().meta({ description: 'this system, e.g. urn:aftersales' }),
    type: z.literal(entryOf.type),
    subject: z.string().meta({ description: 'the stream the fact belongs to, e.g. return-r-1' }),
    time: z.string().meta({ description: 'business time of the fact (ISO 8601 UTC)', format: 'date-time' }),
    datacontenttype: z.literal('application/json'),
    dataschema: z.string(),
    sequence: z
      .string()
      .regex(/^[0-9]+$/)
      .meta({ description: 'position in the log: order by it, as a number' }),
    data: entryOf.data,
  });
}

export const dataSchemaUri = (type: string) => `urn:aftersales:schema:${type}`;

/**
 * The integration events of one recorded domain event (none for internal ones; one per published
 * version otherwise: a v2 beside the v1 it replaces until the v1's sunset, with the same id),
 * upcast first as every reader does. The data is parsed by its schema, so nothing outside the
 * schema can leave, even if a mapper forgot a field. `catalog`: the published catalog (another
 * only in tests of a change of version).
 */
export function toIntegrationEvents(
  event: RecordedEvent,
  source = DEFAULT_SOURCE,
  catalog: readonly CatalogEntry[] = integrationCatalog,
): IntegrationEvent[] {
  const entries =
    catalog === integrationCatalog
      ? byDomainType.get(event.type)
      : catalog.filter((e) => e.from === event.type);
  if (!entries || entries.length === 0) return [];
  const current = upcastToCurrent(event);
  return entries.map((e) => ({
    specversion: '1.0',
    id: current.metadata.eventId,
    source,
    type: e.type,
    subject: current.streamId,
    time: current.metadata.occurredAt,
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(e.type),
    sequence: current.position.toString(),
    data: e.data.parse(e.map(current.data as never)),
  }));
}
