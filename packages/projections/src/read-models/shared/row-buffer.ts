/**
 * Rows gathered from a batch of events, kept column by column so one statement writes them all:
 * `INSERT ... SELECT * FROM unnest($1::text[], $2::int[], ...)`. Writing per batch instead of
 * per event is what makes a rebuild fast.
 */
export class RowBuffer<K extends string> {
  private readonly values: unknown[][];

  /** `columns`: name and SQL element type, e.g. `['order_id', 'text']`. */
  constructor(readonly columns: readonly (readonly [name: K, sqlType: string])[]) {
    this.values = columns.map(() => []);
  }

  push(row: Readonly<Record<K, unknown>>): void {
    this.columns.forEach(([name], index) => {
      this.values[index]?.push(row[name] ?? null);
    });
  }

  get size(): number {
    return this.values[0]?.length ?? 0;
  }

  /** Comma-separated column names, for the INSERT column list. */
  get names(): string {
    return this.columns.map(([name]) => name).join(', ');
  }

  /** `unnest($1::text[], ...) AS <alias>(<names>)`, parameters numbered from 1. */
  unnest(alias = 'p'): string {
    const arrays = this.columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
    return `unnest(${arrays}) AS ${alias}(${this.names})`;
  }

  params(): unknown[][] {
    return this.values;
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
    `INSERT INTO ${table} (${rows.names}) SELECT * FROM ${rows.unnest()} ON CONFLICT (${conflictKey}) DO NOTHING`,
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
  await client.query(`UPDATE ${table} AS t SET ${set} FROM ${rows.unnest()} WHERE ${where}`, rows.params());
}
