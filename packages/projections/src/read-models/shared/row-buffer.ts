/**
 * Rows gathered from a batch of events, written by one statement per table:
 * `INSERT ... SELECT * FROM json_to_recordset($1::json) AS p(order_id text, ...)`. Writing per
 * batch instead of per event is what makes a rebuild fast. One JSON parameter rather than one
 * array per column: V8 serialises JSON faster than the driver builds array literals, and in a
 * measured rebuild the multi-row UPDATEs ran twice as fast with it.
 */
export class RowBuffer<K extends string> {
  private readonly rows: Record<string, unknown>[] = [];

  /** `columns`: name and SQL type, e.g. `['order_id', 'text']`. */
  constructor(readonly columns: readonly (readonly [name: K, sqlType: string])[]) {}

  /**
   * Keeps the listed columns of `row`. NULLs are left out of the JSON (json_to_recordset reads
   * a missing key as NULL): patch rows are mostly empty, and every key costs parsing time.
   */
  push(row: Readonly<Partial<Record<K, unknown>>>): void {
    const kept: Record<string, unknown> = {};
    for (const [name] of this.columns) {
      const value = row[name];
      if (value !== undefined && value !== null) kept[name] = value;
    }
    this.rows.push(kept);
  }

  get size(): number {
    return this.rows.length;
  }

  /** Comma-separated column names, for the INSERT column list. */
  get names(): string {
    return this.columns.map(([name]) => name).join(', ');
  }

  /**
   * `json_to_recordset($1::json) AS <alias>(<name> <type>, ...)`: the rows as a relation. The
   * planner guesses 100 rows for any JSON document; for a smaller batch (the live tail's usual
   * one) a LIMIT of the real count tells it how few there are. Without it, an UPDATE of three rows
   * hash-joined a whole read-model table of a few tens of thousands of rows instead of looking
   * the three up by key (`row-buffer.int.test.ts`).
   */
  recordset(alias = 'p'): string {
    const definitions = this.columns.map(([name, type]) => `${name} ${type}`).join(', ');
    const relation = `json_to_recordset($1::json) AS ${alias}(${definitions})`;
    return this.rows.length < 100
      ? `(SELECT * FROM ${relation} LIMIT ${this.rows.length}) AS ${alias}`
      : relation;
  }

  params(): [string] {
    return [JSON.stringify(this.rows)];
  }
}

type Queryable = Readonly<{ query: (sql: string, params: unknown[]) => Promise<unknown> }>;

/** One multi-row insert; rows already there (same key) are left alone. */
export async function insertRows<K extends string>(
  client: Queryable,
  table: string,
  rows: RowBuffer<K>,
  conflictKey: string,
): Promise<void> {
  if (rows.size === 0) return;
  await client.query(
    `INSERT INTO ${table} (${rows.names}) SELECT ${rows.names} FROM ${rows.recordset()} ON CONFLICT (${conflictKey}) DO NOTHING`,
    rows.params(),
  );
}

/** One multi-row update: `table AS t` joined to the buffered rows `AS p` by `where`. */
export async function updateRows<K extends string>(
  client: Queryable,
  table: string,
  rows: RowBuffer<K>,
  set: string,
  where: string,
): Promise<void> {
  if (rows.size === 0) return;
  await client.query(
    `UPDATE ${table} AS t SET ${set} FROM ${rows.recordset()} WHERE ${where}`,
    rows.params(),
  );
}

/** One multi-row delete: the rows of `table AS t` matched by `where` to the buffered rows `AS p`. */
export async function deleteRows<K extends string>(
  client: Queryable,
  table: string,
  rows: RowBuffer<K>,
  where: string,
): Promise<void> {
  if (rows.size === 0) return;
  await client.query(`DELETE FROM ${table} AS t USING ${rows.recordset()} WHERE ${where}`, rows.params());
}
