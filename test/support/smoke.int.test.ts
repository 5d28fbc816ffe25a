import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './pg';

describe('test support', () => {
  it('creates an isolated database per test file', async () => {
    const db = await createTestDatabase('smoke');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    await client.end();
    await db.drop();
    expect(rows[0]?.db).toBe(db.name);
  });
});
