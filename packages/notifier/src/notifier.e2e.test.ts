import { createPostgresEventStore, type EventStore } from '@aftersales/event-store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, uniqueId } from '../../../test/support';
import {
  type OwnNats,
  type RoleProcess,
  type SmtpSink,
  spawnRole,
  startOwnNats,
  startSmtpSink,
  startWebhookSink,
  type WebhookSink,
} from '../test/servers';
import { allConsents, append, customerData, waitFor } from '../test/support';

/**
 * The relay and the notifier run as separate processes (`src/main.ts`) against a nats-server,
 * an SMTP server and a webhook server this test starts itself; the test writes events into the
 * Postgres store directly and kills processes with SIGKILL mid-flow.
 */

// The system clock runs here: pick a zone where it is daytime now, outside quiet hours.
const daytimeZone = (() => {
  const zones = [
    'Asia/Tehran',
    'Europe/London',
    'America/New_York',
    'Asia/Tokyo',
    'America/Los_Angeles',
    'Pacific/Auckland',
  ];
  const hour = (zone: string) =>
    Number(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(
        new Date(),
      ),
    );
  return zones.find((zone) => hour(zone) >= 9 && hour(zone) < 19) ?? 'Asia/Tehran';
})();

let db: TestDatabase;
let pool: pg.Pool;
let store: EventStore;
let nats: OwnNats;
let smtp: SmtpSink;
let hooks: WebhookSink;
let relay: RoleProcess;
let notifier: RoleProcess;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase('notifier_e2e');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  store = await createPostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
  [nats, smtp, hooks] = await Promise.all([startOwnNats(), startSmtpSink(), startWebhookSink()]);
  const id = uniqueId().replace(/[^a-z0-9]/gi, '');
  env = {
    DATABASE_URL: db.url,
    NATS_URL: nats.url,
    NOTIFIER_STREAM: `E2E_${id}`.toUpperCase(),
    NOTIFIER_SUBJECT_PREFIX: `e2e${id}`,
    NOTIFIER_DURABLE: 'notifier',
    // Short ack wait so messages a killed notifier held come back quickly.
    NOTIFIER_BACKOFF_MS: '2000,4000,8000',
    SMTP_URL: smtp.url,
    SMS_WEBHOOK_URL: hooks.url('/sms'),
    SUPPORT_WEBHOOK_URL: hooks.url('/support'),
  };
  relay = await spawnRole('relay', env);
  notifier = await spawnRole('notifier', env);
});

afterAll(async () => {
  await relay?.kill();
  await notifier?.kill();
  await store?.close();
  await pool?.end();
  await Promise.all([nats?.close(), smtp?.close(), hooks?.close()]);
  await db?.drop();
});

const now = () => new Date().toISOString();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function shipAndDelay(customerId: string): Promise<{ orderId: string; newEstimate: string }> {
  const orderId = uniqueId('o');
  const stream = `order-${orderId}`;
  const estimate = inDays(1);
  const newEstimate = inDays(4);
  await append(
    store,
    stream,
    'OrderShipped',
    {
      orderId,
      customerId,
      shipmentId: 's',
      carrier: 'Post',
      trackingNumber: 'T',
      estimatedDeliveryAt: estimate,
      shippedAt: now(),
    },
    now(),
  );
  await append(
    store,
    stream,
    'ShipmentDelayed',
    {
      orderId,
      customerId,
      shipmentId: 's',
      previousEstimatedDeliveryAt: estimate,
      newEstimatedDeliveryAt: newEstimate,
      reason: 'weather',
      delayedAt: now(),
    },
    now(),
  );
  return { orderId, newEstimate };
}

const register = (customerId: string, overrides: Parameters<typeof customerData>[1]) =>
  append(store, `customer-${customerId}`, 'CustomerRegistered', customerData(customerId, overrides), now());

