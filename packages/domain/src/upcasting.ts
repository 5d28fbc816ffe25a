import type { DomainEventType } from './events';
import { reasonFromFreeText } from './return/reasons';

/**
 * Event schemas are versioned; old versions are upcast when read, never rewritten in the store.
 * New events are stamped with `currentSchemaVersion(type)`; a reader passes every stored event
 * through `upcastEvent`, which applies the registered upcasters one version at a time
 * (v1 → v2 → …) until the data has the current shape.
 */

type EventData = Readonly<Record<string, unknown>>;

/** Turns the data of `type` at `fromVersion` into the data at `fromVersion + 1`. Pure. */
export type EventUpcaster = Readonly<{
  type: string;
  fromVersion: number;
  upcast: (data: EventData) => EventData;
}>;

/** Anything that carries a type, data and a schema version in its metadata (a stored event). */
export type SchemaVersioned = Readonly<{
  type: string;
  data: unknown;
  metadata: Readonly<{ schemaVersion?: number }>;
}>;

export class SchemaVersionError extends Error {
  constructor(
    readonly code: 'schema-version-too-new' | 'upcaster-missing',
    message: string,
  ) {
    super(message);
    this.name = 'SchemaVersionError';
  }
}

/** Builds the upcasting of one registry; the domain's own is exported below. */
export function createUpcasting(
  upcasters: readonly EventUpcaster[],
  versions: Readonly<Partial<Record<string, number>>>,
) {
  const byStep = new Map(upcasters.map((upcaster) => [`${upcaster.type}@${upcaster.fromVersion}`, upcaster]));
  const currentSchemaVersion = (type: string): number => versions[type] ?? 1;

  // A gap in a chain would surface only when an old event is read; refuse the registry at once.
  for (const [type, current = 1] of Object.entries(versions)) {
    for (let version = 1; version < current; version++) {
      if (!byStep.has(`${type}@${version}`)) {
        throw new SchemaVersionError(
          'upcaster-missing',
          `no upcaster for ${type} v${version} → v${version + 1}`,
        );
      }
    }
  }

  /** The data of `type` stored at `schemaVersion`, in the current shape. */
  function upcastData(type: string, schemaVersion: number, data: unknown): unknown {
    const current = currentSchemaVersion(type);
    if (schemaVersion > current) {
      // Written by a newer release: reading it with today's shape would silently lose fields.
      throw new SchemaVersionError(
        'schema-version-too-new',
        `${type} v${schemaVersion} is newer than v${current}`,
      );
    }
    let upcast = data;
    for (let version = schemaVersion; version < current; version++) {
      const step = byStep.get(`${type}@${version}`);
      if (!step) throw new SchemaVersionError('upcaster-missing', `no upcaster for ${type} v${version}`);
      upcast = step.upcast(upcast as EventData);
    }
    return upcast;
  }

  /** The event as the current schema has it; an event already current is returned as is. */
  function upcastEvent<T extends SchemaVersioned>(event: T): T {
    const stored = event.metadata.schemaVersion ?? 1;
    const current = currentSchemaVersion(event.type);
    if (stored === current) return event;
    return {
      ...event,
      data: upcastData(event.type, stored, event.data),
      metadata: { ...event.metadata, schemaVersion: current },
    };
  }

  return { currentSchemaVersion, upcastData, upcastEvent };
}

/**
 * Release 1 knew one shipment per order and gave it no id; release 2 names shipments. The id
 * of a v1 shipment is derived from its order, the same way for the shipment and its delays, so
 * both still refer to one another after upcasting.
 */
export function legacyShipmentId(orderId: string): string {
  return `${orderId}-shipment-1`;
}

const withDerivedShipmentId = (data: EventData): EventData =>
  typeof data.shipmentId === 'string'
    ? data
    : { ...data, shipmentId: legacyShipmentId(String(data.orderId)) };

/** ReturnRequested v1 → v2: reasons as codes (free text kept as `reasonText`), a resolution per line. */
const withReasonCodes = (data: EventData): EventData => ({
  ...data,
  items: (Array.isArray(data.items) ? data.items : []).map((item: Record<string, unknown>) => {
    const { reason, ...rest } = item;
    return { ...rest, ...reasonFromFreeText(reason), resolution: item.resolution ?? data.resolution };
  }),
});

export const domainUpcasters: readonly EventUpcaster[] = [
  { type: 'OrderShipped', fromVersion: 1, upcast: withDerivedShipmentId },
  { type: 'ShipmentDelayed', fromVersion: 1, upcast: withDerivedShipmentId },
  { type: 'ReturnRequested', fromVersion: 1, upcast: withReasonCodes },
];

/** Current schema version per event type; a type not listed is at version 1. */
export const currentSchemaVersions: Readonly<Partial<Record<DomainEventType, number>>> = {
  OrderShipped: 2,
  ShipmentDelayed: 2,
  ReturnRequested: 2,
};

const domainUpcasting = createUpcasting(domainUpcasters, currentSchemaVersions);

/** The schema version to stamp on a new event of `type`. */
export const currentSchemaVersion: (type: string) => number = domainUpcasting.currentSchemaVersion;
/** Upcasts one stored event's data to the current shape. */
export const upcastData: (type: string, schemaVersion: number, data: unknown) => unknown =
  domainUpcasting.upcastData;
/** Upcasts a stored event (its `metadata.schemaVersion` says which shape it has). */
export const upcastEvent: <T extends SchemaVersioned>(event: T) => T = domainUpcasting.upcastEvent;
