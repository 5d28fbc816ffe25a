import { ManualClock, type NotifierHandle, startNotifier } from '@aftersales/notifier';
import { PostgresKeyStore } from '@aftersales/privacy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../command-api/test/fixtures';
import { type Harness, startHarness } from '../../command-api/test/harness';
import { recordingChannel, silentLog, waitFor } from '../../notifier/test/support';

/**
 * The notifier follows the policy document while it runs: quiet hours changed through
 * `/v1/ops/policy` decide the next message, with no restart, and each decision names the
 * version that took it. The API and the notifier share one clock, set by the test.
 */
const T0 = '2026-06-01T12:00:00.000Z';
const clock = new ManualClock(T0);
const email = recordingChannel('email');
let h: Harness;
let notifier: NotifierHandle;

beforeAll(async () => {
  h = await startHarness({ now: () => clock.now(), withOps: true, followPolicyMs: 3_600_000 });
  notifier = await startNotifier({
    store: h.store,
    keys: new PostgresKeyStore(h.pool),
    pool: h.pool,
    log: silentLog,
    clock,
    channels: { email },
    policyRefreshMs: 50,
    dispatcher: { manual: true },
  });
});
afterAll(async () => {
  await notifier?.stop();
  await h?.close();
});

type Decision = { decision: string; reason: string; deferred_until: Date | null; policy_version: number };

/** The decisions of the shipment-delayed rule for one customer, once there are `count`. */
const delayDecisions = (customerId: string, count: number) =>
  waitFor(
    async () => {
      await notifier.runDue();
      const { rows } = await h.pool.query<Decision>(
        `SELECT decision, reason, deferred_until, policy_version FROM notifier.decisions
          WHERE customer_id = $1 AND rule = 'shipment-delayed' ORDER BY id`,
        [customerId],
      );
      return rows.length >= count ? rows : undefined;
    },
    20_000,
    `${count} shipment-delayed decisions`,
  );

/** The document in force now, as the API shows it. */
async function currentDocument(): Promise<Record<string, Record<string, unknown>>> {
  const shown = await h.send({ method: 'GET', url: '/v1/ops/policy', key: h.keys.ops });
  expect(shown.statusCode).toBe(200);
  return shown.json().document;
}

/** A customer in UTC with a shipped order, and a delay reported at `at`. */
async function delayedAt(at: string) {
  const id = ids();
  const post = (url: string, payload: object) => h.send({ method: 'POST', url, payload });
  expect((await post('/v1/customers', { ...registerBody(id.customerId), timezone: 'UTC' })).statusCode).toBe(
    201,
  );
  expect(
    (await post('/v1/orders', placeBody(id.orderId, id.customerId, '2026-05-28T09:00:00Z'))).statusCode,
  ).toBe(201);
  const shipped = await post(`/v1/orders/${id.orderId}/shipments`, {
    shipmentId: id.shipmentId,
    carrier: 'DHL',
    trackingNumber: 'JD0146000031',
    estimatedDeliveryAt: '2026-06-02T18:00:00Z',
    occurredAt: '2026-05-29T09:00:00Z',
  });
  expect(shipped.statusCode).toBe(200);
  const delayed = await post(`/v1/orders/${id.orderId}/delays`, {
    newEstimatedDeliveryAt: '2026-06-05T18:00:00Z',
    reason: 'storm',
    occurredAt: at,
  });
  expect(delayed.statusCode).toBe(200);
  return id;
}

describe('notification timing from the policy document', () => {
  it('a change of quiet hours through /v1/ops/policy decides the next message, without a restart', async () => {
    // 12:00 UTC is outside the default quiet hours (21:00–08:00): sent at once, by version 0.
    const before = await delayedAt(T0);
    const [first] = await delayDecisions(before.customerId, 1);
    expect(first).toMatchObject({ decision: 'sent', policy_version: 0 });

    // Quiet over lunch from now on: 11:00–14:00 in the customer's time zone.
    const document = await currentDocument();
    const changed = await h.send({
      method: 'PUT',
      url: '/v1/ops/policy',
      key: h.keys.ops,
      payload: {
        document: {
          ...document,
          notifications: { ...document.notifications, quietHours: { startHour: 11, endHour: 14 } },
        },
        reason: 'no messages over lunch',
      },
    });
    expect(changed.statusCode).toBe(200);
    const version = changed.json().version as number;
    expect(version).toBe(1);
    // The notifier reads the `policy` stream while it runs.
    await waitFor(async () => (notifier.policyVersion() === version ? true : undefined), 20_000, 'policy v1');

    clock.advance(60_000);
    const after = await delayedAt(clock.now().toISOString());
    const [next] = await delayDecisions(after.customerId, 1);
    expect(next).toMatchObject({ decision: 'deferred', reason: 'quiet-hours', policy_version: version });
    expect(next?.deferred_until?.toISOString()).toBe('2026-06-01T14:00:00.000Z');

    // At 14:00 the deferred message goes out, still decided by the version it was planned under.
    clock.set('2026-06-01T14:00:00.000Z');
    const decisions = await delayDecisions(after.customerId, 2);
    expect(decisions[1]).toMatchObject({ decision: 'sent', policy_version: version });
    expect(email.sent.filter((m) => m.rule === 'shipment-delayed')).toHaveLength(2);
  });

  it('refuses a notifications section that breaks the schema, and records nothing', async () => {
    const document = await currentDocument();
    const refused = await h.send({
      method: 'PUT',
      url: '/v1/ops/policy',
      key: h.keys.ops,
      payload: {
        document: {
          ...document,
          notifications: { ...document.notifications, quietHours: { startHour: 25, endHour: 8 } },
        },
        reason: 'typo',
      },
    });
    expect(refused.statusCode).toBe(400);
    // The API's one problem mapping: the failing path is in the list of errors.
    const problem = refused.json() as { code: string; errors?: { path: string }[] };
    expect(problem.code).toBe('invalid-request');
    expect(problem.errors?.map((e) => e.path).join(' ')).toContain('notifications/quietHours/startHour');
    const shown = await h.send({ method: 'GET', url: '/v1/ops/policy', key: h.keys.ops });
    expect(shown.json()).toMatchObject({ latestVersion: 1 });
  });
});
