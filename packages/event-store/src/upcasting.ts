import { currentSchemaVersion, upcastEvent } from '@aftersales/domain';
import type { RecordedEvent } from './port';

/**
 * How the command shell and `aggregateStream` read old event versions as current ones (old
 * versions are upcast when read, never rewritten). The domain owns the upcasters and versions.
 */
export type Upcaster = (event: RecordedEvent) => RecordedEvent;

/** The default: the domain's upcasting (`metadata.schemaVersion` says which shape is stored). */
export const upcastToCurrent: Upcaster = (event) => upcastEvent(event);

/** For stores holding only current versions (tests) or callers doing their own upcasting. */
export const readAsStored: Upcaster = (event) => event;

/** Schema version stamped on new events of a type. */
export type SchemaVersionOf = (eventType: string) => number;

/** The default: the domain's current version of each type. */
export const domainSchemaVersion: SchemaVersionOf = currentSchemaVersion;

export const firstSchemaVersion: SchemaVersionOf = () => 1;
