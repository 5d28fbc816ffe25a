import type { NotificationRules } from '@aftersales/domain';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Channel, ChannelName, Channels, OutboundMessage } from '../channels/types';
import { type Clock, DAY_MS } from '../clock';
import { type PolicySource, timelineSource } from '../policy/follow';
import { notificationRules, ruleNamed } from '../rules/catalog';
import type { RecheckQueries, RuleDefinition, TemplateVars } from '../rules/types';
import { assemble, renderMessage } from '../templates/render';
import { supportAlert } from '../templates/texts';
import { type CustomerProfile, decide } from './policy';
import {
  type CustomerRow,
  countedCustomers,
  type DueRow,
  loadRecentSends,
  type Outcome,
  toCustomerProfile,
  writeOutcomes,
} from './store';

export type DispatcherOptions = Readonly<{
  pool: pg.Pool;
  clock: Clock;
  channels: Channels;
  log: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  /**
   * The policy's notification rules (quiet hours, the marketing cap, per-customer limits): a
   * message is decided by the version it was planned under, the one in force at its trigger.
   * Default: the built-in defaults.
   */
  policy?: PolicySource;
  /** Backoff for a message whose channel failed: it stays pending and is tried again. */
  channelRetry?: Readonly<{ baseDelayMs: number; maxDelayMs: number }>;
  /** Called with each batch's outcomes once they are committed (metrics). */
  onOutcomes?: (outcomes: readonly Outcome[]) => void;
}>;

type Send = Readonly<{ row: DueRow; channel: ChannelName; vars: TemplateVars; customer?: CustomerProfile }>;

/**
 * The scheduler loop: claims due rows with `FOR UPDATE SKIP LOCKED` (several notifier processes
 * can run side by side), applies consent, caps and quiet hours, sends, and records every
 * decision. Steps per batch, in one transaction:
 * 1. claim due rows, with their customers and whether the ledger has them; 2. lock the
 * customers whose caps or throttles count (two batches of one such customer must not
 * interleave); 3. decide each row; 4. send; 5. write outcomes, ledger and decisions.
 * A crash between 4 and 5 can repeat a send on restart (the transaction rolls back); messages
 * carry a stable key (`Message-ID`, `Idempotency-Key`) so receivers can recognise that repeat.
 */
export class Dispatcher {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly policy: PolicySource;
  private readonly retry: Readonly<{ baseDelayMs: number; maxDelayMs: number }>;
  /** Tries (with growing delays, about 45 minutes in all) before a message for an unknown customer is dropped. */
  private readonly unknownCustomerAttempts = 14;
  private stopped = true;
  private kicked = false;
  private lastBatchAt = Date.now();
  private failing = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: DispatcherOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.policy = options.policy ?? timelineSource();
    this.retry = options.channelRetry ?? { baseDelayMs: 5_000, maxDelayMs: 10 * 60_000 };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** For readiness: is the loop running, and when did a batch last succeed. */
  status(): Readonly<{ running: boolean; failing: boolean; lastBatchAt: number }> {
    return { running: !this.stopped, failing: this.failing, lastBatchAt: this.lastBatchAt };
  }

