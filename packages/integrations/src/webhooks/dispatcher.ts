import type { EventStore } from '@aftersales/event-store';
import { sleep } from '@aftersales/event-store';
import type pg from 'pg';
import type { Logger } from 'pino';
import { catalogEntry, DEFAULT_SOURCE, type IntegrationEvent, toIntegrationEvents } from '../catalog';
import { ensureIntegrationsSchema } from '../schema';
import { defaultBackoffMs, nextAttemptAt } from './backoff';
import { type PostOutcome, postWebhook, webhookAgents, webhookIdOf } from './post';
import { signingSecrets } from './subscriptions';
import { strictTargets, type TargetPolicy } from './target-guard';

export type DeliveryObserver = Readonly<{
  attempted?(outcome: PostOutcome & { subscriptionId: string; event: IntegrationEvent }): void;
  delivered?(event: IntegrationEvent, recordedAt: Date, deliveredAt: Date): void;
  deadLettered?(subscriptionId: string, event: IntegrationEvent): void;
  disabled?(subscriptionId: string): void;
}>;

export type DispatcherOptions = Readonly<{
  /** The log as stored: deliveries are read from it, never from a copy. */
  store: EventStore;
  pool: pg.Pool;
  log: Logger;
  now?: () => Date;
  pollMs?: number;
  timeoutMs?: number;
  /** How long an event is retried before it is dead-lettered (default 24 h). */
  retryMs?: number;
  backoffMs?: readonly number[];
  source?: string;
  observer?: DeliveryObserver;
  /** Which targets may be reached, checked on every connection (default: public addresses only). */
  targets?: TargetPolicy;
}>;

export type DispatcherStatus = Readonly<{
  /** `active`: holds the dispatch lock; `standby`: another process does. */
  role: 'active' | 'standby';
  /** The last round of the loop failed (the database is away). */
  failing: boolean;
  lastRoundAt: number;
  subscriptions: number;
}>;

export type DispatcherHandle = Readonly<{ status(): DispatcherStatus; stop(): Promise<void> }>;

type SubscriptionRow = {
  id: string;
  url: string;
  event_types: string[];
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  position: string;
  generation: number;
  head_event_id: string | null;
  head_attempts: number;
  head_failing_since: Date | null;
  next_attempt_at: Date | null;
};

/** One process delivers at a time: the others stand by, so no event goes out twice in parallel. */
const DISPATCH_LOCK = 0x1a7e_0023;

/**
 * Delivers every subscription's events from the log, one at a time in log order (so in order per
 * subject too), at least once:
 * 1. take the dispatch lock (else stand by and try again);
 * 2. each round, for every subscription not busy and not waiting for its next attempt, read the
 *    log after its position (only the domain types it wants) and post each integration event;
 * 3. a 2xx moves the position past the event (only if no replay changed the generation since);
 *    a failure records when to try again (backoff, at most until 24 h after the first failure),
 *    and the subscription waits; past that the event becomes a dead letter and delivery goes on.
 * Every attempt is written to the delivery log.
 */
