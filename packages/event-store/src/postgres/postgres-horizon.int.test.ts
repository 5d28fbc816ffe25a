import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../../test/support';
import { newEvent, uniquePrefix } from '../contract/fixtures';
import { PostgresEventStore } from './postgres-store';
import { RAW_APPEND_SQL, rawAppendValues } from './raw-append.fixture';

/**
 * The read horizon waits only for transactions that can still append events to this database:
 * an open write transaction in another database, or one in this database that is not appending,
 * must not hold readers back; an open append transaction must (it could still commit events
 * below the horizon).
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

  it('is not held back by an open write transaction in this database that cannot append', async () => {
    // E.g. a projection's batch or the notifier's dispatcher: it wrote, so it has an id, but no
    // append mark, and the store would refuse it an append now.
    const blocker = await openWriteTransaction(ours.url);
    try {
      const streamId = `${uniquePrefix()}-horizon-2`;
      await store.appendToStream(streamId, [newEvent('HorizonChecked')]);
      const seen = await store.readAll({ filter: { streamPrefixes: [streamId] } });
      expect(seen.map((event) => event.streamId)).toEqual([streamId]);
      // Such a transaction cannot append any more: a reader may already have passed its id.
      const late = newEvent('TooLate');
      await expect(
        blocker.query(RAW_APPEND_SQL, rawAppendValues(`${streamId}-late`, [late])),
      ).rejects.toMatchObject({ code: 'ES004' });
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect(await store.readStream(`${uniquePrefix()}-horizon-2-late`)).toEqual([]);
  });

  it('is held back by an open append transaction in this database until it ends, then shows it first', async () => {
    const prefix = uniquePrefix();
    const head = await store.headPosition();
    const slow = new pg.Client({ connectionString: ours.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(RAW_APPEND_SQL, rawAppendValues(`${prefix}-slow`, [newEvent('Slow')]));
      // One append per transaction: positions are its id and the index within that append.
      await slow.query('SAVEPOINT second');
      await expect(
        slow.query(RAW_APPEND_SQL, rawAppendValues(`${prefix}-slow-2`, [newEvent('Slow2')])),
      ).rejects.toMatchObject({ code: 'ES004' });
      await slow.query('ROLLBACK TO SAVEPOINT second');
      await store.appendToStream(`${prefix}-fast`, [newEvent('Fast')]);
      expect(await store.readAll({ after: head, filter: { streamPrefixes: [prefix] } })).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    const seen = await store.readAll({ after: head, filter: { streamPrefixes: [prefix] } });
    expect(seen.map((event) => event.type)).toEqual(['Slow', 'Fast']);
  });

  it('is not held back, nor are appends blocked, by a role that may not append', async () => {
    // A reporting role with a transaction id: before migration 6 it could hold the advisory mark
    // and stop every reader of the log for as long as it liked.
    const role = uniqueId('es_horizon_reader_')
      .replace(/[^a-z0-9_]/gi, '_')
      .toLowerCase();
    const admin = new pg.Client({ connectionString: ours.url });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    const url = new URL(ours.url);
    url.username = role;
    const foreign = new pg.Client({ connectionString: url.toString() });
    await foreign.connect();
    try {
      await foreign.query('BEGIN');
      await foreign.query('SELECT pg_current_xact_id()');
      await foreign.query('SELECT pg_advisory_xact_lock_shared(7340291, 1)');
      await foreign.query('SAVEPOINT mark');
      await expect(
        foreign.query('LOCK TABLE event_store.append_mark IN ROW EXCLUSIVE MODE'),
      ).rejects.toMatchObject({
        code: '42501',
      });
      await foreign.query('ROLLBACK TO SAVEPOINT mark');
      await expect(
        foreign.query('LOCK TABLE event_store.append_mark IN ACCESS EXCLUSIVE MODE'),
      ).rejects.toMatchObject({
        code: '42501',
      });
      await foreign.query('ROLLBACK TO SAVEPOINT mark');

      // Nor can it block appends by holding the advisory mark of the releases before
      // exclusively: appends no longer take it (event_store migration 7). Before, this append
      // waited for the foreign transaction to end.
      await foreign.query('SELECT pg_advisory_xact_lock(7340291, 1)');
      const streamId = `${uniquePrefix()}-horizon-foreign`;
      await store.appendToStream(streamId, [newEvent('HorizonChecked')]);
      const seen = await store.readAll({ filter: { streamPrefixes: [streamId] } });
      expect(seen.map((event) => event.streamId)).toEqual([streamId]);
    } finally {
      await foreign.query('ROLLBACK').catch(() => undefined);
      await foreign.end();
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });

  it('still waits for an append that carries only the mark of the version before', async () => {
    // An append that was under way while migration 6 ran: the old function, the advisory mark.
    const prefix = uniquePrefix();
    const head = await store.headPosition();
    const old = new pg.Client({ connectionString: ours.url });
    await old.connect();
    try {
      await old.query('BEGIN');
      await old.query('SELECT pg_advisory_xact_lock_shared(7340291, 1)');
      await old.query(
        `INSERT INTO event_store.events (position, stream_id, revision, event_id, type, data, metadata, hash)
         SELECT (pg_current_xact_id()::text::bigint << 20) + 1, $1, 0, gen_random_uuid(), 'Old', '{}', '{}', '\\x00'`,
        [`${prefix}-old`],
      );
      await store.appendToStream(`${prefix}-new`, [newEvent('New')]);
      expect(await store.readAll({ after: head, filter: { streamPrefixes: [prefix] } })).toEqual([]);
      await old.query('ROLLBACK');
    } finally {
      await old.end();
    }
    const seen = await store.readAll({ after: head, filter: { streamPrefixes: [prefix] } });
    expect(seen.map((event) => event.type)).toEqual(['New']);
  });
});
