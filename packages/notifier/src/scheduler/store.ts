import type { Language } from '@aftersales/domain';
import type pg from 'pg';
import type { ChannelName } from '../channels/types';
import type { Audience, MessageClass, TemplateVars } from '../rules/types';
import type { CustomerProfile } from './policy';

/** A schedule row that fell due and is locked by the current batch. */
export type DueRow = Readonly<{
  id: string;
  rule: string;
  subjectKey: string;
  audience: Audience;
  class: MessageClass;
  customerId: string;
  vars: TemplateVars;
  triggerEventId: string;
  attempts: number;
  /** The policy version in force at the trigger (null: planned before versions were recorded). */
  policyVersion: number | null;
}>;

export type Outcome =
  | Readonly<{ row: DueRow; kind: 'sent'; channel: ChannelName }>
  | Readonly<{ row: DueRow; kind: 'suppress'; reason: string }>
  | Readonly<{ row: DueRow; kind: 'defer'; until: Date; reason: string }>
  | Readonly<{
      row: DueRow;
      kind: 'retry';
      channel: ChannelName | null;
      until: Date;
      error: string;
      reason: string;
    }>;

/** A `notifier.customers` row as the dispatcher reads it. */
export type CustomerRow = Readonly<{
  customer_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: Language;
  timezone: string;
  consents: CustomerProfile['consents'];
  forgotten: boolean;
}>;

export function toCustomerProfile(r: CustomerRow): CustomerProfile {
  return {
    customerId: r.customer_id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    language: r.language,
    timezone: r.timezone,
    consents: r.consents,
    forgotten: r.forgotten,
  };
}

/**
 * The customers of a batch whose recent sends count towards a decision: those with a marketing
 * row (the cap) or a row of a rule with a per-customer limit (`limitedRules`, the throttle).
 */
export function countedCustomers(rows: readonly DueRow[], limitedRules: ReadonlySet<string>): string[] {
  const ids = rows
    .filter((r) => r.class === 'marketing' || limitedRules.has(r.rule))
    .map((r) => r.customerId);
  return [...new Set(ids)].sort();
}

/**
 * For caps and throttles: the recent sends of the `counted` customers (read after their lock).
 * Only those sends are read: the rest of a customer's history does not count towards anything,
 * and reading it made every batch slower as the ledger grew.
 */
export async function loadRecentSends(
  client: pg.PoolClient,
  counted: readonly string[],
  now: Date,
  /** The longest window any of the batch's caps and limits looks back over. */
  lookbackMs: number,
  limitedRules: ReadonlySet<string>,
) {
  const since = new Date(now.getTime() - lookbackMs);
  const recent =
    counted.length === 0
      ? { rows: [] }
      : await client.query<{ customer_id: string; rule: string; class: MessageClass; sent_at: Date }>(
          `SELECT customer_id, rule, class, sent_at FROM notifier.sent_ledger
            WHERE customer_id = ANY($1) AND sent_at > $2 AND (class = 'marketing' OR rule = ANY($3))`,
          [counted, since, [...limitedRules]],
        );
  type Sent = { rule: string; class: string; at: number };
  const ledger = new Map<string, Sent[]>();
  const add = (customerId: string, entry: Sent) => {
    const list = ledger.get(customerId);
    if (list) list.push(entry);
    else ledger.set(customerId, [entry]);
  };
  for (const r of recent.rows) add(r.customer_id, { rule: r.rule, class: r.class, at: r.sent_at.getTime() });
  return {
    marketing: (customerId: string, withinMs: number) =>
      (ledger.get(customerId) ?? []).filter((l) => l.class === 'marketing' && l.at > now.getTime() - withinMs)
        .length,
    ofRule: (customerId: string, rule: string, sinceMs: number) =>
      (ledger.get(customerId) ?? []).filter((l) => l.rule === rule && l.at > sinceMs).length,
    record: (row: DueRow, at: Date) =>
      add(row.customerId, { rule: row.rule, class: row.class, at: at.getTime() }),
  };
}

