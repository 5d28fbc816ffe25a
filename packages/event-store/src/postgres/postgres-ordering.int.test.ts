import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { canonicalJson } from '../canonical-json';
import {
  collect,
  eventually,
  newEvent,
  positionsStrictlyIncrease,
  times,
  uniquePrefix,
} from '../contract/fixtures';
import { StoreUnavailableError } from '../errors';
import type { NewEvent } from '../port';
import { storedAndRecomputedHashes } from './hash-chain.fixture';
import { PostgresEventStore } from './postgres-store';
import { migrate, migrations } from './schema';

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('es_pg');
  store = await PostgresEventStore.connect({ connectionString: database.url, pollIntervalMs: 100 });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const connect = async () => {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return client;
};

/** Appends through the store's SQL function inside a transaction the test controls. */
const appendInOpenTransaction = (client: pg.Client, streamId: string, events: readonly NewEvent[]) =>
  client.query(
    'SELECT * FROM event_store.append_events($1, -2, $2::uuid[], $3::text[], $4::text[], $5::text[])',
    [
      streamId,
      events.map((event) => event.metadata.eventId),
      events.map((event) => event.type),
      events.map((event) => canonicalJson(event.data)),
      events.map((event) => canonicalJson(event.metadata)),
    ],
  );

describe('PostgreSQL store: global order under out-of-order commits', { timeout: 120_000 }, () => {
  it('hides a later commit until an earlier open transaction ends, then shows both in order', async () => {
    const prefix = uniquePrefix();
    const head = await store.headPosition();
    const slow = await connect();
    try {
      await slow.query('BEGIN');
      await appendInOpenTransaction(slow, `${prefix}-slow`, [newEvent('Slow')]);
      // Committed after the slow transaction began: its position is larger, yet it is visible first.
      await store.appendToStream(`${prefix}-fast`, [newEvent('Fast')]);
      expect(await store.readStream(`${prefix}-fast`)).toHaveLength(1);
      expect(await store.readAll({ after: head, filter: { streamPrefixes: [prefix] } })).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    const all = await eventually(
      () => store.readAll({ after: head, filter: { streamPrefixes: [prefix] } }),
      (events) => events.length >= 2,
    );
    expect(all.map((event) => event.type)).toEqual(['Slow', 'Fast']);
    expect(positionsStrictlyIncrease(all)).toBe(true);
  });

  it('8 writers with deliberately held-open transactions: a live subscriber sees each event once, in order', async () => {
    const prefix = uniquePrefix();
    const writers = 8;
    const appendsPerWriter = 30;
    const head = await store.headPosition();
    const live = collect(
      store,
      { after: head, filter: { streamPrefixes: [prefix] } },
      writers * appendsPerWriter,
      90_000,
    );
    await Promise.all(
      times(writers, async (writer) => {
        const client = await connect();
        try {
          for (let index = 0; index < appendsPerWriter; index++) {
            const stream = `${prefix}-${index % 3 === 0 ? 'shared' : `w${writer}`}`;
            const event = newEvent('Written', { writer, index });
            if (index % 4 === 1) {
              // Take a position now, commit later: others commit in between.
              await client.query('BEGIN');
              await appendInOpenTransaction(client, stream, [event]);
              await client.query('SELECT pg_sleep($1)', [Math.random() * 0.05]);
              await client.query('COMMIT');
            } else {
              await store.appendToStream(stream, [event]);
            }
          }
        } finally {
          await client.end();
        }
      }),
    );
    const seen = await live;
    expect(seen).toHaveLength(writers * appendsPerWriter);
    expect(positionsStrictlyIncrease(seen)).toBe(true);
    expect(new Set(seen.map((event) => event.metadata.eventId)).size).toBe(seen.length);
    const all = await eventually(
      () => store.readAll({ after: head, filter: { streamPrefixes: [prefix] } }),
      (events) => events.length >= seen.length,
    );
    expect(all.map((event) => event.position)).toEqual(seen.map((event) => event.position));
  });

  it('keeps a subscription alive across dropped connections', async () => {
    const prefix = uniquePrefix();
    const head = await store.headPosition();
    const retries: unknown[] = [];
    const live = collect(
      store,
      { after: head, filter: { streamPrefixes: [prefix] }, onRetry: (err) => retries.push(err) },
      2,
    );
    await store.appendToStream(`${prefix}-a`, [newEvent('BeforeDrop')]);
    const admin = await connect();
    try {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
    } finally {
      await admin.end();
    }
    await store.appendToStream(`${prefix}-a`, [newEvent('AfterDrop')]);
    const seen = await live;
    expect(seen.map((event) => event.type)).toEqual(['BeforeDrop', 'AfterDrop']);
  });
});

describe('PostgreSQL store: integrity and schema', () => {
  it('chains each event hash to its stream predecessor, as computeEventHash recomputes it', async () => {
    const stream = `${uniquePrefix()}-order`;
    await store.appendToStream(stream, [
      newEvent('Placed', { items: [{ sku: 'A', qty: 2 }], note: 'ü → ✓' }),
    ]);
    await store.appendToStream(stream, [
      newEvent('Shipped', { z: 1, a: { y: null, b: 0.1 } }),
      newEvent('Delivered'),
    ]);
    const client = await connect();
    try {
      const hashes = await storedAndRecomputedHashes(client, stream);
      expect(hashes.map((row) => row.revision)).toEqual([0n, 1n, 2n]);
      for (const row of hashes) expect(row.stored).toBe(row.recomputed);
    } finally {
      await client.end();
    }
  });

  it('creates the schema once when several processes start at the same time', async () => {
    const fresh = await createTestDatabase('es_migrate');
    const clients = await Promise.all(
      times(3, async () => {
        const client = new pg.Client({ connectionString: fresh.url });
        await client.connect();
        return client;
      }),
    );
    try {
      const applied = await Promise.all(clients.map((client) => migrate(client)));
      const all = migrations.map((migration) => migration.version);
      // Each version applied exactly once, by whichever process got there first.
      expect(applied.flat().sort((a, b) => a - b)).toEqual(all);
      const again = clients[0];
      if (!again) throw new Error('no client');
      expect(await migrate(again)).toEqual([]);
      const { rows } = await again.query('SELECT version FROM event_store.migrations ORDER BY version');
      expect(rows.map((row) => row.version)).toEqual(all);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
      await fresh.drop();
    }
  });

  it('answers StoreUnavailableError after the connection timeout when the host does not answer', async () => {
    // A non-routable address: packets go nowhere, so only the connection timeout ends the wait.
    const attempt = PostgresEventStore.connect({
      connectionString: 'postgres://postgres@10.255.255.1:5432/x',
      connectionTimeoutMs: 1_000,
    });
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