export async function startWebhookDispatcher(options: DispatcherOptions): Promise<DispatcherHandle> {
  const { store, pool, log } = options;
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryMs = options.retryMs ?? 24 * 3_600_000;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const source = options.source ?? DEFAULT_SOURCE;
  const targets = options.targets ?? strictTargets;
  const agents = webhookAgents();
  await ensureIntegrationsSchema(pool);

  let stopped = false;
  let role: DispatcherStatus['role'] = 'standby';
  let failing = false;
  let lastRoundAt = Date.now();
  let subscriptions = 0;
  let lockClient: pg.PoolClient | undefined;
  const busy = new Map<string, Promise<void>>();

  const takeLock = async () => {
    // The lock lives as long as its session: a round on a broken session throws, the loop gives
    // the session up, and the next round takes the lock again (or stands by if another did).
    if (lockClient) {
      await lockClient.query('SELECT 1');
      return true;
    }
    const client = await pool.connect();
    client.on('error', () => undefined);
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      DISPATCH_LOCK,
    ]);
    if (rows[0]?.ok) {
      lockClient = client;
      return true;
    }
    client.release();
    return false;
  };

  /**
   * What one serving of a subscription delivered and has not written yet: the attempts and the
   * position after them, written in one statement per batch (one commit per delivery made
   * the commits, not the HTTP calls, the limit: about 100 deliveries a second). A crash before
   * the write repeats those deliveries, with the same webhook ids: at least once.
   */
  type Batch = {
    row: SubscriptionRow;
    delivered: { event: IntegrationEvent; attempt: number; result: PostOutcome; at: Date }[];
    position: bigint;
    startedAt: number;
  };

  /** Writes the batch; false when a replay or a removal changed the subscription meanwhile. */
  const flush = async (batch: Batch): Promise<boolean> => {
    const { row, delivered } = batch;
    if (delivered.length === 0 && batch.position === BigInt(row.position)) return true;
    const { rowCount } = await pool.query(
      `WITH attempts AS (
         INSERT INTO integrations.webhook_attempts
           (subscription_id, event_id, event_type, position, attempt, outcome, status, error, duration_ms, at)
         SELECT $1, e.event_id, e.event_type, e.position, e.attempt, 'delivered', e.status, NULL, e.duration_ms, e.at
           FROM unnest($4::text[], $5::text[], $6::bigint[], $7::int[], $8::int[], $9::int[], $10::timestamptz[])
                AS e(event_id, event_type, position, attempt, status, duration_ms, at))
       UPDATE integrations.webhook_subscriptions
          SET position = $3, head_event_id = NULL, head_attempts = 0, head_failing_since = NULL, next_attempt_at = NULL
        WHERE id = $1 AND generation = $2 AND deleted_at IS NULL`,
      [
        row.id,
        row.generation,
        batch.position.toString(),
        delivered.map((d) => d.event.id),
        delivered.map((d) => d.event.type),
        delivered.map((d) => d.event.sequence),
        delivered.map((d) => d.attempt),
        delivered.map((d) => d.result.status),
        delivered.map((d) => d.result.durationMs),
        delivered.map((d) => d.at),
      ],
    );
    batch.delivered = [];
    batch.startedAt = Date.now();
    if (!rowCount) return false;
    row.position = batch.position.toString();
    row.head_event_id = null;
    return true;
  };

  /**
   * Posts one event, with the retry state of the subscription's head. `delivered` joins the
   * batch; `wait`: it failed and is retried later (written at once, after the batch); after the
   * retry period it is dead-lettered and delivery goes on.
   */
  const deliverOne = async (
    batch: Batch,
    event: IntegrationEvent,
    recordedAt: Date,
  ): Promise<'delivered' | 'wait' | 'dead-lettered'> => {
    const { row } = batch;
    const key = webhookIdOf(event);
    const retrying = row.head_event_id === key;
    const attempt = (retrying ? row.head_attempts : 0) + 1;
    const result = await postWebhook(row.url, signingSecrets(row, now()), event, {
      timeoutMs,
      targets,
      agents,
    });
    options.observer?.attempted?.({ ...result, subscriptionId: row.id, event });
    if (result.ok) {
      batch.delivered.push({ event, attempt, result, at: now() });
      options.observer?.delivered?.(event, recordedAt, now());
      return 'delivered';
    }
    if (!(await flush(batch))) return 'wait';
    if (result.status === 410) {
      await disable(row, event, attempt, result);
      return 'wait';
    }
    const since = retrying && row.head_failing_since ? row.head_failing_since : now();
    const next = nextAttemptAt(attempt, since, now(), retryMs, backoffMs);
    if (next) {
      // The retry state and the attempt in one statement: whoever reads the log sees both.
      await pool.query(
        `WITH attempt AS (
           INSERT INTO integrations.webhook_attempts
             (subscription_id, event_id, event_type, position, attempt, outcome, status, error, duration_ms, at)
           VALUES ($1, $7, $8, $9, $4, 'failed', $10, $11, $12, $13))
         UPDATE integrations.webhook_subscriptions
            SET head_event_id = $3, head_attempts = $4, head_failing_since = $5, next_attempt_at = $6
          WHERE id = $1 AND generation = $2`,
        [
          row.id,
          row.generation,
          key,
          attempt,
          since,
          next,
          event.id,
          event.type,
          event.sequence,
          result.status,
          result.error,
          result.durationMs,
          now(),
        ],
      );
      return 'wait';
    }
    await pool.query(
      `WITH attempt AS (
         INSERT INTO integrations.webhook_attempts
           (subscription_id, event_id, event_type, position, attempt, outcome, status, error, duration_ms, at)
         VALUES ($1, $2, $3, $4, $5, 'dead-lettered', $6, $7, $8, $9))
       INSERT INTO integrations.webhook_dead_letters
         (subscription_id, event_id, event_type, subject, position, attempts, error, failed_at)
       VALUES ($1, $2, $3, $10, $4, $5, coalesce($7, 'failed'), $9)
       ON CONFLICT (subscription_id, event_id, event_type) DO UPDATE
         SET attempts = EXCLUDED.attempts, error = EXCLUDED.error, failed_at = EXCLUDED.failed_at, resolved_at = NULL`,
      [
        row.id,
        event.id,
        event.type,
        event.sequence,
        attempt,
        result.status,
        result.error,
        result.durationMs,
        now(),
        event.subject,
      ],
    );
    options.observer?.deadLettered?.(row.id, event);
    log.warn(
      { subscription: row.id, eventId: event.id, type: event.type, attempts: attempt },
      'webhook dead-lettered',
    );
    return 'dead-lettered';
  };

  /**
   * 410 Gone: the receiver says this endpoint will never take deliveries again (Standard
   * Webhooks' advice), so retrying for 24 h would only knock on a closed door. The subscription
   * is disabled where it stands (the refused event is the next one tried once re-enabled),
   * with the attempt in the delivery log and the reason on the subscription.
   */
  const disable = async (
    row: SubscriptionRow,
    event: IntegrationEvent,
    attempt: number,
    result: PostOutcome,
  ) => {
    await pool.query(
      `WITH attempt AS (
         INSERT INTO integrations.webhook_attempts
           (subscription_id, event_id, event_type, position, attempt, outcome, status, error, duration_ms, at)
         VALUES ($1, $3, $4, $5, $6, 'failed', $7, $8, $9, $10))
       UPDATE integrations.webhook_subscriptions
          SET disabled_at = $10, disabled_reason = $11, head_event_id = NULL, head_attempts = 0,
              head_failing_since = NULL, next_attempt_at = NULL
        WHERE id = $1 AND generation = $2`,
      [
        row.id,
        row.generation,
        event.id,
        event.type,
        event.sequence,
        attempt,
        result.status,
        result.error,
        result.durationMs,
        now(),
        'the receiver answered 410 Gone',
      ],
    );
    options.observer?.disabled?.(row.id);
    log.warn({ subscription: row.id, eventId: event.id }, 'webhook subscription disabled: 410 Gone');
  };

  /**
   * The subscription's secrets as they are now, read after the page it is about to deliver: an
   * event appended after a rotation returned is in a page read after the rotation committed, so
   * it is signed with the new secret (the round's row may have been read before the rotation).
   */
  const refreshSecrets = async (row: SubscriptionRow) => {
    const { rows } = await pool.query<
      Pick<SubscriptionRow, 'secret' | 'previous_secret' | 'previous_secret_until'>
    >(
      'SELECT secret, previous_secret, previous_secret_until FROM integrations.webhook_subscriptions WHERE id = $1',
      [row.id],
    );
    if (rows[0]) Object.assign(row, rows[0]);
  };

  /** Delivers what is due for one subscription, until it is caught up or must wait. */
  const serve = async (row: SubscriptionRow) => {
    if (row.next_attempt_at && row.next_attempt_at > now()) return;
    const wanted = new Set(row.event_types);
    const domainTypes = [
      ...new Set(row.event_types.map((t) => catalogEntry(t)?.from).filter((t) => t !== undefined)),
    ];
    const batch: Batch = { row, delivered: [], position: BigInt(row.position), startedAt: Date.now() };
    try {
      while (!stopped) {
        const page = await store.readAll({
          after: batch.position,
          maxCount: 200,
          filter: { eventTypes: domainTypes },
        });
        if (page.length === 0) return;
        await refreshSecrets(row);
        for (const recorded of page) {
          for (const event of toIntegrationEvents(recorded, source)) {
            if (!wanted.has(event.type)) continue;
            if ((await deliverOne(batch, event, recorded.recordedAt)) === 'wait') return;
          }
          batch.position = recorded.position;
          if ((batch.delivered.length >= 100 || Date.now() - batch.startedAt >= 100) && !(await flush(batch)))
            return;
        }
      }
    } finally {
      await flush(batch);
    }
  };

  const round = async () => {
    if (!(await takeLock())) {
      role = 'standby';
      return;
    }
    role = 'active';
    const { rows } = await pool.query<SubscriptionRow>(
      `SELECT id, url, event_types, secret, previous_secret, previous_secret_until, position, generation,
              head_event_id, head_attempts, head_failing_since, next_attempt_at
         FROM integrations.webhook_subscriptions WHERE deleted_at IS NULL AND disabled_at IS NULL`,
    );
    subscriptions = rows.length;
    for (const row of rows) {
      if (busy.has(row.id)) continue;
      const task = serve(row)
        .catch((err) => log.warn({ err, subscription: row.id }, 'webhook delivery round failed, will retry'))
        .finally(() => busy.delete(row.id));
      busy.set(row.id, task);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        await round();
        failing = false;
        lastRoundAt = Date.now();
      } catch (err) {
        failing = true;
        log.warn({ err }, 'webhook dispatcher round failed, will retry');
        // A lock session that broke is given up: the lock went with it.
        lockClient?.release(true);
        lockClient = undefined;
      }
      await sleep(pollMs);
    }
  })();

  log.info({ pollMs, retryMs }, 'webhook dispatcher started');
  return {
    status: () => ({ role, failing, lastRoundAt, subscriptions }),
    async stop() {
      stopped = true;
      await loop;
      await Promise.all(busy.values());
      agents.http.destroy();
      agents.https.destroy();
      if (lockClient) {
        await lockClient.query('SELECT pg_advisory_unlock($1)', [DISPATCH_LOCK]).catch(() => undefined);
        lockClient.release();
      }
      log.info('webhook dispatcher stopped');
    },
  };
}
