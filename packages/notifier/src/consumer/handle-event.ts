import type { DomainEvent } from '@aftersales/domain';
import type pg from 'pg';
import type { Clock } from '../clock';
import type { EventEnvelope } from '../envelope';
import { type PolicySource, timelineSource } from '../policy/follow';
import type { PlannedMessage, RuleDefinition } from '../rules/types';
import { applyAllToState, loadOrders } from './state';

export type HandleResult = Readonly<{
  /** Events applied now (not seen before), fills from the store included. */
  applied: number;
  /** A message became due at once: the dispatcher should look now. */
  dueNow: boolean;
}>;

/**
 * Reads `count` events of a stream from the store from `fromRevision` on, as envelopes with
 * their personal fields opened: how a gap in a stream is filled when the bus brings a later
 * event first.
 */
export type StreamHistory = (
  streamId: string,
  fromRevision: bigint,
  count: number,
) => Promise<EventEnvelope[]>;

/** A stream's events arrived with a gap that nothing could fill: try again later. */
export class StreamGapError extends Error {
  constructor(
    readonly streamId: string,
    readonly missing: bigint,
  ) {
    super(`stream ${streamId}: revision ${missing} is not available yet`);
    this.name = 'StreamGapError';
  }
}

type Planned = PlannedMessage &
  Readonly<{
    rule: RuleDefinition;
    eventId: string;
    position: bigint;
    /** The policy version in force at the trigger: it planned the message and decides it. */
    policyVersion: number;
    cancelledBy: string | undefined;
  }>;

const defaultSource = timelineSource();

/** The business time of an event: when it happened (history imports carry it), else when stored. */
const businessTime = (envelope: EventEnvelope): string =>
  typeof envelope.metadata.occurredAt === 'string' ? envelope.metadata.occurredAt : envelope.recordedAt;

/**
 * Applies events inside the caller's transaction, in log order per stream whatever order they
 * came in (repeats and events already applied allowed):
 * 1. per stream, what was applied last (`notifier.stream_revisions`); an event after a gap has
 *    the missing revisions read from the store first, so a stream is never applied out of order;
 * 2. dedupe by event id (beyond JetStream's duplicate window, across replays; two lanes that
 *    fill the same gap meet here and the second waits for the first);
 * 3. cancel pending messages planned before an event whose reason it removes;
 * 4. update the notifier's own state;
 * 5. plan the messages the rules ask for; a plan first seen past its `validUntil` is recorded as
 *    suppressed 'stale' (replays of old history never send), one that a later event of the log
 *    cancelled is stored as cancelled, one already decided keeps its decision.
 */
export async function applyInLogOrder(
  client: pg.PoolClient,
  envelopes: readonly EventEnvelope[],
  rules: readonly RuleDefinition[],
  clock: Clock,
  history: StreamHistory | undefined,
  policy: PolicySource = defaultSource,
): Promise<HandleResult> {
  const ordered = await inStreamOrder(client, envelopes, history);
  if (ordered.length === 0) return { applied: 0, dueNow: false };
  const fresh = await markProcessed(client, ordered, clock.now());
  // `delete`: an event given twice is applied once.
  const toApply = ordered.filter((envelope) => fresh.delete(envelope.eventId));
  await saveStreamRevisions(client, ordered);
  if (toApply.length === 0) return { applied: 0, dueNow: false };
  const { dueNow } = await applyEvents(client, toApply, rules, clock, policy);
  return { applied: toApply.length, dueNow };
}

/**
 * The events to apply, in log order: per stream only revisions after the last one applied,
 * with every gap filled from `history`; all of them sorted by log position.
 */
