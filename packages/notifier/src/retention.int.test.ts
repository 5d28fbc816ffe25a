import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { ManualClock } from './clock';
import { applyInLogOrder } from './consumer/handle-event';
import type { EventEnvelope } from './envelope';
import { purgeNotifierHistory } from './retention';
import { notificationRules } from './rules/catalog';
import { ensureNotifierSchema } from './schema';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase('notifier_retention');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  await ensureNotifierSchema(pool);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const ids = async (sql: string) => (await pool.query<{ id: string }>(sql)).rows.map((r) => r.id).sort();

async function processed(eventId: string, position: number, at: Date) {
  await pool.query(
    `INSERT INTO notifier.processed_events (event_id, event_type, position, processed_at) VALUES ($1, 'X', $2, $3)`,
    [eventId, position, at],
  );
}

describe('notifier retention', () => {
  it('removes processed events past the horizon and below every relay checkpoint, nothing else', async () => {
    // Two relays: the lower checkpoint (50) bounds what may still be published again.
    await pool.query(
      `INSERT INTO notifier.relay_checkpoints (relay, position) VALUES ('relay-a', 100), ('relay-b', 50)`,
    );
    await processed('old-below', 10, ago(200 * HOUR)); // past 192 h, below 50: goes
    await processed('old-above', 60, ago(200 * HOUR)); // the relay-b may republish it: stays
    await processed('recent', 5, ago(191 * HOUR)); // inside 192 h: stays
    const counts = await purgeNotifierHistory(pool, NOW, {
      processedEventsHours: 192,
      decisionsDays: 400,
      deadLettersDays: 30,
    });
    expect(counts.processedEvents).toBe(1);
    expect(await ids('SELECT event_id AS id FROM notifier.processed_events')).toEqual([
      'old-above',
      'recent',
    ]);
  });

  it('never removes a dedupe record inside the JetStream duplicate window, whatever the setting', async () => {
    await processed('one-minute', 1, ago(60_000));
    await processed('three-minutes', 2, ago(3 * 60_000));
    await purgeNotifierHistory(pool, NOW, {
      processedEventsHours: 0,
      decisionsDays: 400,
      deadLettersDays: 30,
    });
    const left = await ids('SELECT event_id AS id FROM notifier.processed_events');
    expect(left).toContain('one-minute');
    expect(left).not.toContain('three-minutes');
  });

  it('removes old decisions except the last of a message still pending; resolved dead letters only', async () => {
    const schedule = (subject: string, status: string) =>
      pool.query(
        `INSERT INTO notifier.schedule (rule, subject_key, audience, class, customer_id, due_at, status, vars,
                                        trigger_event_id, created_at, updated_at)
         VALUES ('win-back', $1, 'customer', 'marketing', 'c-1', $2, $3, '{}', 'e-1', $2, $2)`,
        [subject, ago(500 * 24 * HOUR), status],
      );
    const decision = (subject: string, daysAgo: number) =>
      pool.query(
        `INSERT INTO notifier.decisions (decision, reason, rule, customer_id, subject_key, at, trigger_event_id)
         VALUES ('deferred', 'quiet-hours', 'win-back', 'c-1', $1, $2, 'e-1')`,
        [subject, ago(daysAgo * 24 * HOUR)],
      );
    await schedule('done', 'sent');
    await schedule('waiting', 'pending');
    await decision('done', 500); // goes
    await decision('waiting', 500); // its message is still pending: stays
    await decision('done', 10); // inside 400 days: stays
    const letter = (id: number, resolvedDaysAgo: number | null) =>
      pool.query(
        `INSERT INTO notifier.dead_letters (id, event_id, event_type, subject, payload, error, deliveries, at, resolved_at)
         VALUES ($1, 'e', 'X', 's', '{}', 'boom', 5, $2, $3)`,
        [id, ago(400 * 24 * HOUR), resolvedDaysAgo === null ? null : ago(resolvedDaysAgo * 24 * HOUR)],
      );
    await letter(1, 40); // resolved 40 days ago: goes
    await letter(2, 10); // resolved 10 days ago: stays
    await letter(3, null); // unresolved, 400 days old: waits for an operator
    const counts = await purgeNotifierHistory(pool, NOW, {
      processedEventsHours: 192,
      decisionsDays: 400,
      deadLettersDays: 30,
    });
    expect(counts).toMatchObject({ decisions: 1, deadLetters: 1 });
    const { rows } = await pool.query<{ subject_key: string; days: number }>(
      `SELECT subject_key, round(extract(epoch FROM $1::timestamptz - at) / 86400)::int AS days
         FROM notifier.decisions ORDER BY subject_key, days`,
      [NOW],
    );
    expect(rows).toEqual([
      { subject_key: 'done', days: 10 },
      { subject_key: 'waiting', days: 500 },
    ]);
    expect(await ids('SELECT id::text AS id FROM notifier.dead_letters')).toEqual(['2', '3']);
  });

  it('an event delivered again after its record was purged is still applied once', async () => {
    const clock = new ManualClock(ago(300 * HOUR));
    const envelope: EventEnvelope = {
      eventId: 'placed-1',
      streamId: 'order-o-9',
      type: 'OrderPlaced',
      data: {
        orderId: 'o-9',
        customerId: 'c-9',
        currency: 'EUR',
        placedAt: clock.now().toISOString(),
        lines: [{ lineNo: 1, sku: 'S', name: 'n', category: 'c', qty: 1, unitPrice: 100, warrantyMonths: 0 }],
      },
      metadata: { occurredAt: clock.now().toISOString() },
      revision: '0',
      position: '20',
      recordedAt: clock.now().toISOString(),
    };
    const apply = async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await applyInLogOrder(client, [envelope], notificationRules, clock, undefined);
        await client.query('COMMIT');
        return result.applied;
      } finally {
        client.release();
      }
    };
    expect(await apply()).toBe(1);
    await purgeNotifierHistory(pool, NOW, {
      processedEventsHours: 192,
      decisionsDays: 400,
      deadLettersDays: 30,
    });
    expect(
      await ids(`SELECT event_id AS id FROM notifier.processed_events WHERE event_id = 'placed-1'`),
    ).toEqual([]);
    // The stream's applied revision still knows it: nothing applied or planned twice.
    expect(await apply()).toBe(0);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM notifier.schedule WHERE trigger_event_id = 'placed-1'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });
});
