import type { EventStore } from '@aftersales/event-store';
import type pg from 'pg';
import { catalogEntry, integrationEventTypes } from '../catalog';
import { ensureIntegrationsSchema } from '../schema';
import { WebhookError } from './errors';
import { newWebhookSecret } from './signature';
import { checkSubscriptionTarget, strictTargets, type TargetPolicy } from './target-guard';

export type WebhookSubscription = Readonly<{
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  /** Everything of the log up to here is delivered or dead-lettered. */
  position: string;
  createdBy: string;
  createdAt: string;
  /** The receiver answered 410 Gone: nothing is sent until the subscription is re-enabled. */
  disabled: null | Readonly<{ at: string; reason: string }>;
  /** The last rotation, and until when the previous secret still signs beside the new one. */
  secretRotatedAt: string | null;
  previousSecretSignsUntil: string | null;
  /** The event being retried, if one is failing. */
  failing: null | Readonly<{
    webhookId: string;
    attempts: number;
    since: string;
    nextAttemptAt: string | null;
  }>;
}>;

export type NewSubscription = Readonly<{
  id: unknown;
  url: unknown;
  eventTypes: unknown;
  description?: unknown;
  /** Deliver from after this log position; default: from now on (the head of the log). */
  fromPosition?: unknown;
}>;

type Row = {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  position: string;
  created_by: string;
  created_at: Date;
  head_event_id: string | null;
  head_attempts: number;
  head_failing_since: Date | null;
  next_attempt_at: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  secret_rotated_at: Date | null;
  previous_secret_until: Date | null;
};

export const toSubscription = (row: Row): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  eventTypes: row.event_types,
  description: row.description,
  position: String(row.position),
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  disabled: row.disabled_at
    ? { at: row.disabled_at.toISOString(), reason: row.disabled_reason ?? 'disabled' }
    : null,
  secretRotatedAt: row.secret_rotated_at?.toISOString() ?? null,
  previousSecretSignsUntil: row.previous_secret_until?.toISOString() ?? null,
  failing:
    row.head_event_id && row.head_failing_since
      ? {
          webhookId: row.head_event_id,
          attempts: row.head_attempts,
          since: row.head_failing_since.toISOString(),
          nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
        }
      : null,
});

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function requireSubscriptionId(id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id)) {
    throw new WebhookError('bad-input', 'bad-subscription-id', 'id: 1–64 letters, digits, ".", "_" or "-"', {
      id,
    });
  }
  return id;
}

/**
 * The secrets a delivery is signed with at `now`: the current one, and the previous one while
 * the overlap of the last rotation lasts.
 */
export function signingSecrets(
  row: Readonly<{ secret: string; previous_secret: string | null; previous_secret_until: Date | null }>,
  now: Date,
): string[] {
  return row.previous_secret && row.previous_secret_until && row.previous_secret_until > now
    ? [row.secret, row.previous_secret]
    : [row.secret];
}

/** How long a rotated-out secret still signs beside the new one, by default. */
export const DEFAULT_SECRET_OVERLAP_MS = 24 * 3_600_000;

function requireUrl(url: unknown): URL {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' && url.length <= 2_000 ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw new WebhookError(
      'bad-input',
      'bad-webhook-url',
      'url: an absolute http(s) URL without credentials',
      { url },
    );
  }
  return parsed;
}

function requireEventTypes(types: unknown): string[] {
  if (!Array.isArray(types) || types.length === 0 || types.length > 200) {
    throw new WebhookError(
      'bad-input',
      'bad-event-types',
      'eventTypes: a list of catalog types (see /asyncapi.json)',
    );
  }
  const unknown = types.filter((t) => typeof t !== 'string' || !catalogEntry(t));
  if (unknown.length > 0) {
    throw new WebhookError('bad-input', 'unknown-event-type', `not in the catalog: ${unknown.join(', ')}`, {
      unknown,
      known: integrationEventTypes(),
    });
  }
  return [...new Set(types as string[])];
}

export function requirePosition(position: unknown, name = 'fromPosition'): bigint {
  const text = typeof position === 'number' ? String(position) : position;
  if (typeof text !== 'string' || !/^[0-9]{1,19}$/.test(text) || BigInt(text) > 2n ** 63n - 1n) {
    throw new WebhookError('bad-input', 'bad-position', `${name}: a log position, a whole number ≥ 0`, {
      [name]: position,
    });
  }
  return BigInt(text);
}

