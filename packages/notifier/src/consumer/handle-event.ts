import type { DomainEvent } from '@aftersales/domain';
import type pg from 'pg';
import type { Clock } from '../clock';
import type { EventEnvelope } from '../envelope';
import type { PlannedMessage, RuleDefinition } from '../rules/types';
import { applyToState, loadOrder } from './state';

export type HandleResult = Readonly<{
  duplicate: boolean;
  /** A message became due at once: the dispatcher should look now. */
  dueNow: boolean;
}>;

type Planned = PlannedMessage & Readonly<{ rule: RuleDefinition }>;

/**
 * Applies one event inside the caller's transaction:
 * 1. dedupe by event id (beyond JetStream's duplicate window, across replays);
 * 2. cancel pending messages whose reason this event removes;
 * 3. update the notifier's own state;
 * 4. plan the messages the rules ask for; a plan first seen past its `validUntil` is recorded as
 *    suppressed 'stale' (replays of old history never send).
 */
export async function handleEvent(
  client: pg.PoolClient,
  envelope: EventEnvelope,
  rules: readonly RuleDefinition[],
  clock: Clock,
): Promise<HandleResult> {
  const fresh = await markProcessed(client, [envelope], clock.now());
  if (!fresh.has(envelope.eventId)) return { duplicate: true, dueNow: false };
  return applyEvent(client, envelope, rules, clock);
}

/** Step 1 for many events at once: the ids not seen before (each only once). */
export async function markProcessed(
  client: pg.PoolClient,
  envelopes: readonly EventEnvelope[],
  now: Date,
): Promise<Set<string>> {
  const { rows } = await client.query<{ event_id: string }>(
    `INSERT INTO notifier.processed_events (event_id, event_type, position, processed_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS e(event_id, event_type, position), (SELECT $4::timestamptz) AS t
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [envelopes.map((e) => e.eventId), envelopes.map((e) => e.type), envelopes.map((e) => e.position), now],
  );
  return new Set(rows.map((r) => r.event_id));
}

/** Steps 2–4 for an event already marked as processed in this transaction. */
export async function applyEvent(
  client: pg.PoolClient,
  envelope: EventEnvelope,
  rules: readonly RuleDefinition[],
  clock: Clock,
): Promise<HandleResult> {
  const now = clock.now();
  const event = { type: envelope.type, data: envelope.data } as unknown as DomainEvent;

  for (const rule of rules) {
    if (!rule.cancelWhen?.on.includes(event.type)) continue;
    const keys = rule.cancelWhen.keys(event);
    if (keys.length === 0) continue;
    await client.query(
      `WITH cancelled AS (
         UPDATE notifier.schedule SET status = 'cancelled', updated_at = $3
          WHERE rule = $1 AND cancel_key = ANY($2) AND status = 'pending'
          RETURNING rule, customer_id, subject_key, trigger_event_id)
       INSERT INTO notifier.decisions (decision, reason, rule, customer_id, subject_key, channel, at, trigger_event_id)
       SELECT 'suppressed', $4, rule, customer_id, subject_key, NULL, $3, trigger_event_id FROM cancelled`,
      [rule.name, keys, now, `cancelled:${event.type}`],
    );
  }

  await applyToState(client, event, now);

  const triggered = rules.filter((rule) => rule.trigger.includes(event.type));
  if (triggered.length === 0) return { duplicate: false, dueNow: false };
  const orderId = typeof envelope.data.orderId === 'string' ? envelope.data.orderId : undefined;
  const order =
    orderId && triggered.some((rule) => rule.needsOrder) ? await loadOrder(client, orderId) : undefined;
  const planned: Planned[] = triggered.flatMap((rule) =>
    rule.plan(event, { order }).map((p) => ({ ...p, rule })),
  );
  if (planned.length === 0) return { duplicate: false, dueNow: false };
  await insertPlans(client, planned, envelope.eventId, now);
  const nowMs = now.getTime();
  const dueNow = planned.some((p) => Date.parse(p.dueAt) <= nowMs && Date.parse(p.validUntil) >= nowMs);
  return { duplicate: false, dueNow };
}

async function insertPlans(client: pg.PoolClient, planned: readonly Planned[], eventId: string, now: Date) {
  const nowMs = now.getTime();
  await client.query(
    `WITH planned AS (
       INSERT INTO notifier.schedule
              (rule, subject_key, audience, class, customer_id, cancel_key, due_at, status, vars,
               trigger_event_id, created_at, updated_at)
       SELECT rule, subject_key, audience, class, customer_id, cancel_key, due_at, status, vars, $10, $11, $11
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::timestamptz[], $8::text[], $9::jsonb[])
              AS p(rule, subject_key, audience, class, customer_id, cancel_key, due_at, status, vars)
       ON CONFLICT (rule, subject_key) DO NOTHING
       RETURNING rule, customer_id, subject_key, status)
     INSERT INTO notifier.decisions (decision, reason, rule, customer_id, subject_key, channel, at, trigger_event_id)
     SELECT 'suppressed', 'stale', rule, customer_id, subject_key, NULL, $11, $10
       FROM planned WHERE status = 'suppressed'`,
    [
      planned.map((p) => p.rule.name),
      planned.map((p) => p.subjectKey),
      planned.map((p) => p.audience),
      planned.map((p) => p.rule.class),
      planned.map((p) => p.customerId),
      planned.map((p) => p.cancelKey ?? null),
      planned.map((p) => p.dueAt),
      planned.map((p) => (Date.parse(p.validUntil) < nowMs ? 'suppressed' : 'pending')),
      planned.map((p) => JSON.stringify(p.vars)),
      eventId,
      now,
    ],
  );
}
