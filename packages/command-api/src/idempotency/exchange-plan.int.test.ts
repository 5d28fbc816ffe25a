import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, preparedPlan, scansOf, type TestDatabase } from '../../../../test/support';
import { migrateApiSchema } from '../db/schema';
import { EXCHANGE, EXCHANGE_QUERY, EXCHANGE_TYPES } from './exchange-sql';

/**
 * Answers reach the idempotency table in batches many times a second, so their cost must not
 * grow with the keys kept for the retention period. With 20,000 kept keys and fresh statistics,
 * each answered key is an index lookup, in the plan Postgres makes for the given values and in
 * the generic plan, which the exchange's function forces and keeps for the session.
 */
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('api_exchange_plan');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await migrateApiSchema(pool);
  // 20,000 answered keys, and 3 in progress that the batch answers.
  await pool.query(
    `INSERT INTO idempotency_records (key_name, idempotency_key, request_hash, status_code, response_headers, response_body)
     SELECT 'bench', 'k' || g, 'h', CASE WHEN g <= 3 THEN 0 ELSE 201 END, '{}', '{"ok":true}'
       FROM generate_series(1, 20000) AS g`,
  );
  await pool.query('ANALYZE idempotency_records');
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const answers = [1, 2, 3].map((n) => ({
  keyName: 'bench',
  key: `k${n}`,
  status: 201,
  headers: { etag: `"${n}"` },
  body: JSON.stringify({ n, note: 'quotes " and \\ and ✓' }),
}));
const values = [
  ['bench'],
  ['fresh'],
  ['h2'],
  JSON.stringify(answers.map((a) => ({ headers: a.headers, body: a.body }))),
  answers.map((a) => a.keyName),
  answers.map((a) => a.key),
  answers.map((a) => a.status),
  4242,
];

describe('the idempotency exchange', () => {
  for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
    it(`looks answered keys up by the primary key, never scanning the table (${mode})`, async () => {
      const plan = await preparedPlan(pool, EXCHANGE_QUERY, EXCHANGE_TYPES, values, mode);
      const scans = scansOf(plan, 'idempotency_records');
      expect(scans.length).toBeGreaterThan(0);
      for (const node of scans) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
    });
  }

  it('forces the generic plan, and commits claims and answers durably', async () => {
    const client = await pool.connect();
    try {
      const settingsAfter = async (exchange: unknown[]) => {
        await client.query('BEGIN');
        try {
          await client.query(EXCHANGE.text, exchange);
          const { rows } = await client.query<{ plan: string; commit: string }>(
            "SELECT current_setting('plan_cache_mode') AS plan, current_setting('synchronous_commit') AS commit",
          );
          return rows[0];
        } finally {
          await client.query('ROLLBACK');
        }
      };
      // No shortcut for claims: a claim lost in a crash would let a retry run the command again.
      const claimsAlone = [['bench'], ['alone'], ['h'], '[]', [], [], [], null];
      expect(await settingsAfter(claimsAlone)).toEqual({ plan: 'force_generic_plan', commit: 'on' });
      expect(await settingsAfter(values)).toEqual({ plan: 'force_generic_plan', commit: 'on' });
      // Local to the call's transaction: the connection's own settings are untouched after it.
      const { rows } = await client.query<{ plan: string }>(
        "SELECT current_setting('plan_cache_mode') AS plan",
      );
      expect(rows[0]?.plan).toBe('auto');
    } finally {
      client.release();
    }
  });

  it('stores each answer with its own headers and body, and claims the new key', async () => {
    const { rows } = await pool.query<{ claimed_name: string; claimed_key: string }>(EXCHANGE.text, values);
    expect(rows).toEqual([{ claimed_name: 'bench', claimed_key: 'fresh' }]);
    const again = await pool.query(EXCHANGE.text, [['bench'], ['fresh'], ['h2'], '[]', [], [], [], 4242]);
    expect(again.rows).toEqual([]);
    const { rows: stored } = await pool.query<{
      idempotency_key: string;
      status_code: number;
      response_headers: Record<string, string>;
      response_body: string;
      owner: number | null;
    }>(
      `SELECT idempotency_key, status_code, response_headers, response_body, owner FROM idempotency_records
        WHERE idempotency_key IN ('k1', 'k2', 'k3', 'fresh') ORDER BY idempotency_key`,
    );
    expect(stored).toEqual([
      { idempotency_key: 'fresh', status_code: 0, response_headers: {}, response_body: '', owner: 4242 },
      ...answers.map((a) => ({
        idempotency_key: a.key,
        status_code: 201,
        response_headers: a.headers,
        response_body: a.body,
        owner: null,
      })),
    ]);
  });
});
