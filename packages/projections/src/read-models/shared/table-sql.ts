import { ident } from './ddl';
import { insertRows, RowBuffer, updateRows } from './row-buffer';
import type { TableRows } from './table';

type Queryable = Readonly<{ query: (sql: string, params: unknown[]) => Promise<unknown> }>;

/**
 * Writes a batch's rows of one table: the new rows first (a row stored already is left alone),
 * then the patches merged into the stored rows as the columns declare (see `readModelTable`).
 */
export async function writeTableRows(client: Queryable, schema: string, rows: TableRows): Promise<void> {
  const { table } = rows;
  const name = `${ident(schema)}.${ident(table.spec.name)}`;
  const created = new RowBuffer(table.created);
  for (const row of rows.created) created.push(row);
  await insertRows(client, name, created, table.key.join(', '));
  const patched = new RowBuffer(table.patched);
  for (const patch of rows.patched) patched.push(patch);
  await updateRows(client, name, patched, table.mergeSql, table.keySql);
}
