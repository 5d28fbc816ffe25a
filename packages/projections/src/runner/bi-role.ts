import type { Pool, PoolClient } from 'pg';
import { backoffDelay, sleep } from './backoff';
import { ensureBookkeeping, ident, takeServiceLock } from './bookkeeping';
import { inTransaction } from './transaction';

/**
 * The grants every registered BI role lacks on `schemas` (read-model schemas, and `bi` when
 * asked): USAGE, SELECT on each table and view, and the schema's default privileges, so tables
 * created later are readable too. Only what is missing: granting again what is already granted
 * rewrites catalog rows, which concurrent runners then wait on (and deadlocked over).
 */
const MISSING_GRANTS = `
WITH roles AS (
  SELECT b.role_name, p.oid AS role_oid FROM projections.bi_roles b JOIN pg_roles p ON p.rolname = b.role_name
), schemas AS (
  SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY($1::text[])
)
SELECT format('GRANT USAGE ON SCHEMA %I TO %I', s.nspname, r.role_name) AS statement
  FROM roles r CROSS JOIN schemas s
 WHERE NOT has_schema_privilege(r.role_oid, s.oid, 'USAGE')
UNION ALL
SELECT format('GRANT SELECT ON %I.%I TO %I', s.nspname, c.relname, r.role_name)
  FROM roles r CROSS JOIN schemas s JOIN pg_class c ON c.relnamespace = s.oid AND c.relkind IN ('r', 'v', 'm', 'p')
 WHERE NOT coalesce(has_table_privilege(r.role_oid, c.oid, 'SELECT'), true)
UNION ALL
SELECT format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I', s.nspname, r.role_name)
  FROM roles r CROSS JOIN schemas s
 WHERE NOT EXISTS (
   SELECT 1 FROM pg_default_acl d CROSS JOIN LATERAL aclexplode(d.defaclacl) a
    WHERE d.defaclnamespace = s.oid AND d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
      AND d.defaclobjtype = 'r' AND a.grantee = r.role_oid AND a.privilege_type = 'SELECT')`;

/**
 * Read models of projections named `private_*` (schemas `rm_private_*`, their rebuild staging
 * included) hold what BI must not see even in digested form, such as the support desk's blind
 * index of contact details: no BI role is ever granted them.
 */
export const isBiReadable = (schema: string) => !schema.startsWith('rm_private_');

/**
 * Grants every registered BI role what it lacks on `schemas`, in the caller's transaction. Safe
 * without the grants lock only for objects the transaction itself created (a fresh staging
 * schema): nobody else can be touching their catalog rows.
 */
export async function grantBiRoles(client: PoolClient, schemas: readonly string[]): Promise<number> {
  const { rows } = await client.query<{ statement: string }>(MISSING_GRANTS, [schemas.filter(isBiReadable)]);
  for (const { statement } of rows) await client.query(statement);
  return rows.length;
}

// A catalog row another transaction changes meanwhile ("tuple concurrently updated"), a deadlock
// with a transaction outside our lock order, a lock wait past the timeout: all worth a retry.
const GRANT_RETRY = new Set(['40P01', '40001', 'XX000', '55P03']);
const GRANT_BACKOFF = { initialMs: 20, maxMs: 5_000 };

/**
 * Renews the BI grants on `schemas` and the `bi` views, in a transaction of its own under the
 * service's grants lock (so runners starting together never grant at once), retried on a
 * deadlock or a concurrent catalog update. Returns how many grants were missing.
 */
export async function renewBiGrants(pool: Pool, schemas: readonly string[], attempts = 5): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, async (client) => {
        await client.query("SET LOCAL lock_timeout = '5s'");
        await takeServiceLock(client, 'grants');
        return grantBiRoles(client, [...schemas, 'bi']);
      });
    } catch (err) {
      if (attempt >= attempts || !GRANT_RETRY.has((err as { code?: string }).code ?? '')) throw err;
      await sleep(backoffDelay(GRANT_BACKOFF, attempt));
    }
  }
}

export type BiRoleOptions = Readonly<{
  /** Set (or change) the login password; without it an existing role keeps its password. */
  password?: string;
  /** Most connections the role may open at once (`CONNECTION LIMIT`). Default 10; -1 for none. */
  connectionLimit?: number;
}>;

/**
 * Creates (or updates) a read-only login role for BI tools: it may read the read-model schemas,
 * the `bi` views and the projection status (freshness), nothing else — not the event store, not
 * dead letters (their payloads may hold personal data), not the leases and locks the services
 * coordinate through — and every transaction is read-only. Idempotent.
 */
export async function createBiRole(
  pool: Pool,
  roleName: string,
  options: BiRoleOptions | string = {},
): Promise<{ created: boolean }> {
  const { password, connectionLimit = 10 } = typeof options === 'string' ? { password: options } : options;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(roleName)) {
    throw new BiRoleRefusedError(`BI role name "${roleName}": lower-case letters, digits and _ only`);
  }
  await ensureBookkeeping(pool);
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, async (client) => {
        await takeServiceLock(client, 'grants');
        return defineRole(client, roleName, password, connectionLimit);
      });
    } catch (err) {
      if (attempt >= 5 || !GRANT_RETRY.has((err as { code?: string }).code ?? '')) throw err;
      await sleep(backoffDelay(GRANT_BACKOFF, attempt));
    }
  }
}

