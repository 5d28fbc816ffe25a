import { type CustomerKeyStore, openPersonalData } from '@aftersales/privacy';
import type pg from 'pg';
import { type Clock, systemClock } from '../clock';
import { decodeEnvelope } from '../envelope';
import type { PolicySource } from '../policy/follow';
import { notificationRules } from '../rules/catalog';
import type { RuleDefinition } from '../rules/types';
import { ensureNotifierSchema } from '../schema';
import { applyEvents, markProcessed } from './handle-event';

/** A message the notifier's consumer gave up on (`notifier.dead_letters`). */
export type NotifierDeadLetter = Readonly<{
  id: number;
  eventId: string | null;
  eventType: string | null;
  streamId: string | null;
  position: string | null;
  subject: string;
  error: string;
  deliveries: number;
  failedAt: Date;
  retryCount: number;
  resolvedAt: Date | null;
}>;

type Row = {
  id: string;
  event_id: string | null;
  event_type: string | null;
  subject: string;
  payload: string;
  error: string;
  deliveries: number;
  at: Date;
  retry_count: number;
  resolved_at: Date | null;
};

const envelopeOf = (payload: string) => {
  try {
    return decodeEnvelope(new TextEncoder().encode(payload));
  } catch {
    return undefined;
  }
};

export async function listNotifierDeadLetters(
  pool: pg.Pool,
  options: Readonly<{ includeResolved?: boolean }> = {},
): Promise<NotifierDeadLetter[]> {
  // Reading changes nothing: a database the notifier never ran on has no dead letters.
  const { rows: exists } = await pool.query<{ table: string | null }>(
    "SELECT to_regclass('notifier.dead_letters')::text AS table",
  );
  if (!exists[0]?.table) return [];
  const { rows } = await pool.query<Row>(
    `SELECT id, event_id, event_type, subject, payload, error, deliveries, at, retry_count, resolved_at
       FROM notifier.dead_letters WHERE $1 OR resolved_at IS NULL ORDER BY id`,
    [options.includeResolved ?? false],
  );
  return rows.map((row) => {
    const envelope = envelopeOf(row.payload);
    return {
      id: Number(row.id),
      eventId: row.event_id,
      eventType: row.event_type,
      streamId: envelope?.streamId ?? null,
      position: envelope?.position ?? null,
      subject: row.subject,
      error: row.error,
      deliveries: row.deliveries,
      failedAt: row.at,
      retryCount: row.retry_count,
      resolvedAt: row.resolved_at,
    };
  });
}

export type NotifierRetryOutcome = Readonly<{ resolved: boolean; error?: string }>;

/**
 * An operator's retry: applies the dead letter's event now, in one transaction, as if it had
 * just arrived (its processed mark removed first; applied whatever the stream's revision, since
 * the stream went on without it). Resolved when that commits; otherwise the error, and the
 * letter stays for another try. An undecodable message has nothing to apply.
 */
export async function retryNotifierDeadLetter(
  pool: pg.Pool,
  id: number,
  options: Readonly<{
    keys?: CustomerKeyStore;
    rules?: readonly RuleDefinition[];
    clock?: Clock;
    /** The policy versions to plan by (default: the built-in defaults). */
    policy?: PolicySource;
  }> = {},
): Promise<NotifierRetryOutcome | undefined> {
  await ensureNotifierSchema(pool);
  const { rows } = await pool.query<Row>('SELECT * FROM notifier.dead_letters WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return undefined;
  if (row.resolved_at) return { resolved: true };
  const decoded = envelopeOf(row.payload);
  if (!decoded) return { resolved: false, error: 'the message cannot be decoded: nothing to apply' };
  const [envelope = decoded] = options.keys ? await openPersonalData([decoded], options.keys) : [decoded];
  const clock = options.clock ?? systemClock;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM notifier.processed_events WHERE event_id = $1', [envelope.eventId]);
    await markProcessed(client, [envelope], clock.now());
    await applyEvents(client, [envelope], options.rules ?? notificationRules, clock, options.policy);
    await client.query(
      'UPDATE notifier.dead_letters SET resolved_at = $2, retry_count = retry_count + 1 WHERE id = $1',
      [id, clock.now()],
    );
    await client.query('COMMIT');
    return { resolved: true };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    const error = err instanceof Error ? err.message : String(err);
    await pool.query('UPDATE notifier.dead_letters SET retry_count = retry_count + 1 WHERE id = $1', [id]);
    return { resolved: false, error };
  } finally {
    client.release();
  }
}
