import type pg from 'pg';

/**
 * The registration point for "drop this customer's personal data from your tables". The log is
 * handled by destroying the key; read models and the notifier keep copies of their own, and
 * each package knows its tables best, so each contributes an eraser. The composition root
 * (CLI, command API) builds one registry and passes it to `forgetCustomer`.
 *
 *   const erasers = new PersonalDataErasers(defaultErasers());
 *   erasers.register({ name: 'projections.customers', erase: async (id, { pool }) => ... });
 *
 * An eraser must be idempotent (forgetting twice is harmless) and return the rows it touched.
 */
export type ErasureContext = Readonly<{
  pool: pg.Pool;
  /**
   * The customer's personal values as they were readable just before the key was destroyed
   * (every name, email and phone the log held), for tables that keep them as free text.
   */
  knownValues: readonly string[];
}>;

export type PersonalDataEraser = Readonly<{
  name: string;
  /**
   * The tables the eraser rewrites (schema-qualified). Forget vacuums those it changed, so the
   * old row versions holding the data leave the table's files before it returns.
   */
  tables?: readonly string[];
  erase(customerId: string, context: ErasureContext): Promise<number>;
}>;

export type ErasureOutcome = Readonly<
  | { eraser: string; ok: true; rows: number; tables: readonly string[] }
  | { eraser: string; ok: false; error: string }
>;

export class PersonalDataErasers {
  private readonly erasers = new Map<string, PersonalDataEraser>();

  constructor(initial: readonly PersonalDataEraser[] = []) {
    for (const eraser of initial) this.register(eraser);
  }

  /** Registering a name twice replaces the earlier eraser, so a package can override a default. */
  register(eraser: PersonalDataEraser): this {
    this.erasers.set(eraser.name, eraser);
    return this;
  }

  names(): string[] {
    return [...this.erasers.keys()];
  }

  /** Runs every eraser; one failing does not stop the others (the outcome says which failed). */
  async eraseAll(customerId: string, context: ErasureContext): Promise<ErasureOutcome[]> {
    const outcomes: ErasureOutcome[] = [];
    for (const eraser of this.erasers.values()) {
      try {
        const rows = await eraser.erase(customerId, context);
        outcomes.push({ eraser: eraser.name, ok: true, rows, tables: eraser.tables ?? [] });
      } catch (err) {
        outcomes.push({
          eraser: eraser.name,
          ok: false,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return outcomes;
  }
}

/**
 * An eraser that overwrites columns of a table, only if that table exists in this database
 * (the CLI may run against a database where a package never set up its tables).
 */
export function columnEraser(
  spec: Readonly<{
    name: string;
    table: string;
    customerIdColumn: string;
    /** column → SQL expression to set, e.g. `{ email: 'NULL', name: "'[forgotten]'" }` */
    set: Readonly<Record<string, string>>;
  }>,
): PersonalDataEraser {
  const assignments = Object.entries(spec.set)
    .map(([column, expression]) => `${quoteIdent(column)} = ${expression}`)
    .join(', ');
  const table = spec.table.split('.').map(quoteIdent).join('.');
  return {
    name: spec.name,
    tables: [spec.table],
    async erase(customerId, { pool }) {
      const { rows } = await pool.query<{ present: boolean }>(
        'SELECT to_regclass($1) IS NOT NULL AS present',
        [spec.table],
      );
      if (!rows[0]?.present) return 0;
      const result = await pool.query(
        `UPDATE ${table} SET ${assignments} WHERE ${quoteIdent(spec.customerIdColumn)} = $1`,
        [customerId],
      );
      return result.rowCount ?? 0;
    },
  };
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function tableExists(pool: pg.Pool, table: string): Promise<boolean> {
  const { rows } = await pool.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    table,
  ]);
  return rows[0]?.present ?? false;
}
