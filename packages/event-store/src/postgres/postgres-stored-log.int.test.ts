import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support';
import { collect, newEvent, uniquePrefix } from '../contract/fixtures';
import type { SubscribeOptions } from '../port';
import { readsStoredLog, type StoredEvent } from '../stored-log';
import { PostgresEventStore } from './postgres-store';
import { RAW_APPEND_SQL, rawAppendValues } from './raw-append.fixture';

/**
 * `subscribeToAllAsStored` is `subscribeToAll` by pages with data and metadata left as JSON
 * text: the same events in the same order, and the same read horizon.
 */
let db: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  db = await createTestDatabase('es_stored_log');
  store = await PostgresEventStore.connect({ connectionString: db.url, pollIntervalMs: 100 });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

/** Pages of a stored subscription until `count` events came, with the pages' sizes. */
async function collectStored(options: SubscribeOptions, count: number, timeoutMs = 45_000) {
  const subscription = store.subscribeToAllAsStored(options);
  const events: StoredEvent[] = [];
  const pageSizes: number[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const page of subscription) {
      pageSizes.push(page.length);
      events.push(...page);
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  return { events, pageSizes };
}

describe('PostgreSQL log as stored', () => {
  it('is a capability the store announces', () => {
    expect(readsStoredLog(store)).toBe(true);
  });

  it('hands out the events of subscribeToAll, in pages, with data and metadata as stored text', async () => {
    const prefix = uniquePrefix();
    const nested = { items: [{ sku: 'A-1', qty: 2, tags: ['x', { deep: [1, 2.5, -3e-7] }] }], none: null };
    const events = [
      newEvent('OrderPlaced', { orderId: 'o-1', ...nested, total: { amount: 129_900, currency: 'IRR' } }),
      newEvent('FeedbackSubmitted', { comment: 'خیلی خوب بود 👍 "quoted" \\ back\nline', score: 5 }),
      newEvent('Unicode', { 名前: 'テスト', 'key with spaces': true, 10: 'numeric key', emoji: '🧾' }),
    ];
    const upperCaseId = newEvent('IdInCapitals', { n: 1 });
    const withCapitals = {
      ...upperCaseId,
      metadata: { ...upperCaseId.metadata, eventId: upperCaseId.metadata.eventId.toUpperCase() },
    };
    await store.appendToStream(`${prefix}-a`, events);
    await store.appendToStream(`${prefix}-b`, [withCapitals]);
    for (let index = 0; index < 5; index++) {
      await store.appendToStream(`${prefix}-c`, [newEvent('Counted', { index })]);
    }
    const options = { filter: { streamPrefixes: [prefix] }, maxCount: 3 };

    const recorded = await collect(store, options, 9);
    const { events: stored, pageSizes } = await collectStored(options, 9);

    expect(pageSizes.every((size) => size > 0 && size <= 3)).toBe(true);
    expect(stored.map((event) => event.position)).toEqual(recorded.map((event) => event.position));
    stored.forEach((event, index) => {
      const expected = recorded[index];
      expect({
        streamId: event.streamId,
        type: event.type,
        revision: BigInt(event.revision),
        position: event.position,
        recordedAt: new Date(event.recordedAt),
        data: JSON.parse(event.data),
        metadata: { ...JSON.parse(event.metadata), recordedAt: event.recordedAt },
      }).toEqual(expected);
      expect(event.eventId).toBe(expected?.metadata.eventId);
      expect(event.recordedAt).toBe(expected?.recordedAt.toISOString());
    });
    expect(stored[3]?.eventId).toBe(withCapitals.metadata.eventId);
  });

  it('waits for an open append transaction, then hands out its events first', async () => {
    const prefix = uniquePrefix();
    const head = await store.headPosition();
    const options = { after: head, filter: { streamPrefixes: [prefix] } };
    const reading = collectStored(options, 2);
    const slow = new pg.Client({ connectionString: db.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(RAW_APPEND_SQL, rawAppendValues(`${prefix}-slow`, [newEvent('Slow')]));
      await store.appendToStream(`${prefix}-fast`, [newEvent('Fast')]);
      // Visible to the port's reads only once the slow transaction ends: so for this one too.
      expect(await store.readAll(options)).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    const { events } = await reading;
    expect(events.map((event) => event.type)).toEqual(['Slow', 'Fast']);
  });
});
