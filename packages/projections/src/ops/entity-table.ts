import type { ColumnSpec, TableSpec } from '../read-models/shared/ddl';
import type { EntityColumn, Merge } from './upsert';

/** A column described once: DDL type, comment for BI, and how events merge into it. */
export type OpsColumn = Readonly<{
  name: string;
  /** Type used in the table's DDL (may carry NOT NULL, DEFAULT or GENERATED). */
  type: string;
  comment: string;
  /** Absent for the key and for generated columns: events never write them. */
  merge?: Merge;
  /** Plain type for reading the JSON batch; defaults to the first word of `type`. */
  recordType?: string;
}>;

export type EntityTable = Readonly<{
  spec: TableSpec;
  key: EntityColumn;
  columns: readonly EntityColumn[];
}>;

/** Splits column definitions into the table's DDL spec and the merge rules of its upsert. */
export function entityTable(
  name: string,
  comment: string,
  key: OpsColumn,
  columns: readonly OpsColumn[],
  indexes: TableSpec['indexes'] = [],
): EntityTable {
  const recordTypeOf = (c: OpsColumn) => c.recordType ?? c.type.split(' ')[0] ?? 'text';
  const all: ColumnSpec[] = [key, ...columns].map((c) => ({
    name: c.name,
    type: c.type,
    comment: c.comment,
  }));
  return {
    spec: { name, comment, columns: all, constraints: [`PRIMARY KEY (${key.name})`], indexes },
    key: { name: key.name, sqlType: recordTypeOf(key), merge: 'first' },
    columns: columns.flatMap((c) =>
      c.merge ? [{ name: c.name, sqlType: recordTypeOf(c), merge: c.merge }] : [],
    ),
  };
}
