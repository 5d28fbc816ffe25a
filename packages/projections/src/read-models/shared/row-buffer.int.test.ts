import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type PlanNode, scansOf, type TestDatabase } from '../../../../../test/support';
import { deleteRows, insertRows, RowBuffer, updateRows } from './row-buffer';

/**
 * The live tail applies small batches many times a second, so an update of a few rows must cost
 * a few index lookups, not a pass over the whole read-model table (here 20,000 rows with fresh
 * statistics); a big batch (a rebuild's) may still be joined as the planner sees fit.
 */

let db: TestDatabase;
let pool: pg.Pool;
const table = 'rb.orders';
const columns = [
  ['order_id', 'text'],
  ['delivered_at', 'timestamptz'],
] as const;

beforeAll(async () => {
  db = await createTestDatabase('projections_row_buffer');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query('CREATE SCHEMA rb');
  await pool.query(
    `CREATE TABLE ${table} (order_id text PRIMARY KEY, placed_at timestamptz NOT NULL, delivered_at timestamptz)`,
  );
  await pool.query(
    `INSERT INTO ${table} (order_id, placed_at) SELECT 'o' || g, now() FROM generate_series(1, 20000) AS g`,
  );
  await pool.query(`ANALYZE ${table}`);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const deliveries = (ids: readonly number[]) => {
  const rows = new RowBuffer<(typeof columns)[number][0]>(columns);
  for (const id of ids)
    rows.push({
      order_id: `o${id}`,
      delivered_at: `2026-06-${String((id % 28) + 1).padStart(2, '0')}T10:00:00Z`,
    });
  return rows;
};
const deliver = (
  client: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  ids: readonly number[],
) => updateRows(client, table, deliveries(ids), 'delivered_at = p.delivered_at', 't.order_id = p.order_id');

describe('a batch of rows written to a read model', () => {
  it('updates a few rows by their key, without scanning the table', async () => {
    let plan: PlanNode | undefined;
    await deliver(
      {
        query: async (sql, params) => {
          const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
            `EXPLAIN (FORMAT JSON) ${sql}`,
            params,
          );
          plan = rows[0]?.['QUERY PLAN'][0].Plan;
        },
      },
      [3, 5, 8],
    );
    const scans = scansOf(plan as PlanNode, 'orders');
    expect(scans.length).toBeGreaterThan(0);
    for (const node of scans) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
  });

  it('writes small and big batches alike', async () => {
    const small = [11, 12, 13];
    const big = Array.from({ length: 150 }, (_, i) => 1000 + i);
    await deliver(pool, small);
    await deliver(pool, big);
    const { rows } = await pool.query<{ order_id: string; delivered_at: Date | null }>(
      `SELECT order_id, delivered_at FROM ${table} WHERE delivered_at IS NOT NULL ORDER BY order_id`,
    );
    const expected = [...small, ...big]
      .map((id) => ({
        order_id: `o${id}`,
        delivered_at: new Date(`2026-06-${String((id % 28) + 1).padStart(2, '0')}T10:00:00Z`),
      }))
      .sort((a, b) => a.order_id.localeCompare(b.order_id));
    expect(rows).toEqual(expected);
    const added = new RowBuffer<'order_id' | 'placed_at'>([
      ['order_id', 'text'],
      ['placed_at', 'timestamptz'],
    ]);
    added.push({ order_id: 'new-1', placed_at: '2026-06-01T00:00:00Z' });
    added.push({ order_id: 'o1', placed_at: '2026-06-01T00:00:00Z' });
    await insertRows(pool, table, added, 'order_id');
    const { rows: count } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    expect(count[0]?.n).toBe(20001);
  });

  it('deletes a few rows by their key, without scanning the table', async () => {
    const keys = new RowBuffer<'order_id'>([['order_id', 'text']]);
    for (const id of [19_990, 19_991]) keys.push({ order_id: `o${id}` });
    let plan: PlanNode | undefined;
    const explaining = {
      query: async (sql: string, params: unknown[]) => {
        const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (FORMAT JSON) ${sql}`,
          params,
        );
        plan = rows[0]?.['QUERY PLAN'][0].Plan;
      },
    };
    await deleteRows(explaining, table, keys, 't.order_id = p.order_id');
    const scans = scansOf(plan as PlanNode, 'orders');
    expect(scans.length).toBeGreaterThan(0);
    for (const node of scans) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);

    await deleteRows(pool, table, keys, 't.order_id = p.order_id');
    const { rows } = await pool.query<{ order_id: string }>(
      `SELECT order_id FROM ${table} WHERE order_id IN ('o19989', 'o19990', 'o19991', 'o19992') ORDER BY 1`,
    );
    expect(rows.map((r) => r.order_id)).toEqual(['o19989', 'o19992']);
  });
});
