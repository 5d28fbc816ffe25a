import type pg from 'pg';

/**
 * One migration: applied once, in version order, inside the transaction of its schema's run.
 * `sql` may hold several statements. Never edit or renumber an entry that has shipped: add a new
 * one with the next version.
 */
export type Migration = Readonly<{ version: number; name: string; sql: string }>;

/**
 * The migrations of one schema. Every package that owns tables exports one of these and applies
 * it at start; the versions applied are recorded in `<schema>.migrations`.
 */
export type SchemaMigrations = Readonly<{ schema: string; migrations: readonly Migration[] }>;

/** Class id of the migration locks (the object id is the schema's hash): any fixed number. */
const LOCK_CLASS = 7_340_292;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** Throws unless the versions are 1, 2, 3, ... in order and every schema name is plain. */
export function checkMigrations(set: SchemaMigrations): void {
  if (!SCHEMA_NAME.test(set.schema)) throw new Error(`migrations: schema name ${set.schema} is not plain`);
  set.migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `migrations of ${set.schema}: entry ${index + 1} has version ${migration.version}; versions are 1, 2, 3, ... in order`,
      );
    }
  });
}

type Queryable = pg.Pool | pg.ClientBase;

const isPool = (db: Queryable): db is pg.Pool => 'totalCount' in db;

/**
 * Applies the schema's missing migrations and returns the versions it applied (empty when the
 * database was up to date). All of one run happens in one transaction under an advisory lock
 * taken on the schema's name, so any number of processes may start at once: they take turns,
 * and every one after the first finds the work done. A failing migration rolls the whole run
 * back. Versions recorded in the database that this code does not know (a newer release ran)
 * are left alone.
 */
export async function applyMigrations(db: Queryable, set: SchemaMigrations): Promise<number[]> {
  checkMigrations(set);
  const client = isPool(db) ? await db.connect() : db;
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, set.schema]);
    const { rows: table } = await client.query<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [`${set.schema}.migrations`],
    );
    if (!table[0]?.present) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${set.schema}`);
      await client.query(`CREATE TABLE ${set.schema}.migrations (
        version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    }
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${set.schema}.migrations`);
    const done = new Set(rows.map((row) => row.version));
    for (const migration of set.migrations) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${set.schema}.migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    if (isPool(db)) (client as pg.PoolClient).release();
  }
}

/** The versions recorded for a schema, in order (empty when it was never migrated). */
export async function appliedMigrations(db: Queryable, schema: string): Promise<number[]> {
  const { rows: table } = await db.query<{ present: boolean }>(
    'SELECT to_regclass($1) IS NOT NULL AS present',
    [`${schema}.migrations`],
  );
  if (!table[0]?.present) return [];
  const { rows } = await db.query<{ version: number }>(
    `SELECT version FROM ${schema}.migrations ORDER BY version`,
  );
  return rows.map((row) => row.version);
}