  /** Something may have fallen due (an at-once message was scheduled): look now. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** Processes everything due now; returns how many rows were handled. Tests call it directly. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.runOnce();
      total += handled;
      if (handled < this.batchSize) return total;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.kicked = false;
      let handled = 0;
      try {
        handled = await this.runOnce();
        failures = 0;
        this.lastBatchAt = Date.now();
        this.failing = false;
      } catch (err) {
        // Database outages must not end the loop for good: back off and try again.
        failures++;
        this.failing = true;
        this.options.log.error({ err, failures }, 'dispatcher batch failed');
        await this.sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
        continue;
      }
      if (handled >= this.batchSize || this.kicked) continue;
      await this.sleep(this.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
      if (this.kicked || this.stopped) done();
    });
  }

  async runOnce(): Promise<number> {
    const now = this.options.clock.now();
    const client = await this.options.pool.connect();
    try {
      // The claim walks the pending index in order. A plain index scan marks the entries of
      // rows that left 'pending' as dead, so later claims skip them; a bitmap scan (the
      // planner's pick without statistics) visits every one of them on every claim until a
      // vacuum, a cost that grew by the minute under load. Same round trip as BEGIN.
      await client.query('BEGIN; SET LOCAL enable_bitmapscan = off');
      const claimed = await claimDue(client, now, this.batchSize);
      const rows = claimed.map((c) => c.row);
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      // Caps and throttles are counts: two batches must not decide for one customer at once.
      // Only customers with such rows are locked; other rows are guarded by their row lock and
      // the ledger's unique key.
      const counted = countedCustomers(rows, limitedRules);
      if (counted.length > 0) {
        await client.query(
          `SELECT pg_advisory_xact_lock(hashtextextended('notifier.customer:' || c, 0))
             FROM (SELECT unnest($1::text[]) AS c ORDER BY 1) AS ids`,
          [counted],
        );
      }
      const customers = new Map<string, CustomerProfile>();
      for (const c of claimed) if (c.customer) customers.set(c.row.customerId, c.customer);
      const sentBefore = new Set(claimed.filter((c) => c.alreadySent).map((c) => c.row.id));
      const rulesOf = new Map(rows.map((row) => [row.id, this.rulesFor(row, now)]));
      const recent = await loadRecentSends(client, counted, now, lookbackOf(rows, rulesOf), limitedRules);
      const outcomes: Outcome[] = [];
      const sends: Send[] = [];
      const queries = recheckQueries(client);
      for (const row of rows) {
        const rule = ruleNamed(row.rule);
        if (!rule) {
          outcomes.push({ row, kind: 'suppress', reason: 'unknown-rule' });
          continue;
        }
        if (sentBefore.has(row.id)) {
          outcomes.push({ row, kind: 'suppress', reason: 'already-sent' });
          continue;
        }
        let vars = row.vars;
        if (rule.recheck) {
          const check = await rule.recheck(vars, queries);
          if ('suppress' in check) {
            outcomes.push({ row, kind: 'suppress', reason: check.suppress });
            continue;
          }
          if ('vars' in check) vars = check.vars;
        }
        const only = rule.channelOf?.(vars);
        if (only === null) {
          // Answered where the conversation is (chat, web, social): nothing for us to send.
          outcomes.push({ row, kind: 'suppress', reason: 'channel-not-ours' });
          continue;
        }
        const customer = customers.get(row.customerId);
        if (!customer && row.audience === 'customer' && row.attempts < this.unknownCustomerAttempts) {
          // A redelivery can bring the customer's registration after this message's trigger:
          // wait for it a while before giving up with 'unknown-customer'.
          outcomes.push({
            row,
            kind: 'retry',
            channel: null,
            until: new Date(now.getTime() + Math.min(5 * 60_000, 1_000 * 2 ** row.attempts)),
            error: 'customer not known yet',
            reason: 'awaiting-customer',
          });
          continue;
        }
        const notifications = rulesOf.get(row.id) as NotificationRules;
        const decision = decide({
          audience: row.audience,
          class: row.class,
          customer,
          now,
          channels: this.customerChannels(only),
          marketingSentRecently:
            row.class === 'marketing'
              ? recent.marketing(row.customerId, notifications.marketingCap.withinDays * DAY_MS)
              : 0,
          ruleLimitReached: this.limitReached(rule, row, recent, now, notifications),
          quietHours: notifications.quietHours,
          cap: {
            count: notifications.marketingCap.count,
            withinMs: notifications.marketingCap.withinDays * DAY_MS,
          },
        });
        if (decision.kind === 'suppress') outcomes.push({ row, kind: 'suppress', reason: decision.reason });
        else if (decision.kind === 'defer')
          outcomes.push({ row, kind: 'defer', until: decision.until, reason: decision.reason });
        else {
          sends.push({ row, channel: decision.channel, vars, customer });
          // Count it now, so a second marketing row of the same customer in this batch sees it.
          recent.record(row, now);
        }
      }
      outcomes.push(...(await this.sendAll(sends, now)));
      // Decisions carry the time they were taken, after the sends.
      await writeOutcomes(client, outcomes, this.options.clock.now());
      await client.query('COMMIT');
      this.options.onOutcomes?.(outcomes);
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * The notification rules a row is decided by: those of the version it was planned under; a
   * row planned before versions were recorded, or under a version this process has not read yet,
   * by the version in force now.
   */
  private rulesFor(row: DueRow, now: Date): NotificationRules {
    const planned = row.policyVersion === null ? undefined : this.policy.version(row.policyVersion);
    return (planned ?? this.policy.at(now.toISOString())).rules;
  }

  /** The configured customer channels, or only the one a rule names (none: `null`). */
  private customerChannels(only?: 'email' | 'sms' | null): ('email' | 'sms')[] {
    const list: ('email' | 'sms')[] = [];
    if (this.options.channels.email) list.push('email');
    if (this.options.channels.sms) list.push('sms');
    return only === undefined ? list : list.filter((channel) => channel === only);
  }

  private limitReached(
    rule: RuleDefinition,
    row: DueRow,
    recent: Awaited<ReturnType<typeof loadRecentSends>>,
    now: Date,
    notifications: NotificationRules,
  ): string | null {
    const limit = rule.perCustomerLimit?.(notifications);
    if (!limit) return null;
    return recent.ofRule(row.customerId, rule.name, now.getTime() - limit.withinMs) >= limit.count
      ? limit.reason
      : null;
  }

