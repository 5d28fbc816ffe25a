import type { RecordedEvent } from './port';

/**
 * The hook through which the command shell and `aggregateStream` read old event versions as
 * current ones (old versions are upcast when read, never rewritten). The domain owns the
 * actual upcasters; until they are wired in, events are read as stored.
 */
export type Upcaster = (event: RecordedEvent) => RecordedEvent;

export const readAsStored: Upcaster = (event) => event;

/** Schema version stamped on new events of a type; the domain's upcasting module knows them. */
export type SchemaVersionOf = (eventType: string) => number;

export const firstSchemaVersion: SchemaVersionOf = () => 1;
