import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { migrateApiSchema } from '../db/schema';
import { ApiKeyRepository } from './api-keys';

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase('api_keys_cache');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await migrateApiSchema(pool);
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
