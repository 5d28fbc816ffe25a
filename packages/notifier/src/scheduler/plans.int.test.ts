import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, preparedPlan, scansOf, type TestDatabase } from '../../../../test/support';
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
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('notifier_plans');
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
  for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
    it(`looks each claimed row up in the ledger by its key, never scanning the ledger (${mode})`, async () => {
      const plan = await preparedPlan(pool, CLAIM_DUE_SQL, ['timestamptz', 'int'], [new Date(), 200], mode);
      const onLedger = scansOf(plan, 'sent_ledger');
      expect(onLedger.length).toBeGreaterThan(0);
      for (const node of onLedger) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
      const onCustomers = scansOf(plan, 'customers');
      expect(onCustomers.length).toBeGreaterThan(0);
      for (const node of onCustomers) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
    });
  }

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

describe('the outcomes of a batch', () => {
  for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
    it(`updates each schedule row through its primary key, never scanning the schedule (${mode})`, async () => {
      const { rows: ids } = await pool.query<{ id: string }>(
        `SELECT id::text FROM notifier.schedule WHERE status = 'pending' ORDER BY id LIMIT 3`,
      );
      const plan = await preparedPlan(
        pool,
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
      const scans = scansOf(plan, 'schedule');
      expect(scans.length).toBeGreaterThan(0);
      for (const node of scans) expect(node['Node Type']).toMatch(/^Index (Only )?Scan$/);
    });
  }
});
