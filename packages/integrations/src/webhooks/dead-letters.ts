import type { EventStore } from '@aftersales/event-store';
import type pg from 'pg';
import { DEFAULT_SOURCE, toIntegrationEvents } from '../catalog';
import { postWebhook } from './post';
import { signingSecrets } from './subscriptions';
import type { TargetPolicy } from './target-guard';

/** An event a subscriber did not accept within the retry period. */
export type WebhookDeadLetter = Readonly<{
  id: number;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  streamId: string;
  position: string;
  attempts: number;
  error: string;
  failedAt: Date;
  retryCount: number;
  resolvedAt: Date | null;
}>;

type Row = {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  subject: string;
  position: string;
  attempts: number;
  error: string;
  failed_at: Date;
  retry_count: number;
  resolved_at: Date | null;
};

const toLetter = (row: Row): WebhookDeadLetter => ({
  id: Number(row.id),
  subscriptionId: row.subscription_id,
  eventId: row.event_id,
  eventType: row.event_type,
  streamId: row.subject,
  position: String(row.position),
  attempts: row.attempts,
  error: row.error,
  failedAt: row.failed_at,
  retryCount: row.retry_count,
  resolvedAt: row.resolved_at,
});

export async function listWebhookDeadLetters(
  pool: pg.Pool,
  options: Readonly<{ includeResolved?: boolean }> = {},
): Promise<WebhookDeadLetter[]> {
  // Reading changes nothing: a database the dispatcher never ran on has no dead letters.
  const { rows: exists } = await pool.query<{ table: string | null }>(
    "SELECT to_regclass('integrations.webhook_dead_letters')::text AS table",
  );
  if (!exists[0]?.table) return [];
  const { rows } = await pool.query<Row>(
    `SELECT * FROM integrations.webhook_dead_letters WHERE $1 OR resolved_at IS NULL ORDER BY id`,
    [options.includeResolved ?? false],
  );
  return rows.map(toLetter);
}

export type RedeliveryOutcome = Readonly<{ resolved: boolean; status?: number | null; error?: string }>;

/**
 * An operator's redelivery: the event is read from the log again (never from a copy), posted
 * once now to the subscription's current URL, and the letter is resolved on a 2xx. The attempt
 * joins the delivery log. Undefined: no such dead letter.
 */
export async function redeliverWebhookDeadLetter(
  pool: pg.Pool,
  store: EventStore,
  id: number,
  options: Readonly<{ timeoutMs?: number; now?: () => Date; source?: string; targets?: TargetPolicy }> = {},
): Promise<RedeliveryOutcome | undefined> {
  const now = options.now ?? (() => new Date());
  const letters = await listWebhookDeadLetters(pool, { includeResolved: true });
  const letter = letters.find((l) => l.id === id);
  if (!letter) return undefined;
  if (letter.resolvedAt) return { resolved: true };
  const { rows } = await pool.query<{
    url: string;
    secret: string;
    previous_secret: string | null;
    previous_secret_until: Date | null;
  }>(
    `SELECT url, secret, previous_secret, previous_secret_until
       FROM integrations.webhook_subscriptions WHERE id = $1 AND deleted_at IS NULL`,
    [letter.subscriptionId],
  );
  const subscription = rows[0];
  if (!subscription) return { resolved: false, error: `subscription ${letter.subscriptionId} was removed` };
  const [recorded] = await store.readAll({ after: BigInt(letter.position) - 1n, maxCount: 1 });
  const event =
    recorded && recorded.metadata.eventId === letter.eventId
      ? toIntegrationEvents(recorded, options.source ?? DEFAULT_SOURCE).find(
          (e) => e.type === letter.eventType,
        )
      : undefined;
  if (!event) return { resolved: false, error: 'the event is no longer in the log' };
  const result = await postWebhook(subscription.url, signingSecrets(subscription, now()), event, {
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.targets ? { targets: options.targets } : {}),
  });
  await pool.query(
    `INSERT INTO integrations.webhook_attempts
       (subscription_id, event_id, event_type, position, attempt, outcome, status, error, duration_ms, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      letter.subscriptionId,
      event.id,
      event.type,
      event.sequence,
      letter.attempts + letter.retryCount + 1,
      result.ok ? 'delivered' : 'failed',
      result.status,
      result.error,
      result.durationMs,
      now(),
    ],
  );
  await pool.query(
    `UPDATE integrations.webhook_dead_letters SET retry_count = retry_count + 1,
            resolved_at = CASE WHEN $2 THEN $3::timestamptz ELSE NULL END WHERE id = $1`,
    [id, result.ok, now()],
  );
  return result.ok
    ? { resolved: true, status: result.status }
    : { resolved: false, status: result.status, error: result.error ?? 'failed' };
}

/**
 * Removes webhook dead letters resolved more than `days` ago (redelivered by an operator); an
 * unresolved one stays however old it is. Returns how many went.
 */
export async function purgeWebhookDeadLetters(
  pool: pg.Pool,
  days: number,
  now: Date = new Date(),
): Promise<number> {
  const { rows } = await pool.query<{ table: string | null }>(
    "SELECT to_regclass('integrations.webhook_dead_letters')::text AS table",
  );
  if (!rows[0]?.table) return 0;
  let total = 0;
  for (;;) {
    const result = await pool.query(
      `DELETE FROM integrations.webhook_dead_letters
        WHERE id IN (SELECT id FROM integrations.webhook_dead_letters WHERE resolved_at < $1 LIMIT 5000)`,
      [new Date(now.getTime() - days * 86_400_000)],
    );
    total += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < 5000) return total;
  }
}
