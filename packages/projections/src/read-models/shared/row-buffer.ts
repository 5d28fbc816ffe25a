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