/** Writes a batch's outcomes: schedule rows, the ledger, the decisions. */
export async function writeOutcomes(
  client: pg.PoolClient,
  outcomes: readonly Outcome[],
  now: Date,
): Promise<void> {
  if (outcomes.length === 0) return;
  type Update = {
    id: string;
    status: string;
    due_at: Date | null;
    attempts: number;
    last_error: string | null;
  };
  type Decision = {
    decision: string;
    reason: string;
    rule: string;
    customer_id: string;
    subject_key: string;
    channel: string | null;
    trigger_event_id: string;
    deferred_until: Date | null;
    policy_version: number | null;
  };
  type Sent = { rule: string; subject_key: string; customer_id: string; class: string; channel: string };
  const updates: Update[] = [];
  const decisions: Decision[] = [];
  const ledger: Sent[] = [];
  const decide = (
    o: Outcome,
    decision: string,
    reason: string,
    channel: string | null,
    until: Date | null,
  ) => {
    decisions.push({
      decision,
      reason,
      rule: o.row.rule,
      customer_id: o.row.customerId,
      subject_key: o.row.subjectKey,
      channel,
      trigger_event_id: o.row.triggerEventId,
      deferred_until: until,
      policy_version: o.row.policyVersion,
    });
  };
  const update = (o: Outcome, status: string, dueAt: Date | null, attempts: number, error: string | null) =>
    updates.push({ id: o.row.id, status, due_at: dueAt, attempts, last_error: error });
  for (const o of outcomes) {
    switch (o.kind) {
      case 'sent':
        update(o, 'sent', null, o.row.attempts + 1, null);
        decide(o, 'sent', 'sent', o.channel, null);
        ledger.push({
          rule: o.row.rule,
          subject_key: o.row.subjectKey,
          customer_id: o.row.customerId,
          class: o.row.audience === 'support' ? 'support' : o.row.class,
          channel: o.channel,
        });
        break;
      case 'suppress':
        update(o, 'suppressed', null, o.row.attempts, null);
        decide(o, 'suppressed', o.reason, null, null);
        break;
      case 'defer':
        update(o, 'pending', o.until, o.row.attempts, null);
        decide(o, 'deferred', o.reason, null, o.until);
        break;
      case 'retry':
        update(o, 'pending', o.until, o.row.attempts + 1, o.error);
        // One decision row per outage, not one per retry.
        if (o.row.attempts === 0) decide(o, 'deferred', o.reason, o.channel, o.until);
        break;
      default: {
        const _exhaustive: never = o;
        return _exhaustive;
      }
    }
  }
  await client.query(OUTCOMES_SQL, [
    updates.map((u) => u.id),
    updates.map((u) => u.status),
    updates.map((u) => u.due_at),
    updates.map((u) => u.attempts),
    updates.map((u) => u.last_error),
    JSON.stringify(ledger),
    JSON.stringify(decisions),
    now,
  ]);
}

/**
 * One round trip: the three writes as data-modifying CTEs of one statement. The new ledger and
 * decision rows are one JSON parameter each (one native JSON.stringify, not the driver escaping an
 * array per column). The schedule rows to update come as arrays: the planner knows how many rows
 * an unnest gives, never a JSON document's (it guesses 100), and with the ids in a document it
 * would hash-join the whole schedule instead of looking each id up (`outcomes-plan.int.test.ts`).
 */
export const OUTCOMES_SQL = `WITH updated AS (
       UPDATE notifier.schedule AS s
          SET status = u.status, due_at = COALESCE(u.due_at, s.due_at), attempts = u.attempts,
              last_error = u.last_error, updated_at = $8
         FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::int[], $5::text[])
              AS u(id, status, due_at, attempts, last_error)
        WHERE s.id = u.id),
     ledger AS (
       INSERT INTO notifier.sent_ledger (rule, subject_key, customer_id, class, channel, sent_at)
       SELECT rule, subject_key, customer_id, class, channel, $8
         FROM json_to_recordset($6::json)
              AS t(rule text, subject_key text, customer_id text, class text, channel text)
       ON CONFLICT (rule, subject_key) DO NOTHING)
     INSERT INTO notifier.decisions
            (decision, reason, rule, customer_id, subject_key, channel, trigger_event_id, deferred_until,
             policy_version, at)
     SELECT d.decision, d.reason, d.rule, d.customer_id, d.subject_key, d.channel, d.trigger_event_id,
            d.deferred_until, d.policy_version, $8
       FROM json_to_recordset($7::json)
            AS d(decision text, reason text, rule text, customer_id text, subject_key text, channel text,
                 trigger_event_id text, deferred_until timestamptz, policy_version integer)`;