  private async sendAll(sends: readonly Send[], now: Date): Promise<Outcome[]> {
    const results = await Promise.all(
      sends.map(async (send): Promise<Outcome> => {
        const channel: Channel | undefined = this.options.channels[send.channel];
        // Only support alerts can get here without a configured channel.
        if (!channel) return { row: send.row, kind: 'suppress', reason: 'no-channel' };
        try {
          await channel.send(this.compose(send));
          return { row: send.row, kind: 'sent', channel: send.channel };
        } catch (err) {
          const delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** send.row.attempts);
          this.options.log.warn(
            { err, rule: send.row.rule, channel: send.channel, attempts: send.row.attempts + 1 },
            'channel failed, message stays pending',
          );
          return {
            row: send.row,
            kind: 'retry',
            channel: send.channel,
            until: new Date(now.getTime() + delay),
            error: err instanceof Error ? err.message : String(err),
            reason: 'channel-unavailable',
          };
        }
      }),
    );
    return results;
  }

  private compose(send: Send): OutboundMessage {
    const key = `${send.row.rule}:${send.row.subjectKey}`;
    if (send.channel === 'support') {
      const rendered = assemble('en', supportAlert(send.row.rule, send.vars));
      return { key, rule: send.row.rule, channel: 'support', to: 'support', ...rendered, data: send.vars };
    }
    const customer = send.customer as CustomerProfile;
    const rendered = renderMessage(send.row.rule as never, send.vars, customer);
    const to = (send.channel === 'email' ? customer.email : customer.phone) ?? '';
    return {
      key,
      rule: send.row.rule,
      channel: send.channel,
      to,
      language: rendered.language,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
    };
  }
}

/** How far back the batch's caps and per-customer limits look: the longest window among its rows. */
function lookbackOf(rows: readonly DueRow[], rulesOf: ReadonlyMap<string, NotificationRules>): number {
  let days = 0;
  for (const row of rows) {
    const rules = rulesOf.get(row.id);
    if (!rules) continue;
    days = Math.max(days, rules.marketingCap.withinDays, rules.feedbackRequest.perCustomer.withinDays);
  }
  return days * DAY_MS;
}

/** Rules whose per-customer limit needs the customer's recent sends. */
const limitedRules: ReadonlySet<string> = new Set(
  notificationRules.filter((r) => r.perCustomerLimit).map((r) => r.name),
);

type Claimed = Readonly<{ row: DueRow; customer: CustomerProfile | undefined; alreadySent: boolean }>;

/** The claim of `claimDue`; exported for the test that pins its plan. */
export const CLAIM_DUE_SQL = `WITH claimed AS (
       SELECT id, rule, subject_key, audience, class, customer_id, vars, trigger_event_id, attempts, due_at,
              policy_version
         FROM notifier.schedule
        WHERE status = 'pending' AND due_at <= $1
        ORDER BY due_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED)
     SELECT s.id, s.rule, s.subject_key, s.audience, s.class, s.customer_id, s.vars, s.trigger_event_id,
            s.attempts, s.policy_version, l.hit IS NOT NULL AS already_sent,
            (SELECT row_to_json(c) FROM (
               SELECT customer_id, name, email, phone, language, timezone, consents, forgotten
                 FROM notifier.customers WHERE customer_id = s.customer_id) AS c) AS customer
       FROM claimed s
       LEFT JOIN LATERAL (
         SELECT true AS hit FROM notifier.sent_ledger l
          WHERE l.rule = s.rule AND l.subject_key = s.subject_key
          LIMIT 1) AS l ON true
      ORDER BY s.due_at, s.id`;

/**
 * Claims due rows and, in the same round trip, reads what deciding them needs from outside
 * the caps: the customer and whether the ledger already has this rule and subject. Both are
 * lookups per claimed row. The ledger's is a LATERAL with LIMIT 1, which the planner can only
 * run as an index lookup: as an EXISTS it chose to hash the whole ledger on every claim once the
 * ledger had statistics, a cost that grew with every message ever sent (about 20 ms a claim at
 * 13,000 rows under the bench's load). A test pins the plan (`plans.int.test.ts`).
 */
async function claimDue(client: pg.PoolClient, now: Date, limit: number): Promise<Claimed[]> {
  const { rows } = await client.query<{
    id: string;
    rule: string;
    subject_key: string;
    audience: 'customer' | 'support';
    class: 'transactional' | 'marketing';
    customer_id: string;
    vars: TemplateVars;
    trigger_event_id: string;
    attempts: number;
    policy_version: number | null;
    already_sent: boolean;
    customer: CustomerRow | null;
  }>(CLAIM_DUE_SQL, [now, limit]);
  return rows.map((r) => ({
    row: {
      id: r.id,
      rule: r.rule,
      subjectKey: r.subject_key,
      audience: r.audience,
      class: r.class,
      customerId: r.customer_id,
      vars: r.vars,
      triggerEventId: r.trigger_event_id,
      attempts: r.attempts,
      policyVersion: r.policy_version,
    },
    customer: r.customer ? toCustomerProfile(r.customer) : undefined,
    alreadySent: r.already_sent,
  }));
}

function recheckQueries(client: pg.PoolClient): RecheckQueries {
  return {
    async lotRemaining(lotId) {
      const { rows } = await client.query<{ remaining: number; expires_at: Date }>(
        'SELECT remaining, expires_at FROM notifier.loyalty_lots WHERE lot_id = $1',
        [lotId],
      );
      const row = rows[0];
      return row ? { remaining: row.remaining, expiresAt: row.expires_at } : undefined;
    },
    async orderStatus(orderId) {
      const { rows } = await client.query<{ status: string }>(
        'SELECT status FROM notifier.orders WHERE order_id = $1',
        [orderId],
      );
      return rows[0]?.status;
    },
  };
}
