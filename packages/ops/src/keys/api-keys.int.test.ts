import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { API_KEYS_DDL, ApiKeyRepository } from './api-keys';

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase('ops_api_keys');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await pool.query(API_KEYS_DDL);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

it('keeps the keys in use cached however many unknown keys are tried', async () => {
  const keys = new ApiKeyRepository(pool, 60_000, 100);
  const key = await keys.create('cache-probe', ['read']);
  expect(await keys.authenticate(key)).toMatchObject({ name: 'cache-probe' });
  for (let i = 0; i < 1_000; i++) expect(await keys.authenticate(`ask_${crypto.randomUUID()}`)).toBeNull();
  expect(keys.cachedKeys).toEqual({ known: 1, unknown: 100 });
  // Answered from the cache, without a lookup.
  expect(keys.cached(key)).toMatchObject({ name: 'cache-probe' });
});

it('issues a key once per name, lists keys without them, rotates and revokes', async () => {
  const keys = new ApiKeyRepository(pool);
  const issued = await keys.issue('warehouse', ['commands:write']);
  expect(issued).toMatch(/^ask_/);
  expect(await keys.issue('warehouse', ['ops'])).toBeNull();
  const listed = await keys.list();
  expect(listed.find((k) => k.name === 'warehouse')).toMatchObject({
    scopes: ['commands:write'],
    revokedAt: null,
  });
  expect(JSON.stringify(listed)).not.toContain(issued ?? 'none');
  const rotated = await keys.rotate('warehouse');
  expect(rotated).toMatch(/^ask_/);
  expect(await keys.authenticate(issued ?? '')).toBeNull();
  expect(await keys.authenticate(rotated ?? '')).toMatchObject({
    name: 'warehouse',
    scopes: ['commands:write'],
  });
  expect(await keys.revoke('warehouse')).toBe(true);
  expect(await keys.revoke('warehouse')).toBe(false);
  expect(await keys.authenticate(rotated ?? '')).toBeNull();
  expect(await keys.rotate('warehouse')).toBeNull();
});
