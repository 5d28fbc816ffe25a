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

const LOOKBACK_MS = 31 * 24 * 60 * 60 * 1000;

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
  capWindowMs: number,
  limitedRules: ReadonlySet<string>,
) {
  const since = new Date(now.getTime() - Math.max(LOOKBACK_MS, capWindowMs));
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
  const capSince = now.getTime() - capWindowMs;
  return {
    marketing: (customerId: string) =>
      (ledger.get(customerId) ?? []).filter((l) => l.class === 'marketing' && l.at > capSince).length,
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
  const update = { id: [] as string[], status: [] as string[], dueAt: [] as (Date | null)[] };
  const attempts: number[] = [];
  const errors: (string | null)[] = [];
  const decisions = {
    decision: [] as string[],
    reason: [] as string[],
    rule: [] as string[],
    customer: [] as string[],
    subject: [] as string[],
    channel: [] as (string | null)[],
    trigger: [] as string[],
    until: [] as (Date | null)[],
  };
  const ledger = {
    rule: [] as string[],
    subject: [] as string[],
    customer: [] as string[],
    cls: [] as string[],
    channel: [] as string[],
  };
  const decide = (
    o: Outcome,
    decision: string,
    reason: string,
    channel: string | null,
    until: Date | null,
  ) => {
    decisions.decision.push(decision);
    decisions.reason.push(reason);
    decisions.rule.push(o.row.rule);
    decisions.customer.push(o.row.customerId);
    decisions.subject.push(o.row.subjectKey);
    decisions.channel.push(channel);
    decisions.trigger.push(o.row.triggerEventId);
    decisions.until.push(until);
  };
  for (const o of outcomes) {
    update.id.push(o.row.id);
    switch (o.kind) {
      case 'sent':
        update.status.push('sent');
        update.dueAt.push(null);
        attempts.push(o.row.attempts + 1);
        errors.push(null);
        decide(o, 'sent', 'sent', o.channel, null);
        ledger.rule.push(o.row.rule);
        ledger.subject.push(o.row.subjectKey);
        ledger.customer.push(o.row.customerId);
        ledger.cls.push(o.row.audience === 'support' ? 'support' : o.row.class);
        ledger.channel.push(o.channel);
        break;
      case 'suppress':
        update.status.push('suppressed');
        update.dueAt.push(null);
        attempts.push(o.row.attempts);
        errors.push(null);
        decide(o, 'suppressed', o.reason, null, null);
        break;
      case 'defer':
        update.status.push('pending');
        update.dueAt.push(o.until);
        attempts.push(o.row.attempts);
        errors.push(null);
        decide(o, 'deferred', o.reason, null, o.until);
        break;
      case 'retry':
        update.status.push('pending');
        update.dueAt.push(o.until);
        attempts.push(o.row.attempts + 1);
        errors.push(o.error);
        // One decision row per outage, not one per retry.
        if (o.row.attempts === 0) decide(o, 'deferred', o.reason, o.channel, o.until);
        break;
      default: {
        const _exhaustive: never = o;
        return _exhaustive;
      }
    }
  }
  // One round trip: the three writes as data-modifying CTEs of one statement.
  await client.query(
    `WITH updated AS (
       UPDATE notifier.schedule AS s
          SET status = u.status, due_at = COALESCE(u.due_at, s.due_at), attempts = u.attempts,
              last_error = u.last_error, updated_at = $6
         FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::int[], $5::text[])
              AS u(id, status, due_at, attempts, last_error)
        WHERE s.id = u.id),
     ledger AS (
       INSERT INTO notifier.sent_ledger (rule, subject_key, customer_id, class, channel, sent_at)
       SELECT rule, subject_key, customer_id, class, channel, $6
         FROM unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
              AS t(rule, subject_key, customer_id, class, channel)
       ON CONFLICT (rule, subject_key) DO NOTHING)
     INSERT INTO notifier.decisions
            (decision, reason, rule, customer_id, subject_key, channel, trigger_event_id, deferred_until, at)
     SELECT d.decision, d.reason, d.rule, d.customer_id, d.subject_key, d.channel, d.trigger_event_id, d.until, $6
       FROM unnest($12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[],
                   $19::timestamptz[])
            AS d(decision, reason, rule, customer_id, subject_key, channel, trigger_event_id, until)`,
    [
      update.id,
      update.status,
      update.dueAt,
      attempts,
      errors,
      now,
      ledger.rule,
      ledger.subject,
      ledger.customer,
      ledger.cls,
      ledger.channel,
      decisions.decision,
      decisions.reason,
      decisions.rule,
      decisions.customer,
      decisions.subject,
      decisions.channel,
      decisions.trigger,
      decisions.until,
    ],
  );
}