async function inStreamOrder(
  client: pg.PoolClient,
  envelopes: readonly EventEnvelope[],
  history: StreamHistory | undefined,
): Promise<EventEnvelope[]> {
  const byStream = new Map<string, EventEnvelope[]>();
  for (const envelope of envelopes) {
    const list = byStream.get(envelope.streamId);
    if (list) list.push(envelope);
    else byStream.set(envelope.streamId, [envelope]);
  }
  const { rows } = await client.query<{ stream_id: string; revision: string }>(
    'SELECT stream_id, revision FROM notifier.stream_revisions WHERE stream_id = ANY($1::text[])',
    [[...byStream.keys()]],
  );
  const applied = new Map(rows.map((r) => [r.stream_id, BigInt(r.revision)]));
  const result: EventEnvelope[] = [];
  for (const [streamId, list] of byStream) {
    list.sort((a, b) => compare(BigInt(a.revision), BigInt(b.revision)));
    let next = (applied.get(streamId) ?? -1n) + 1n;
    for (const envelope of list) {
      const revision = BigInt(envelope.revision);
      if (revision < next) continue;
      if (revision > next) {
        if (!history) throw new StreamGapError(streamId, next);
        const count = Number(revision - next);
        const filled = await history(streamId, next, count);
        for (const [i, event] of filled.entries()) {
          if (BigInt(event.revision) !== next + BigInt(i))
            throw new StreamGapError(streamId, next + BigInt(i));
        }
        if (filled.length < count) throw new StreamGapError(streamId, next + BigInt(filled.length));
        result.push(...filled);
      }
      result.push(envelope);
      next = revision + 1n;
    }
  }
  return result.sort((a, b) => compare(BigInt(a.position), BigInt(b.position)));
}

async function saveStreamRevisions(client: pg.PoolClient, envelopes: readonly EventEnvelope[]) {
  const last = new Map<string, bigint>();
  for (const e of envelopes) {
    const revision = BigInt(e.revision);
    if ((last.get(e.streamId) ?? -1n) < revision) last.set(e.streamId, revision);
  }
  // Sorted: two transactions that touch the same streams lock their rows in the same order.
  const streams = [...last.keys()].sort();
  await client.query(
    `INSERT INTO notifier.stream_revisions (stream_id, revision)
     SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (stream_id) DO UPDATE
       SET revision = GREATEST(notifier.stream_revisions.revision, EXCLUDED.revision)`,
    [streams, streams.map((s) => String(last.get(s)))],
  );
}

const compare = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** Step 2 for many events at once: the ids not seen before (each only once). */
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

type Cancel = Readonly<{ rule: RuleDefinition; key: string; reason: string; position: bigint }>;

/**
 * Steps 3–5 for events already marked as processed, in log order, with a handful of
 * statements per batch rather than per event:
 * 3. record every cancel (`notifier.cancellations`) and cancel the pending rows planned before
 *    it; 4. update state, event by event; 5. plan, each plan checked against the cancels
 *    recorded after its trigger (this batch's and those of events that reached the notifier
 *    earlier though they come later in the log).
 */
