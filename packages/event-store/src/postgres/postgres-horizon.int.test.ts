import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { newEvent, uniquePrefix } from '../contract/fixtures';
import { PostgresEventStore } from './postgres-store';

/**
 * The read horizon is per database: a write transaction left open in ANOTHER database of the
 * same server must not hold back this database's readers, while one open in this database does
 * (it could still commit events below the horizon).
 */
let ours: TestDatabase;
let other: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  ours = await createTestDatabase('es_horizon');
  other = await createTestDatabase('es_horizon_other');
  store = await PostgresEventStore.connect({ connectionString: ours.url, pollIntervalMs: 100 });
});
afterAll(async () => {
  await store?.close();
  await ours?.drop();
  await other?.drop();
});

/** A client inside a transaction that holds a transaction id (it wrote something). */
async function openWriteTransaction(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  return client;
}

describe('PostgreSQL read horizon', () => {
  it('is not held back by an open write transaction in another database', async () => {
    const blocker = await openWriteTransaction(other.url);
    try {
      const streamId = `${uniquePrefix()}-horizon-1`;
      await store.appendToStream(streamId, [newEvent('HorizonChecked')]);
      const seen = await store.readAll({ filter: { streamPrefixes: [streamId] } });
      expect(seen.map((event) => event.streamId)).toEqual([streamId]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });

  it('is held back by an open write transaction in this database until it ends', async () => {
    const blocker = await openWriteTransaction(ours.url);
    const streamId = `${uniquePrefix()}-horizon-2`;
    try {
      await store.appendToStream(streamId, [newEvent('HorizonChecked')]);
      expect(await store.readAll({ filter: { streamPrefixes: [streamId] } })).toEqual([]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const seen = await store.readAll({ filter: { streamPrefixes: [streamId] } });
    expect(seen.map((event) => event.streamId)).toEqual([streamId]);
  });
});
