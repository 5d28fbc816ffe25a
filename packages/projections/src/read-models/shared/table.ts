import type { TableSpec } from './ddl';

/**
 * How a column of a row combines the facts of several events: `first` keeps the earliest value
 * (promised date, placed time), `last` the latest (status, latest estimate), `add` sums (delay
 * count, units received). The merge is associative, so folding a batch in memory and then merging
 * into the stored row gives the same row whatever the batch boundaries are: a rebuild with large
 * batches equals the incremental run.
 */
export type Merge = 'first' | 'last' | 'add';

/** A read-model column described once: its DDL type, its comment for BI, how events write it. */
export type Column = Readonly<{
  name: string;
  /** Type used in the table's DDL (may carry NOT NULL, DEFAULT or GENERATED). */
  type: string;
  comment: string;
  /**
   * `created`: written with the row only (by the event that creates it); a `Merge`: also merged
   * from later events; absent: never written by events (the key of an upsert, generated columns).
   */
  merge?: Merge | 'created';
  /** Plain type for reading the JSON batch; defaults to the first word of `type`. */
  recordType?: string;
}>;

/** The columns of a table whose rows are only ever inserted: each written with its row. */
export const writtenOnce = (columns: readonly Omit<Column, 'merge'>[]): Column[] =>
  columns.map((column) => ({ ...column, merge: 'created' }));

export type Patch = Record<string, string | number | boolean | null | undefined>;

export type MergedColumn = Readonly<{ name: string; merge: Merge }>;

/** Folds `patch` into `into` (both for the same key), in event order. */
export function mergePatch(columns: readonly MergedColumn[], into: Patch, patch: Patch): Patch {
  for (const column of columns) {
    const value = patch[column.name];
    if (value === undefined || value === null) continue;
    const current = into[column.name];
    if (column.merge === 'add') into[column.name] = Number(current ?? 0) + Number(value);
    else if (column.merge === 'last' || current === undefined || current === null) into[column.name] = value;
  }
  return into;
}

export const recordTypeOf = (column: Column): string =>
  column.recordType ?? column.type.split(' ')[0] ?? 'text';

/** A table whose rows events create and later events merge into (see `TableRows`). */
export type ReadModelTable = Readonly<{
  spec: TableSpec;
  key: readonly string[];
  /** What an event that creates a row writes: the key and every column events write. */
  created: readonly (readonly [name: string, recordType: string])[];
  /** The columns later events merge into a row, and how. */
  merged: readonly MergedColumn[];
  /** A patch of a stored row as read from the JSON batch: the key and the merged columns. */
  patched: readonly (readonly [name: string, recordType: string])[];
  /** `SET` of the UPDATE that merges patches (`p`) into the stored rows (`t`). */
  mergeSql: string;
  /** The UPDATE's join of `t` and `p` on the key. */
  keySql: string;
}>;

const mergeSql = ({ name, merge }: MergedColumn): string => {
  if (merge === 'add') return `${name} = t.${name} + coalesce(p.${name}, 0)`;
  if (merge === 'first') return `${name} = coalesce(t.${name}, p.${name})`;
  return `${name} = coalesce(p.${name}, t.${name})`;
};

/** Declares a read-model table once: its DDL (with comments), its inserts and its merges follow. */
export function readModelTable(
  declaration: Omit<TableSpec, 'columns' | 'constraints'> &
    Readonly<{ key: readonly string[]; columns: readonly Column[] }>,
): ReadModelTable {
  const { key, columns, ...table } = declaration;
  const isKey = (c: Column) => key.includes(c.name);
  const merged = columns.flatMap((c): MergedColumn[] =>
    c.merge && c.merge !== 'created' && !isKey(c) ? [{ name: c.name, merge: c.merge }] : [],
  );
  const typed = (c: Column) => [c.name, recordTypeOf(c)] as const;
  return {
    spec: {
      ...table,
      columns: columns.map(({ name, type, comment }) => ({ name, type, comment })),
      constraints: [`PRIMARY KEY (${key.join(', ')})`],
    },
    key,
    created: columns.filter((c) => isKey(c) || c.merge !== undefined).map(typed),
    merged,
    patched: columns.filter((c) => isKey(c) || merged.some((m) => m.name === c.name)).map(typed),
    mergeSql: merged.map(mergeSql).join(',\n     '),
    keySql: key.map((k) => `t.${k} = p.${k}`).join(' AND '),
  };
}

/**
 * A batch's rows of one table, folded in memory in event order (pure): the rows created in the
 * batch, and patches of rows stored by an earlier batch. A later event of the batch merges into
 * the row created earlier in it, so that row is inserted complete; several events for one stored
 * row fold into one patch, so into one UPDATE row.
 */
export class TableRows {
  private readonly createdRows = new Map<string, Patch>();
  private readonly patches = new Map<string, Patch>();

  constructor(readonly table: ReadModelTable) {}

  private keyOf(row: Patch): string {
    // JSON, not a separator: an id holding the separator must not meet another key.
    return JSON.stringify(this.table.key.map((k) => row[k] ?? null));
  }

  /** A row created by an event; a second creation of the same key changes nothing. */
  create(row: Patch): void {
    const key = this.keyOf(row);
    if (!this.createdRows.has(key)) this.createdRows.set(key, { ...row });
  }

  /** What an event changes in the row of `key` (its key columns), merged as the columns say. */
  merge(key: Patch, patch: Patch): void {
    const id = this.keyOf(key);
    let row = this.createdRows.get(id) ?? this.patches.get(id);
    if (!row) {
      row = { ...key };
      this.patches.set(id, row);
    }
    mergePatch(this.table.merged, row, patch);
  }

  /** The rows to insert, as the JSON batch holds them. */
  get created(): readonly Patch[] {
    return [...this.createdRows.values()];
  }

  /** The patches of stored rows. */
  get patched(): readonly Patch[] {
    return [...this.patches.values()];
  }
}
