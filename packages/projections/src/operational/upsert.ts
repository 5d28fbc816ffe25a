import type { PoolClient } from 'pg';
import { ident } from '../read-models/shared/ddl';
import { type Merge, mergePatch, type Patch } from '../read-models/shared/table';

export type { Merge, Patch } from '../read-models/shared/table';

export type EntityColumn = Readonly<{ name: string; sqlType: string; merge: Merge }>;

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