export async function applyEvents(
  client: pg.PoolClient,
  envelopes: readonly EventEnvelope[],
  rules: readonly RuleDefinition[],
  clock: Clock,
  policy: PolicySource = defaultSource,
): Promise<Omit<HandleResult, 'applied'>> {
  const now = clock.now();
  const events = envelopes.map((e) => ({ type: e.type, data: e.data }) as unknown as DomainEvent);
  const positions = envelopes.map((e) => BigInt(e.position));

  const cancels: Cancel[] = [];
  events.forEach((event, index) => {
    for (const rule of rules) {
      if (!rule.cancelWhen?.on.includes(event.type)) continue;
      for (const key of rule.cancelWhen.keys(event)) {
        cancels.push({ rule, key, reason: `cancelled:${event.type}`, position: positions[index] as bigint });
      }
    }
  });
  for (const rule of new Set(cancels.map((c) => c.rule))) {
    const mine = cancels.filter((c) => c.rule === rule);
    // One index lookup per key (the LATERAL subquery, kept apart by OFFSET 0): joined with the
    // keys directly, the planner (without statistics on a young table) walked every pending row
    // of the rule in each batch, a cost that grew with the schedule. A row is cancelled by the
    // first cancel after its trigger: a replayed event never cancels what it planned itself.
    await client.query(
      `WITH k AS (SELECT key, reason, position FROM unnest($2::text[], $4::text[], $5::bigint[]) AS k(key, reason, position)),
       recorded AS (
         INSERT INTO notifier.cancellations (rule, cancel_key, position, reason)
         SELECT $1, key, position, reason FROM k ON CONFLICT DO NOTHING),
       cancelled AS (
         UPDATE notifier.schedule AS s SET status = 'cancelled', updated_at = $3
           FROM (SELECT DISTINCT ON (p.id) p.id, k.reason FROM k, LATERAL (
                   SELECT id, trigger_position FROM notifier.schedule
                    WHERE rule = $1 AND cancel_key = k.key AND status = 'pending' OFFSET 0) AS p
                  WHERE p.trigger_position IS NULL OR p.trigger_position < k.position
                  ORDER BY p.id, k.position) AS c
          WHERE s.id = c.id AND s.status = 'pending'
          RETURNING s.rule, s.customer_id, s.subject_key, s.trigger_event_id, s.policy_version, c.reason)
       INSERT INTO notifier.decisions
              (decision, reason, rule, customer_id, subject_key, channel, at, trigger_event_id, policy_version)
       SELECT 'suppressed', reason, rule, customer_id, subject_key, NULL, $3, trigger_event_id, policy_version
         FROM cancelled`,
      [
        rule.name,
        mine.map((c) => c.key),
        now,
        mine.map((c) => c.reason),
        mine.map((c) => String(c.position)),
      ],
    );
  }

  await applyAllToState(client, events, now);

  const orderIds = new Set<string>();
  events.forEach((event, index) => {
    const orderId = envelopes[index]?.data.orderId;
    if (typeof orderId === 'string' && rules.some((r) => r.needsOrder && r.trigger.includes(event.type))) {
      orderIds.add(orderId);
    }
  });
  const orders = await loadOrders(client, [...orderIds]);

  const drafts: Omit<Planned, 'cancelledBy'>[] = [];
  events.forEach((event, index) => {
    const envelope = envelopes[index] as EventEnvelope;
    const orderId = envelope.data.orderId;
    const order = typeof orderId === 'string' ? orders.get(orderId) : undefined;
    let inForce: ReturnType<PolicySource['at']> | undefined;
    for (const rule of rules) {
      if (!rule.trigger.includes(event.type)) continue;
      inForce ??= policy.at(businessTime(envelope));
      for (const plan of rule.plan(event, { order, notifications: inForce.rules })) {
        drafts.push({
          ...plan,
          rule,
          eventId: envelope.eventId,
          position: positions[index] as bigint,
          policyVersion: inForce.version,
        });
      }
    }
  });
  const laterCancels = await cancelsAfter(client, drafts);
  const planned: Planned[] = drafts.map((draft) => ({
    ...draft,
    cancelledBy:
      draft.cancelKey === undefined
        ? undefined
        : laterCancels
            .get(`${draft.rule.name}\u0000${draft.cancelKey}`)
            ?.find((c) => c.position > draft.position)?.reason,
  }));
  if (planned.length === 0) return { dueNow: false };
  await insertPlans(client, planned, now);
  const nowMs = now.getTime();
  const dueNow = planned.some(
    (p) => !p.cancelledBy && Date.parse(p.dueAt) <= nowMs && Date.parse(p.validUntil) >= nowMs,
  );
  return { dueNow };
}

/** The cancels recorded for the plans' rules and keys, by rule and key, in log order. */
async function cancelsAfter(
  client: pg.PoolClient,
  drafts: readonly Omit<Planned, 'cancelledBy'>[],
): Promise<Map<string, { position: bigint; reason: string }[]>> {
  const keyed = drafts.filter((d) => d.cancelKey !== undefined);
  const byKey = new Map<string, { position: bigint; reason: string }[]>();
  if (keyed.length === 0) return byKey;
  const { rows } = await client.query<{ rule: string; cancel_key: string; position: string; reason: string }>(
    `SELECT c.rule, c.cancel_key, c.position, c.reason
       FROM (SELECT DISTINCT rule, key FROM unnest($1::text[], $2::text[]) AS k(rule, key)) AS k
       JOIN notifier.cancellations c ON c.rule = k.rule AND c.cancel_key = k.key
      ORDER BY c.position`,
    [keyed.map((d) => d.rule.name), keyed.map((d) => d.cancelKey as string)],
  );
  for (const r of rows) {
    const key = `${r.rule}\u0000${r.cancel_key}`;
    const entry = { position: BigInt(r.position), reason: r.reason };
    const list = byKey.get(key);
    if (list) list.push(entry);
    else byKey.set(key, [entry]);
  }
  return byKey;
}

