import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { ensureNotifierSchema } from '../schema';
import { CLAIM_DUE_SQL } from './dispatcher';
import { OUTCOMES_SQL } from './store';

/**
 * The dispatcher claims a batch and writes its outcomes many times a second, so neither may cost
 * more as history grows: every row they touch is found through an index, whatever the planner
 * guesses about their parameters.
 *
 * The claim:
 * With a ledger of 20,000 sends, a full batch due and fresh statistics, the ledger check of every
 * claimed row stays an index lookup. (Written as an EXISTS, the planner hashed the whole ledger
 * here on every claim, since 200 lookups looked dearer than one scan.)
 */
type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('notifier_claim_plan');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await ensureNotifierSchema(pool);
  // 20,000 sent messages in the ledger, 3,000 done in the schedule (a schedule small enough that
  // scanning it looks cheaper than a hundred lookups), 2,000 customers, and a full batch of 200
  // rows falling due now.
  await pool.query(
    `INSERT INTO notifier.sent_ledger (rule, subject_key, customer_id, class, channel, sent_at)
     SELECT 'shipment-delayed', 'order-' || g, 'c' || (g % 2000), 'transactional', 'email',
            now() - make_interval(secs => g)
       FROM generate_series(1, 20000) AS g`,
  );
  await pool.query(
    `INSERT INTO notifier.customers (customer_id, name, email, language, timezone, consents, updated_at)
     SELECT 'c' || g, 'N', 'n@example.test', 'en', 'UTC', '{}'::jsonb, now()
       FROM generate_series(0, 1999) AS g`,
  );
  await pool.query(
    `INSERT INTO notifier.schedule (rule, subject_key, audience, class, customer_id, due_at, status, vars,
                                    trigger_event_id, created_at, updated_at)
     SELECT 'shipment-delayed', 'order-' || (19900 + g), 'customer', 'transactional', 'c' || g,
            now() - interval '1 second', 'pending', '{}'::jsonb, 'e' || g, now(), now()
       FROM generate_series(1, 200) AS g`,
  );
  await pool.query(
    `INSERT INTO notifier.schedule (rule, subject_key, audience, class, customer_id, due_at, status, vars,
                                    trigger_event_id, created_at, updated_at)
     SELECT 'shipment-delayed', 'done-' || g, 'customer', 'transactional', 'c' || (g % 2000),
            now() - make_interval(secs => g), 'sent', '{}'::jsonb, 'e' || g, now(), now()
       FROM generate_series(1, 3000) AS g`,
  );
  await pool.query('ANALYZE notifier.sent_ledger, notifier.customers, notifier.schedule');
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('the claim of due messages', () => {
  it('looks each claimed row up in the ledger by its key, never scanning the ledger', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${CLAIM_DUE_SQL}`,
        [new Date(), 200],
      );
      const plan = rows[0]?.['QUERY PLAN'][0].Plan;
      expect(plan).toBeDefined();
      const onLedger = nodes(plan as PlanNode).filter((n) => n['Relation Name'] === 'sent_ledger');
      expect(onLedger.length).toBeGreaterThan(0);
      for (const node of onLedger) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
      const onCustomers = nodes(plan as PlanNode).filter((n) => n['Relation Name'] === 'customers');
      for (const node of onCustomers) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('claims the due rows and tells which ones the ledger already has', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ subject_key: string; already_sent: boolean; customer: unknown }>(
        CLAIM_DUE_SQL,
        [new Date(), 200],
      );
      expect(rows).toHaveLength(200);
      // Subjects order-19901 … order-20000 are in the ledger; order-20001 … order-20100 are not.
      const sent = rows.filter((r) => r.already_sent).map((r) => r.subject_key);
      expect(sent).toHaveLength(100);
      expect(sent.every((s) => Number(s.slice('order-'.length)) <= 20000)).toBe(true);
      expect(rows.every((r) => r.customer !== null)).toBe(true);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

/** The plan Postgres makes for these values (custom) or reuses for any values (generic). */
async function planOf(
  sql: string,
  types: readonly string[],
  values: readonly unknown[],
  mode: 'force_custom_plan' | 'force_generic_plan',
): Promise<PlanNode> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL plan_cache_mode = ${mode}`);
    await client.query(`PREPARE probe(${types.join(', ')}) AS ${sql}`);
    const literal = (v: unknown) =>
      v === null
        ? 'NULL'
        : Array.isArray(v)
          ? client.escapeLiteral(
              `{${v.map((e) => (e === null ? 'NULL' : `"${String(e).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`,
            )
          : client.escapeLiteral(v instanceof Date ? v.toISOString() : String(v));
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) EXECUTE probe(${values.map(literal).join(', ')})`,
    );
    return rows[0]?.['QUERY PLAN'][0].Plan as PlanNode;
  } finally {
    // A prepared statement outlives the transaction: it goes with it.
    await client.query('ROLLBACK');
    await client.query('DEALLOCATE ALL');
    client.release();
  }
}

describe('the outcomes of a batch', () => {
  for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
    it(`updates each schedule row through its primary key, never scanning the schedule (${mode})`, async () => {
      const { rows: ids } = await pool.query<{ id: string }>(
        `SELECT id::text FROM notifier.schedule WHERE status = 'pending' ORDER BY id LIMIT 3`,
      );
      const plan = await planOf(
        OUTCOMES_SQL,
        ['bigint[]', 'text[]', 'timestamptz[]', 'int[]', 'text[]', 'text', 'text', 'timestamptz'],
        [
          ids.map((r) => r.id),
          ['sent', 'suppressed', 'pending'],
          [null, null, new Date().toISOString()],
          [1, 0, 1],
          [null, null, 'smtp down'],
          '[]',
          '[]',
          new Date(),
        ],
        mode,
      );
      // The Update node names the table too; the scans below it are what find the rows.
      const scans = nodes(plan).filter(
        (n) => n['Relation Name'] === 'schedule' && /Scan/.test(n['Node Type']),
      );
      expect(scans.length).toBeGreaterThan(0);
      for (const node of scans) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
    });
  }
});