async function defineRole(
  client: PoolClient,
  roleName: string,
  password: string | undefined,
  connectionLimit: number,
): Promise<{ created: boolean }> {
  const role = ident(roleName);
  // Turning a role the services (or anyone) work with into a read-only one would be a disaster:
  // an existing role is taken over only when it is already a BI role or owns nothing here.
  const exists = await client.query<{ refused: string | null }>(
    `SELECT CASE
              WHEN r.rolname = current_user THEN 'it is the role this command runs as'
              WHEN r.rolsuper THEN 'it is a superuser'
              WHEN EXISTS (SELECT 1 FROM projections.bi_roles b WHERE b.role_name = r.rolname) THEN NULL
              WHEN EXISTS (SELECT 1 FROM pg_database d WHERE d.datdba = r.oid)
                OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid)
                OR EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspowner = r.oid)
                THEN 'it owns a database, schema or table'
            END AS refused
       FROM pg_roles r WHERE r.rolname = $1`,
    [roleName],
  );
  const refused = exists.rows[0]?.refused;
  if (refused) throw new BiRoleRefusedError(`role ${roleName} cannot become a BI role: ${refused}`);
  const created = !exists.rowCount;
  const login = password === undefined ? 'LOGIN' : `LOGIN PASSWORD ${client.escapeLiteral(password)}`;
  const limit = `CONNECTION LIMIT ${Math.trunc(connectionLimit)}`;
  await client.query(
    `${created ? 'CREATE' : 'ALTER'} ROLE ${role} ${login} ${limit} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`,
  );
  await client.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
  await client.query(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
  await client.query('INSERT INTO projections.bi_roles (role_name) VALUES ($1) ON CONFLICT DO NOTHING', [
    roleName,
  ]);
  const status = await client.query(
    `SELECT has_schema_privilege($1, 'projections', 'USAGE') AS usage,
            has_table_privilege($1, 'projections.projection_status', 'SELECT') AS status`,
    [roleName],
  );
  if (!status.rows[0]?.usage) await client.query(`GRANT USAGE ON SCHEMA projections TO ${role}`);
  if (!status.rows[0]?.status) await client.query(`GRANT SELECT ON projections.projection_status TO ${role}`);
  const schemas = await client.query<{ schema_name: string }>(
    `SELECT s.schema_name FROM projections.projection_status s
       JOIN pg_namespace n ON n.nspname = s.schema_name`,
  );
  await grantBiRoles(client, [...schemas.rows.map((r) => r.schema_name), 'bi']);
  return { created };
}

/** The role cannot be made a BI role (a bad name, or an existing role with other duties). */
export class BiRoleRefusedError extends Error {
  readonly code = 'bi-role-refused';
  constructor(message: string) {
    super(message);
    this.name = 'BiRoleRefusedError';
  }
}

export type AdvisoryLockRestriction = Readonly<{
  restricted: boolean;
  /** Roles that keep the advisory-lock functions (the services'). */
  grantedTo: readonly string[];
  reason?: string;
}>;

/**
 * Takes the advisory-lock functions away from PUBLIC in this database and gives them back to
 * the service roles only (the role this runs as, the database owner, and `serviceRoles`).
 * Other packages still coordinate through advisory locks (the event store's append mark and
 * stream locks, the API's idempotency leases, migrations), and any role that may call
 * `pg_advisory_lock` could hold one of those for good: a BI role with only SELECT could stop
 * every reader of the Postgres log by holding the append mark with a transaction id. The
 * functions belong to the bootstrap superuser, so this needs a superuser; without one it says
 * so and changes nothing.
 */
export async function restrictAdvisoryLocks(
  pool: Pool,
  serviceRoles: readonly string[] = [],
): Promise<AdvisoryLockRestriction> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ superuser: boolean; owner: string; me: string }>(
      `SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser, current_user AS me,
              (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS owner`,
    );
    const me = rows[0];
    const grantedTo = [...new Set([me?.me ?? '', me?.owner ?? '', ...serviceRoles].filter(Boolean))];
    if (!me?.superuser) {
      return { restricted: false, grantedTo: [], reason: 'needs a superuser (the functions belong to it)' };
    }
    const functions = await client.query<{ signature: string }>(
      `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
        WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname ~ '^pg_(try_)?advisory_'`,
    );
    const grantees = grantedTo.map(ident).join(', ');
    for (const { signature } of functions.rows) {
      await client.query(`REVOKE EXECUTE ON FUNCTION ${signature} FROM PUBLIC`);
      await client.query(`GRANT EXECUTE ON FUNCTION ${signature} TO ${grantees}`);
    }
    return { restricted: true, grantedTo };
  });
}
