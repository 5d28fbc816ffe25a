import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { dictionaryEntries, tableMarkdown } from './dictionary';
import { allReadModels, retentionProjection } from './index';
import { retentionScenario } from './retention/scenario';
import { applyInBatches, recorded, setUp } from './shared/testing';

/** BI users read the catalog: every relation and column the read models create says what it is. */
describe('read-model catalog comments', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const schema = 'rm_catalog';

  beforeAll(async () => {
    db = await createTestDatabase('rmcatalog');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    for (const projection of allReadModels) await setUp(pool, projection, schema);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('sets up idempotently (setup and views run twice)', async () => {
    for (const projection of allReadModels) await setUp(pool, projection, schema);
  });

  it('comments every table, view and column in the projection schema and in bi', async () => {
    const { rows: relations } = await pool.query(
      `SELECT n.nspname || '.' || c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ($1, 'bi') AND c.relkind IN ('r', 'v')`,
      [schema],
    );
    expect(relations.length).toBeGreaterThan(20);
    expect(relations.filter((r) => !r.comment).map((r) => r.name)).toEqual([]);

    const { rows: columns } = await pool.query(
      `SELECT n.nspname || '.' || c.relname || '.' || a.attname AS name
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ($1, 'bi') AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped
          AND col_description(c.oid, a.attnum) IS NULL`,
      [schema],
    );
    expect(columns.map((r) => r.name)).toEqual([]);
  });

  it('comments every function', async () => {
    const { rows } = await pool.query(
      `SELECT n.nspname || '.' || p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ($1, 'bi') AND obj_description(p.oid, 'pg_proc') IS NULL`,
      [schema],
    );
    expect(rows).toEqual([]);
  });

  it('documents every table and view in docs/read-models.md as the specs describe them', async () => {
    // The formatter pads table cells; compare with runs of spaces and dashes collapsed.
    const normalise = (text: string) => text.replace(/ *\| */g, '|').replace(/-{3,}/g, '---');
    const doc = normalise(
      await readFile(new URL('../../../../docs/read-models.md', import.meta.url), 'utf8'),
    );
    for (const entries of Object.values(dictionaryEntries())) {
      for (const { schema: documented, spec } of entries) {
        // Regenerate with: pnpm exec tsx packages/projections/src/read-models/dictionary.ts <part>
        expect(doc.includes(normalise(tableMarkdown(documented, spec))), `${documented}.${spec.name}`).toBe(
          true,
        );
      }
    }
  });

  it('keeps functions and bi views working after the schema is renamed, as a rebuild swap does', async () => {
    const staging = 'rm_catalog_staging';
    for (const projection of allReadModels) await setUp(pool, projection, staging);
    await applyInBatches(pool, retentionProjection, staging, recorded(retentionScenario));
    await pool.query(`ALTER SCHEMA ${staging} RENAME TO rm_catalog_live`);
    const crr = await pool.query(`SELECT e_customers FROM bi.crr_yearly WHERE period_label = '2025'`);
    expect(crr.rows).toEqual([{ e_customers: '6' }]);
    const balances = await pool.query('SELECT count(*)::int AS n FROM bi.loyalty_balances');
    expect(balances.rows).toEqual([{ n: 0 }]);
  });
});