const COLUMNS = `id, url, event_types, description, position, created_by, created_at,
  head_event_id, head_attempts, head_failing_since, next_attempt_at, disabled_at, disabled_reason,
  secret_rotated_at, previous_secret_until`;

export type SubscriptionsOptions = Readonly<{
  /** Which targets a URL may name (default: public addresses only). */
  targets?: TargetPolicy;
  /** How long a rotated-out secret still signs (default 24 h). */
  secretOverlapMs?: number;
}>;

/** The webhook subscriptions, for the API, the CLI and the dispatcher. */
export class WebhookSubscriptions {
  private ready: Promise<void> | undefined;
  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    private readonly now: () => Date = () => new Date(),
    private readonly options: SubscriptionsOptions = {},
  ) {}

  private async schema() {
    this.ready ??= ensureIntegrationsSchema(this.pool).catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    await this.ready;
  }

  /** Creates a subscription; the answer is the only place its secret appears in full. */
  async create(input: NewSubscription, createdBy: string) {
    const id = requireSubscriptionId(input.id);
    const target = requireUrl(input.url);
    await checkSubscriptionTarget(target, this.options.targets ?? strictTargets);
    const url = target.toString();
    const eventTypes = requireEventTypes(input.eventTypes);
    if (
      input.description !== undefined &&
      (typeof input.description !== 'string' || input.description.length > 500)
    ) {
      throw new WebhookError('bad-input', 'bad-description', 'description: text of at most 500 characters');
    }
    const from =
      input.fromPosition === undefined
        ? await this.store.headPosition()
        : requirePosition(input.fromPosition);
    await this.schema();
    const secret = newWebhookSecret();
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO integrations.webhook_subscriptions (id, url, event_types, secret, description, position, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
      [id, url, eventTypes, secret, input.description ?? null, from.toString(), createdBy, this.now()],
    );
    const row = rows[0];
    if (!row)
      throw new WebhookError('conflict', 'subscription-exists', `a subscription ${id} exists`, { id });
    return { ...toSubscription(row), secret };
  }

  async list(): Promise<WebhookSubscription[]> {
    await this.schema();
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM integrations.webhook_subscriptions WHERE deleted_at IS NULL ORDER BY id`,
    );
    return rows.map(toSubscription);
  }

  async get(id: unknown): Promise<WebhookSubscription> {
    const subscriptionId = requireSubscriptionId(id);
    await this.schema();
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM integrations.webhook_subscriptions WHERE id = $1 AND deleted_at IS NULL`,
      [subscriptionId],
    );
    if (!rows[0])
      throw new WebhookError('not-found', 'subscription-not-found', `no subscription ${subscriptionId}`);
    return toSubscription(rows[0]);
  }

  /**
   * A new secret, shown once in the answer, signs every delivery from now on; the previous one
   * signs beside it (a second signature in `webhook-signature`) for the overlap, so a receiver
   * can switch its verification at any moment within it. A second rotation inside the overlap
   * drops the oldest secret.
   */
  async rotateSecret(id: unknown, overlap: Readonly<{ overlapMs?: unknown }> = {}) {
    const subscriptionId = requireSubscriptionId(id);
    const overlapMs = overlap.overlapMs ?? this.options.secretOverlapMs ?? DEFAULT_SECRET_OVERLAP_MS;
    if (
      typeof overlapMs !== 'number' ||
      !Number.isInteger(overlapMs) ||
      overlapMs < 0 ||
      overlapMs > 30 * 86_400_000
    ) {
      throw new WebhookError('bad-input', 'bad-overlap', 'overlap: whole seconds from 0 to 30 days');
    }
    await this.schema();
    const secret = newWebhookSecret();
    const at = this.now();
    const { rows } = await this.pool.query<Row>(
      `UPDATE integrations.webhook_subscriptions
          SET previous_secret = secret, previous_secret_until = $3, secret = $2, secret_rotated_at = $4
        WHERE id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [subscriptionId, secret, new Date(at.getTime() + overlapMs), at],
    );
    if (!rows[0])
      throw new WebhookError('not-found', 'subscription-not-found', `no subscription ${subscriptionId}`);
    return { ...toSubscription(rows[0]), secret };
  }

  /**
   * Sends again to a subscription its receiver disabled (410 Gone), from where it stopped: the
   * event it refused is the next one tried, with a fresh retry period.
   */
  async enable(id: unknown): Promise<WebhookSubscription> {
    const subscriptionId = requireSubscriptionId(id);
    await this.schema();
    const { rows } = await this.pool.query<Row>(
      `UPDATE integrations.webhook_subscriptions
          SET disabled_at = NULL, disabled_reason = NULL, head_event_id = NULL, head_attempts = 0,
              head_failing_since = NULL, next_attempt_at = NULL, generation = generation + 1
        WHERE id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [subscriptionId],
    );
    if (!rows[0])
      throw new WebhookError('not-found', 'subscription-not-found', `no subscription ${subscriptionId}`);
    return toSubscription(rows[0]);
  }

  /** Deliveries stop at once; the delivery log stays. */
  async remove(id: unknown): Promise<{ id: string; deleted: true }> {
    const subscriptionId = requireSubscriptionId(id);
    await this.schema();
    const { rowCount } = await this.pool.query(
      `UPDATE integrations.webhook_subscriptions SET deleted_at = $2, generation = generation + 1
        WHERE id = $1 AND deleted_at IS NULL`,
      [subscriptionId, this.now()],
    );
    if (!rowCount)
      throw new WebhookError('not-found', 'subscription-not-found', `no subscription ${subscriptionId}`);
    return { id: subscriptionId, deleted: true };
  }

  /**
   * Delivers again from a position (everything after it) or from an instant (every event
   * recorded at or after it, found by reading the log). A delivery in flight when this commits
   * cannot move the position afterwards (the generation changed).
   */
  async replay(id: unknown, from: Readonly<{ fromPosition?: unknown; from?: unknown }>) {
    const subscriptionId = requireSubscriptionId(id);
    if ((from.fromPosition === undefined) === (from.from === undefined)) {
      throw new WebhookError('bad-input', 'bad-replay', 'give either fromPosition or from (an instant)');
    }
    const position =
      from.fromPosition !== undefined
        ? requirePosition(from.fromPosition)
        : await this.positionBefore(from.from);
    await this.get(subscriptionId);
    await this.pool.query(
      `UPDATE integrations.webhook_subscriptions
          SET position = $2, generation = generation + 1, head_event_id = NULL, head_attempts = 0,
              head_failing_since = NULL, next_attempt_at = NULL
        WHERE id = $1 AND deleted_at IS NULL`,
      [subscriptionId, position.toString()],
    );
    return this.get(subscriptionId);
  }

  /** The position just before the first event recorded at or after the instant. */
  private async positionBefore(instant: unknown): Promise<bigint> {
    const at =
      typeof instant === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(instant) ? new Date(instant) : undefined;
    if (!at || Number.isNaN(at.getTime())) {
      throw new WebhookError(
        'bad-input',
        'bad-instant',
        'from: an ISO 8601 instant such as 2026-03-01T10:00:00Z',
        {
          from: instant,
        },
      );
    }
    let after = 0n;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: 1_000 });
      for (const event of page) {
        if (event.recordedAt.getTime() >= at.getTime()) return after;
        after = event.position;
      }
      if (page.length < 1_000) return after;
    }
  }

  /** The delivery log of a subscription, newest first, by pages (`before`: an attempt id). */
  async deliveries(id: unknown, page: Readonly<{ limit?: number; before?: unknown }> = {}) {
    const subscriptionId = requireSubscriptionId(id);
    await this.get(subscriptionId);
    const before = page.before === undefined ? null : requirePosition(page.before, 'before').toString();
    const limit = page.limit ?? 100;
    const { rows } = await this.pool.query<{
      id: string;
      event_id: string;
      event_type: string;
      position: string;
      attempt: number;
      outcome: string;
      status: number | null;
      error: string | null;
      duration_ms: number;
      at: Date;
    }>(
      `SELECT id, event_id, event_type, position, attempt, outcome, status, error, duration_ms, at
         FROM integrations.webhook_attempts
        WHERE subscription_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [subscriptionId, before, limit + 1],
    );
    const items = rows.slice(0, limit).map((r) => ({
      id: String(r.id),
      eventId: r.event_id,
      eventType: r.event_type,
      position: String(r.position),
      attempt: r.attempt,
      outcome: r.outcome as 'delivered' | 'failed' | 'dead-lettered',
      status: r.status,
      error: r.error,
      durationMs: r.duration_ms,
      at: r.at.toISOString(),
    }));
    return { deliveries: items, nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  }
}
