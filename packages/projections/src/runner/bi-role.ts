import type { Pool, PoolClient } from 'pg';
import { ensureBookkeeping, ident } from './bookkeeping';
import { inTransaction } from './transaction';

/**
 * Grants every registered BI role read access to `schemas` (read-model schemas) and to the
 * `bi` views. Needed after every rebuild swap: the swapped-in schema is a new object, so grants
 * and per-schema default privileges of the old one do not carry over.
 */
export async function grantBiRoles(client: PoolClient, schemas: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ role_name: string }>(
    `SELECT r.role_name FROM projections.bi_roles r JOIN pg_roles p ON p.rolname = r.role_name`,
  );
  for (const { role_name } of rows) {
    const role = ident(role_name);
    for (const schema of schemas) {
      await client.query(`GRANT USAGE ON SCHEMA ${ident(schema)} TO ${role}`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${ident(schema)} TO ${role}`);
      await client.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${ident(schema)} GRANT SELECT ON TABLES TO ${role}`,
      );
    }
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA bi TO ${role}`);
  }
}

/**
 * Creates (or updates) a read-only login role for BI tools: it may read the read-model schemas,
 * the `bi` views and the projection status (freshness), nothing else — not the event store, not
 * dead letters (their payloads may hold personal data) — and every transaction is read-only.
 */
export async function createBiRole(pool: Pool, roleName: string, password?: string): Promise<void> {
  await ensureBookkeeping(pool);
  await inTransaction(pool, async (client) => {
    const role = ident(roleName);
    await client.query("SELECT pg_advisory_xact_lock(hashtext('aftersales.bi-role'))");
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [roleName]);
    const login = password === undefined ? 'LOGIN' : `LOGIN PASSWORD ${client.escapeLiteral(password)}`;
    await client.query(
      `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} ${login} NOSUPERUSER NOCREATEDB NOCREATEROLE`,
    );
    await client.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
    await client.query('INSERT INTO projections.bi_roles (role_name) VALUES ($1) ON CONFLICT DO NOTHING', [
      roleName,
    ]);
    await client.query(`GRANT USAGE ON SCHEMA bi TO ${role}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA bi GRANT SELECT ON TABLES TO ${role}`);
    await client.query(`GRANT USAGE ON SCHEMA projections TO ${role}`);
    await client.query(`GRANT SELECT ON projections.projection_status TO ${role}`);
    const schemas = await client.query<{ schema_name: string }>(
      `SELECT s.schema_name FROM projections.projection_status s
         JOIN pg_namespace n ON n.nspname = s.schema_name`,
    );
    await grantBiRoles(
      client,
      schemas.rows.map((r) => r.schema_name),
    );
  });
}