describe('notifier end to end', () => {
  it('a delayed shipment reaches a real SMTP server in Persian, right-to-left; SMS and support webhooks fire', async () => {
    const persian = uniqueId('c');
    const arabic = uniqueId('c');
    await register(persian, { language: 'fa', timezone: daytimeZone });
    await register(arabic, {
      language: 'ar',
      timezone: daytimeZone,
      consents: { email: { transactional: false, marketing: false }, sms: allConsents.sms },
    });
    const fa = await shipAndDelay(persian);
    const arabicOrder = await shipAndDelay(arabic);
    const feedbackId = uniqueId('f');
    await append(
      store,
      `feedback-order-${fa.orderId}`,
      'FeedbackSubmitted',
      {
        feedbackId,
        customerId: persian,
        subject: { type: 'order', id: fa.orderId },
        csat: 1,
        nps: 2,
        submittedAt: now(),
      },
      now(),
    );

    const mail = await waitFor(
      async () => smtp.mails.find((m) => m.subject?.includes(fa.orderId)),
      30_000,
      'the Persian mail',
    );
    expect(mail.html).toContain('<html dir="rtl" lang="fa">');
    expect(mail.subject).toContain('تأخیر');
    const expectedDate = new Intl.DateTimeFormat('fa-IR-u-ca-persian', {
      dateStyle: 'long',
      timeZone: daytimeZone,
    }).format(new Date(fa.newEstimate));
    expect(mail.text).toContain(expectedDate);
    expect(mail.headers.get('content-language')).toBe('fa');
    expect(mail.messageId).toContain('shipment-delayed');

    const sms = await waitFor(
      async () => hooks.hits.find((h) => h.path === '/sms' && h.body.language === 'ar'),
      30_000,
      'the Arabic SMS',
    );
    expect(String(sms.body.text)).toMatch(/[٠-٩]/);
    // Only the order id may carry Latin digits; the dates are in Arabic-Indic digits.
    expect(String(sms.body.text).replaceAll(arabicOrder.orderId, '')).not.toMatch(/[0-9]/);

    const alert = await waitFor(
      async () =>
        hooks.hits.find(
          (h) => h.path === '/support' && (h.body.data as { feedbackId?: string })?.feedbackId === feedbackId,
        ),
      30_000,
      'the support alert',
    );
    expect(alert.headers['idempotency-key']).toBe(`low-score-escalation:${feedbackId}:support`);
    expect((alert.body.data as { csat: number }).csat).toBe(1);
    const apology = await waitFor(
      async () =>
        smtp.mails.find((m) =>
          m.messageId?.includes(encodeURIComponent(`low-score-escalation:${feedbackId}`)),
        ),
      30_000,
      'the apology',
    );
    expect(apology.html).toContain('dir="rtl"');
  });

  it('SIGKILL of relay and notifier and a nats-server restart mid-flow: nothing lost, nothing doubled', async () => {
    const total = 120;
    const customers = Array.from({ length: total }, () => uniqueId('k'));
    const orders: string[] = [];
    const writer = (async () => {
      for (const [i, customerId] of customers.entries()) {
        await register(customerId, { language: 'en', timezone: daytimeZone });
        orders.push((await shipAndDelay(customerId)).orderId);
        if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const progress = () => orders.length;
    const when = async (count: number) =>
      waitFor(async () => (progress() >= count ? true : undefined), 60_000);

    await when(total * 0.2);
    await relay.kill();
    relay = await spawnRole('relay', env);

    await when(total * 0.45);
    await notifier.kill();
    notifier = await spawnRole('notifier', env);

    await when(total * 0.7);
    await nats.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await nats.start();

    await writer;
    const expected = new Set(orders.map((orderId) => `shipment-delayed:${orderId}`));
    const keyOf = (messageId: string | undefined) => {
      const inner = decodeURIComponent((messageId ?? '').replace(/^<|@.*$/g, ''));
      return inner.split(':').slice(0, 2).join(':');
    };
    const delivered = () => smtp.mails.filter((m) => expected.has(keyOf(m.messageId)));
    await waitFor(
      async () => (new Set(delivered().map((m) => keyOf(m.messageId))).size >= total ? true : undefined),
      90_000,
      'every delayed-shipment mail',
    ).catch(async (err) => {
      const { rows } = await pool.query(
        `SELECT (SELECT count(*) FROM notifier.processed_events) AS processed,
                (SELECT position FROM notifier.relay_checkpoints LIMIT 1) AS checkpoint,
                (SELECT count(*) FROM notifier.schedule WHERE status = 'pending' AND rule = 'shipment-delayed') AS pending`,
      );
      console.error(
        'diagnostics',
        rows[0],
        'delivered',
        new Set(delivered().map((m) => keyOf(m.messageId))).size,
      );
      throw err;
    });

    // Nothing lost: every order's mail arrived.
    const keys = delivered().map((m) => keyOf(m.messageId));
    expect(new Set(keys).size).toBe(total);
    // Nothing doubled in the notifier's records: one ledger row and one 'sent' decision each.
    // (A mail arrives just before its batch commits, so wait for the records to settle.)
    const records = async () =>
      (
        await pool.query<{ sent: number; ledger: number }>(
          `SELECT (SELECT count(*)::int FROM notifier.decisions WHERE rule = 'shipment-delayed' AND decision = 'sent'
                     AND subject_key LIKE ANY($1)) AS sent,
                  (SELECT count(*)::int FROM notifier.sent_ledger WHERE rule = 'shipment-delayed'
                     AND subject_key LIKE ANY($1)) AS ledger`,
          [orders.map((o) => `${o}:%`)],
        )
      ).rows;
    const rows = await waitFor(
      async () => {
        const current = await records();
        return (current[0]?.ledger ?? 0) >= total ? current : undefined;
      },
      30_000,
      'the sent-ledger to settle',
    );
    expect(rows[0]).toEqual({ sent: total, ledger: total });
    // Nothing doubled at the SMTP server. The one repeat SMTP allows is a send whose commit a
    // SIGKILL cut off; it would carry the same Message-ID. Report it rather than hide it.
    const settledKeys = delivered().map((m) => keyOf(m.messageId));
    const repeats = settledKeys.length - new Set(settledKeys).size;
    if (repeats > 0) console.warn(`SMTP received ${repeats} repeated Message-ID(s) after the SIGKILL`);
    expect(repeats).toBeLessThanOrEqual(1);
    const { rows: processed } = await pool.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM notifier.processed_events',
    );
    expect(processed[0]?.n).toBe(processed[0]?.distinct);
  });
});
