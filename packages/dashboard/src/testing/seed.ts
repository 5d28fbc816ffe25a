import type { DomainEvent } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import { ensureNotifierSchema } from '@aftersales/notifier';
import {
  ensureBookkeeping,
  loyaltyProjection,
  type Projection,
  retentionProjection,
  schemaFor,
  supportProjection,
} from '@aftersales/projections';
import type { Pool, PoolClient } from 'pg';

/**
 * Test support: fills a fresh database the way production does — the real read-model
 * projections' `setup`, `views` and `apply` over recorded events — plus what the runner and the
 * notifier write about themselves (status rows, a dead letter, decisions), so every panel has
 * something to show.
 */
export function recorded(events: readonly DomainEvent[]): RecordedEvent[] {
  return events.map((event, index) => {
    const at = Object.entries(event.data).find(([key]) => key.endsWith('At'))?.[1];
    const recordedAt = typeof at === 'string' ? new Date(at) : new Date();
    return {
      streamId: `seed-${index}`,
      type: event.type,
      data: event.data,
      metadata: { eventId: `seed-event-${index}`, occurredAt: recordedAt.toISOString(), schemaVersion: 1 },
      revision: 0n,
      position: BigInt(index + 1),
      recordedAt,
    };
  });
}

async function inTransaction(pool: Pool, work: (client: PoolClient) => Promise<void>) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export const seededProjections: readonly Projection[] = [
  retentionProjection,
  loyaltyProjection,
  supportProjection,
];

/** setup + views once per projection, then `apply` in batches, each in its own transaction. */
export async function projectEvents(pool: Pool, events: readonly DomainEvent[], batchSize = 400) {
  const log = recorded(events);
  // The bi objects the migrations own (the reporting calendar the period views group by).
  await ensureBookkeeping(pool);
  for (const projection of seededProjections) {
    const schema = schemaFor(projection);
    await inTransaction(pool, async (client) => {
      await projection.setup(client, schema);
      for (const statement of projection.views?.(schema) ?? []) await client.query(statement);
    });
    for (let start = 0; start < log.length; start += batchSize) {
      const batch = log.slice(start, start + batchSize);
      await inTransaction(pool, (client) => projection.apply(client, batch, schema));
    }
  }
  return log;
}

/**
 * Status rows as the runner leaves them: retention caught up and alive; loyalty stalled (events
 * pending, checkpoint unmoved for ten minutes, no heartbeat) with one unresolved dead letter.
 */
export async function seedRunnerStatus(pool: Pool, log: readonly RecordedEvent[]) {
  await ensureBookkeeping(pool);
  const head = log.length;
  await pool.query(
    `INSERT INTO projections.projection_status
       (name, version, schema_name, position, state, last_processed_at, position_changed_at, head_position,
        lag_events, lag_seconds, heartbeat_at, last_event_at)
     VALUES ($1, $2, $3, $4, 'running', now(), now(), $4, 0, 0, now(), now()),
            ($5, $6, $7, $8, 'running', now() - interval '10 minutes', now() - interval '10 minutes', $4,
             3, 600.5, now() - interval '9 minutes', now() - interval '10 minutes')`,
    [
      retentionProjection.name,
      retentionProjection.version,
      schemaFor(retentionProjection),
      head,
      loyaltyProjection.name,
      loyaltyProjection.version,
      schemaFor(loyaltyProjection),
      head - 3,
    ],
  );
  const poison = log[head - 3];
  if (!poison) return;
  await pool.query(
    `INSERT INTO projections.dead_letters (projection, position, stream_id, event_type, event_id, error, payload, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, '{}'::jsonb, $7)`,
    [
      loyaltyProjection.name,
      poison.position.toString(),
      poison.streamId,
      poison.type,
      poison.metadata.eventId,
      'lot not found for reversal',
      poison.recordedAt,
    ],
  );
}

/** Decisions the notifier records, a few per rule and outcome. */
export async function seedDecisions(pool: Pool) {
  await ensureNotifierSchema(pool);
  const decisions: [rule: string, decision: string, reason: string, count: number][] = [
    ['shipment-delayed', 'sent', 'sent', 14],
    ['shipment-delayed', 'deferred', 'quiet-hours', 3],
    ['feedback-request', 'sent', 'sent', 41],
    ['feedback-request', 'suppressed', 'survey-throttle', 6],
    ['feedback-request', 'suppressed', 'cancelled:FeedbackSubmitted', 4],
    ['refund-confirmed', 'sent', 'sent', 9],
    ['low-score-escalation', 'sent', 'sent', 5],
    ['points-expiring', 'suppressed', 'no-marketing-consent', 7],
    ['points-expiring', 'sent', 'sent', 2],
    ['win-back', 'suppressed', 'cap', 2],
    ['win-back', 'sent', 'sent', 11],
  ];
  for (const [rule, decision, reason, count] of decisions) {
    await pool.query(
      `INSERT INTO notifier.decisions (decision, reason, rule, customer_id, subject_key, channel, at, trigger_event_id)
       SELECT $1, $2, $3, 'cus-' || i, $3 || ':' || i, CASE WHEN $1 = 'sent' THEN 'email' END, now(), 'seed'
         FROM generate_series(1, $4::int) AS i`,
      [decision, reason, rule, count],
    );
  }
}
