export type { IntegrationEvent } from './catalog';
export {
  catalogEntry,
  cloudEventSchema,
  DEFAULT_SOURCE,
  dataSchemaUri,
  integrationCatalog,
  integrationEventTypes,
  publishedDomainTypes,
  toIntegrationEvents,
} from './catalog';
export type { CatalogEntry } from './entry';
