import { z } from 'zod';
import { type CatalogEntry, cloudEventSchema, integrationCatalog } from './catalog';

export type AsyncApiOptions = Readonly<{
  /** The first token of every subject (default `aftersales`): `<prefix>.return.approved.v1`. */
  subjectPrefix?: string;
  /** Where consumers connect, e.g. `nats.shop.internal:4222`. */
  natsHost?: string;
  stream?: string;
  /** The catalog described (default: the published one). */
  catalog?: readonly CatalogEntry[];
}>;

/** The NATS subject of a catalog entry: the CloudEvents type with the configured first token. */
export const subjectOf = (
  entryOf: Pick<CatalogEntry, 'aggregate' | 'fact' | 'version'>,
  prefix = 'aftersales',
) => `${prefix}.${entryOf.aggregate}.${entryOf.fact}.v${entryOf.version}`;

const channelId = (e: CatalogEntry) => `${e.aggregate}.${e.fact}.v${e.version}`;
const messageId = (e: CatalogEntry) =>
  `${[e.aggregate, ...e.fact.split('-')].map((w) => w[0]?.toUpperCase() + w.slice(1)).join('')}V${e.version}`;

function payloadSchema(e: CatalogEntry): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(cloudEventSchema(e), { target: 'draft-7' }) as Record<
    string,
    unknown
  >;
  return schema;
}

/**
 * The AsyncAPI 3 document of the integration events, generated from the catalog's zod schemas
 * (the same ones that shape what is published): one channel per type and version, one `send`
 * operation each. Served at `/asyncapi.json`.
 */
export function asyncApiDocument(options: AsyncApiOptions = {}) {
  const prefix = options.subjectPrefix ?? 'aftersales';
  const stream = options.stream ?? 'AFTERSALES_INTEGRATION';
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const e of options.catalog ?? integrationCatalog) {
    const channel = channelId(e);
    const message = messageId(e);
    messages[message] = {
      name: e.type,
      title: e.type,
      summary: e.summary,
      contentType: 'application/json',
      payload: payloadSchema(e),
      ...(e.sunsetAt
        ? { 'x-sunset': e.sunsetAt, description: `Replaced; published until ${e.sunsetAt}.` }
        : {}),
    };
    channels[channel] = {
      address: subjectOf(e, prefix),
      title: e.type,
      summary: e.summary,
      messages: { [message]: { $ref: `#/components/messages/${message}` } },
    };
    operations[`publish${message}`] = {
      action: 'send',
      summary: `Published once for each ${e.from} in the log`,
      channel: { $ref: `#/channels/${channel}` },
      messages: [{ $ref: `#/channels/${channel}/messages/${message}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'After-sales integration events',
      version: '1.0.0',
      description:
        `CloudEvents 1.0 (JSON) for every published fact of the log, in log order, on the JetStream ` +
        `stream ${stream} (size and age limited). Consume with a durable consumer of your own. Ids ` +
        'stand in for personal data. Adding a field is a compatible change; a breaking change is a new ' +
        'version (a new type and subject), published beside the old one for at least 180 days.',
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: options.natsHost ?? 'localhost:4222',
        protocol: 'nats',
        description: 'NATS with JetStream',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
