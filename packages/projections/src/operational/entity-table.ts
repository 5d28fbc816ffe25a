import type { ColumnSpec, TableSpec } from '../read-models/shared/ddl';
import { type Column, recordTypeOf } from '../read-models/shared/table';
import type { EntityColumn } from './upsert';

/** A column described once (see `readModelTable`); an entity table's are merged by upsert. */
export type OpsColumn = Column;

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
  const all: ColumnSpec[] = [key, ...columns].map((c) => ({
    name: c.name,
    type: c.type,
    comment: c.comment,
  }));
  return {
    spec: { name, comment, columns: all, constraints: [`PRIMARY KEY (${key.name})`], indexes },
    key: { name: key.name, sqlType: recordTypeOf(key), merge: 'first' },
    columns: columns.flatMap((c) =>
      c.merge && c.merge !== 'created' ? [{ name: c.name, sqlType: recordTypeOf(c), merge: c.merge }] : [],
    ),
  };
}
