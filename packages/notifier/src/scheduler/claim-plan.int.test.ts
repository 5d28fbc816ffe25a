import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { ensureNotifierSchema } from '../schema';
import { CLAIM_DUE_SQL } from './dispatcher';

/**
 * The dispatcher claims a batch many times a second, so its cost must not grow with history.
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
  // 20,000 sent messages, 2,000 customers, and a full batch of 200 rows falling due now.
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