async function insertPlans(client: pg.PoolClient, all: readonly Planned[], now: Date) {
  const nowMs = now.getTime();
  // The first plan of a (rule, subject) wins, as the unique key would decide.
  const seen = new Set<string>();
  const planned = all.filter((p) => {
    const key = `${p.rule.name}\u0000${p.subjectKey}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const status = (p: Planned) =>
    p.cancelledBy ? 'cancelled' : Date.parse(p.validUntil) < nowMs ? 'suppressed' : 'pending';
  // One JSON parameter for the whole batch: a single native JSON.stringify, where a text[] per
  // column made the driver escape every element in JavaScript (binding parameters was about a
  // tenth of this process's time in a profile under the bench's load).
  const rows = planned.map((p) => ({
    rule: p.rule.name,
    subject_key: p.subjectKey,
    audience: p.audience,
    class: p.rule.class,
    customer_id: p.customerId,
    cancel_key: p.cancelKey ?? null,
    due_at: p.dueAt,
    status: status(p),
    vars: p.vars,
    trigger_event_id: p.eventId,
    trigger_position: String(p.position),
    policy_version: p.policyVersion,
    reason: p.cancelledBy ?? 'stale',
  }));
  // A plan made again (its row gone: a replay with the schedule emptied) keeps the decision
  // already taken: the last one recorded for its rule and subject. Sent or suppressed stays so,
  // with no second decision; a deferral keeps its new time.
  await client.query(
    `WITH input AS (
       SELECT * FROM json_to_recordset($1::json)
              AS p(rule text, subject_key text, audience text, class text, customer_id text, cancel_key text,
                   due_at timestamptz, status text, vars jsonb, trigger_event_id text, trigger_position bigint,
                   policy_version integer, reason text)),
     decided AS (
       SELECT i.*, d.decision AS prior, d.reason AS prior_reason, d.deferred_until
         FROM input i LEFT JOIN LATERAL (
                SELECT decision, reason, deferred_until FROM notifier.decisions
                 WHERE rule = i.rule AND subject_key = i.subject_key ORDER BY id DESC LIMIT 1) AS d ON true),
     planned AS (
       INSERT INTO notifier.schedule
              (rule, subject_key, audience, class, customer_id, cancel_key, due_at, status, vars,
               trigger_event_id, trigger_position, policy_version, created_at, updated_at)
       SELECT rule, subject_key, audience, class, customer_id, cancel_key,
              CASE WHEN prior = 'deferred' THEN GREATEST(due_at, deferred_until) ELSE due_at END,
              CASE WHEN prior = 'sent' THEN 'sent'
                   WHEN prior = 'suppressed' AND prior_reason LIKE 'cancelled:%' THEN 'cancelled'
                   WHEN prior = 'suppressed' THEN 'suppressed'
                   ELSE status END,
              vars, trigger_event_id, trigger_position, policy_version, $2, $2
         FROM decided
       ON CONFLICT (rule, subject_key) DO NOTHING
       RETURNING rule, subject_key, status)
     INSERT INTO notifier.decisions
            (decision, reason, rule, customer_id, subject_key, channel, at, trigger_event_id, policy_version)
     SELECT 'suppressed', i.reason, i.rule, i.customer_id, i.subject_key, NULL, $2, i.trigger_event_id,
            i.policy_version
       FROM planned p JOIN decided i ON i.rule = p.rule AND i.subject_key = p.subject_key
      WHERE p.status <> 'pending' AND (i.prior IS NULL OR i.prior = 'deferred')`,
    [JSON.stringify(rows), now],
  );
}
