/**
 * Tables and views described as data, so the DDL and its `COMMENT ON` statements come from one
 * place: a column cannot be added without saying what it means (BI users read these comments).
 */

export type ColumnSpec = Readonly<{ name: string; type: string; comment: string }>;

export type TableSpec = Readonly<{
  name: string;
  comment: string;
  columns: readonly ColumnSpec[];
  /** Table constraints, e.g. `PRIMARY KEY (order_id)`. */
  constraints?: readonly string[];
  /**
   * Storage parameters, e.g. `fillfactor = 70` for rows that are updated after insert: the free
   * space lets Postgres update them in place (HOT) without touching the indexes.
   */
  storage?: string;
  /** Index definitions after `ON <table>`, e.g. `(customer_id)`. */
  indexes?: readonly Readonly<{ name: string; on: string }>[];
}>;

/** Quotes an SQL identifier (schema names come from the runner, e.g. a staging schema). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes an SQL string literal. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `CREATE TABLE IF NOT EXISTS`, its indexes and a comment on the table and every column. */
export function tableDdl(schema: string, table: TableSpec): string[] {
  const qualified = `${ident(schema)}.${ident(table.name)}`;
  const body = [
    ...table.columns.map((column) => `${ident(column.name)} ${column.type}`),
    ...(table.constraints ?? []),
  ].join(',\n  ');
  return [
    `CREATE TABLE IF NOT EXISTS ${qualified} (\n  ${body}\n)${table.storage ? ` WITH (${table.storage})` : ''}`,
    ...(table.indexes ?? []).map(
      (index) => `CREATE INDEX IF NOT EXISTS ${ident(index.name)} ON ${qualified} ${index.on}`,
    ),
    `COMMENT ON TABLE ${qualified} IS ${literal(table.comment)}`,
    ...table.columns.map(
      (column) => `COMMENT ON COLUMN ${qualified}.${ident(column.name)} IS ${literal(column.comment)}`,
    ),
  ];
}

export type ViewSpec = Readonly<{
  name: string;
  comment: string;
  /** Every output column of `query`, in order, with its meaning (and unit or formula). */
  columns: readonly Readonly<{ name: string; comment: string }>[];
  query: string;
}>;

/** `CREATE OR REPLACE VIEW <schema>.<name>` plus comments on the view and its columns. */
export function viewDdl(schema: string, view: ViewSpec): string[] {
  const qualified = `${ident(schema)}.${ident(view.name)}`;
  return [
    `CREATE OR REPLACE VIEW ${qualified} AS\n${view.query}`,
    `COMMENT ON VIEW ${qualified} IS ${literal(view.comment)}`,
    ...view.columns.map(
      (column) => `COMMENT ON COLUMN ${qualified}.${ident(column.name)} IS ${literal(column.comment)}`,
    ),
  ];
}

/** Runs statements one by one on the caller's client (inside the caller's transaction). */
export async function runAll(
  client: Readonly<{ query: (sql: string) => Promise<unknown> }>,
  statements: readonly string[],
): Promise<void> {
  for (const statement of statements) await client.query(statement);
}
