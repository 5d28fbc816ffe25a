import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { appliedMigrations, applyMigrations, type Migration } from './migrations';

const first: Migration[] = [
  { version: 1, name: 'items', sql: 'CREATE TABLE shop.items (id int PRIMARY KEY, label text NOT NULL)' },
  { version: 2, name: 'seed', sql: "INSERT INTO shop.items VALUES (1, 'one'), (2, 'two')" },
];

describe('applyMigrations (real Postgres)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
    pool = new pg.Pool({ connectionString: database.url, max: 6 });
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('applies each version once, in order, and records it in <schema>.migrations', async () => {
    expect(await applyMigrations(pool, { schema: 'shop', migrations: first })).toEqual([1, 2]);
    expect(await applyMigrations(pool, { schema: 'shop', migrations: first })).toEqual([]);
    expect(await appliedMigrations(pool, 'shop')).toEqual([1, 2]);
    const { rows } = await pool.query('SELECT name FROM shop.migrations ORDER BY version');
    expect(rows.map((row) => row.name)).toEqual(['items', 'seed']);
  });

  it('applies only the entry appended later, keeping the rows', async () => {
    const later = [
      ...first,
      { version: 3, name: 'price', sql: 'ALTER TABLE shop.items ADD COLUMN price int' },
    ];
    expect(await applyMigrations(pool, { schema: 'shop', migrations: later })).toEqual([3]);
    const { rows } = await pool.query('SELECT id, label, price FROM shop.items ORDER BY id');
    expect(rows).toEqual([
      { id: 1, label: 'one', price: null },
      { id: 2, label: 'two', price: null },
    ]);
  });

  it('rolls the whole run back when one migration fails', async () => {
    const broken = [
      ...first,
      { version: 3, name: 'price', sql: 'ALTER TABLE shop.items ADD COLUMN price int' },
      { version: 4, name: 'notes', sql: 'CREATE TABLE shop.notes (id int)' },
      { version: 5, name: 'broken', sql: 'ALTER TABLE shop.nowhere ADD COLUMN x int' },
    ];
    await expect(applyMigrations(pool, { schema: 'shop', migrations: broken })).rejects.toThrow(/nowhere/);
    expect(await appliedMigrations(pool, 'shop')).toEqual([1, 2, 3]);
    const { rows } = await pool.query("SELECT to_regclass('shop.notes') IS NULL AS absent");
    expect(rows[0].absent).toBe(true);
  });

  it('lets processes that start together take turns: each version applied by exactly one', async () => {
    const set = {
      schema: 'together',
      migrations: [
        { version: 1, name: 'a', sql: 'CREATE TABLE together.a (id int)' },
        { version: 2, name: 'b', sql: 'CREATE TABLE together.b (id int)' },
      ],
    };
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: database.url, max: 1 }));
    try {
      const applied = await Promise.all(pools.map((each) => applyMigrations(each, set)));
      expect(applied.flat().sort()).toEqual([1, 2]);
      expect(await appliedMigrations(pool, 'together')).toEqual([1, 2]);
    } finally {
      await Promise.all(pools.map((each) => each.end()));
    }
  });

  it('reads no versions for a schema never migrated', async () => {
    expect(await appliedMigrations(pool, 'never_here')).toEqual([]);
  });
});
