import type { PoolClient } from 'pg';
import { ident } from '../read-models/shared/ddl';

/**
 * How a column of an entity row combines the facts of several events:
 * `first` keeps the earliest value (promised date, placed time), `last` the latest (status,
 * latest estimate), `add` sums (delay count). The merge is associative, so folding a batch in
 * memory and then merging into the stored row gives the same row whatever the batch
 * boundaries are — a rebuild with large batches equals the incremental run.
 */
export type Merge = 'first' | 'last' | 'add';

export type EntityColumn = Readonly<{ name: string; sqlType: string; merge: Merge }>;

export type Patch = Record<string, string | number | boolean | null | undefined>;

/** Folds `patch` into `into` (both for the same key), in event order. */
export function mergePatch(columns: readonly EntityColumn[], into: Patch, patch: Patch): Patch {
  for (const column of columns) {
    const value = patch[column.name];
    if (value === undefined || value === null) continue;
    const current = into[column.name];
    if (column.merge === 'add') into[column.name] = Number(current ?? 0) + Number(value);
    else if (column.merge === 'last' || current === undefined || current === null) into[column.name] = value;
  }
  return into;
}

/** Collects patches per key in event order. */
export class PatchFolder {
  private readonly rows = new Map<string, Patch>();
  constructor(
    private readonly key: string,
    private readonly columns: readonly EntityColumn[],
  ) {}

  add(keyValue: string, patch: Patch): void {
    const row = this.rows.get(keyValue) ?? { [this.key]: keyValue };
    this.rows.set(keyValue, mergePatch(this.columns, row, patch));
  }

  get size() {
    return this.rows.size;
  }

  values(): Patch[] {
    return [...this.rows.values()];
  }
}

/**
 * One statement for the whole batch: the folded rows arrive as a JSON array, are expanded with
 * `jsonb_to_recordset`, and merged into the stored rows column by column.
 */
export async function upsertPatches(
  client: PoolClient,
  schema: string,
  table: string,
  key: EntityColumn,
  columns: readonly EntityColumn[],
  patches: readonly Patch[],
): Promise<void> {
  if (patches.length === 0) return;
  const all = [key, ...columns];
  const names = all.map((c) => ident(c.name)).join(', ');
  const record = all.map((c) => `${ident(c.name)} ${c.sqlType}`).join(', ');
  const select = all
    .map((c) => (c.merge === 'add' ? `COALESCE(r.${ident(c.name)}, 0)` : `r.${ident(c.name)}`))
    .join(', ');
  const updates = columns
    .map((c) => {
      const col = ident(c.name);
      if (c.merge === 'add') return `${col} = t.${col} + EXCLUDED.${col}`;
      if (c.merge === 'first') return `${col} = COALESCE(t.${col}, EXCLUDED.${col})`;
      return `${col} = COALESCE(EXCLUDED.${col}, t.${col})`;
    })
    .join(',\n      ');
  await client.query(
    `INSERT INTO ${ident(schema)}.${ident(table)} AS t (${names})
     SELECT ${select} FROM jsonb_to_recordset($1::jsonb) AS r(${record})
     ON CONFLICT (${ident(key.name)}) DO UPDATE SET
      ${updates}`,
    [JSON.stringify(patches)],
  );
}
