import { defaultRules } from '@aftersales/domain';
import { LivePolicy } from '@aftersales/ops';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';
import { buildApp } from '../app';
import { ApiMetrics } from '../observability/metrics';

// The API's clock is this variable: a policy change is made "now"; commands carry occurredAt.
// The tests run in order on one `policy` stream: each adds a version on top of the last.
let clock = new Date('2026-03-01T00:00:00.000Z');
let h: Harness;
beforeAll(async () => {
  // A refresh slower than the test: this process sees its own changes at once, not by polling.
  h = await startHarness({ now: () => clock, withOps: true, followPolicyMs: 3_600_000 });
});
afterAll(async () => h?.close());

type Send = (url: string, payload: object) => ReturnType<Harness['send']>;
const post: Send = (url, payload) => h.send({ method: 'POST', url, payload });
const asOps = (method: 'GET' | 'PUT', url: string, payload?: object) =>
  h.send({ method, url, key: h.keys.ops, ...(payload ? { payload } : {}) });
const windowOf = (days: number) => ({
  ...defaultRules,
  returns: { windowDays: days, windowDaysByCategory: {} },
});
const DAY = 86_400_000;
const plusDays = (instant: string, days: number) => new Date(Date.parse(instant) + days * DAY).toISOString();

/** A registered customer with the fixtures' EUR order, delivered at `deliveredAt`. */
async function orderDeliveredAt(deliveredAt: string) {
  const id = ids();
  expect((await post('/v1/customers', registerBody(id.customerId))).statusCode).toBe(201);
  const placedAt = plusDays(deliveredAt, -2);
  expect((await post('/v1/orders', placeBody(id.orderId, id.customerId, placedAt))).statusCode).toBe(201);
  const shipped = await post(`/v1/orders/${id.orderId}/shipments`, {
    shipmentId: id.shipmentId,
    carrier: 'DHL',
    trackingNumber: 'JD0146000031',
    estimatedDeliveryAt: deliveredAt,
    occurredAt: plusDays(deliveredAt, -1),
  });
  expect(shipped.statusCode).toBe(200);
  expect((await post(`/v1/orders/${id.orderId}/delivery`, { occurredAt: deliveredAt })).statusCode).toBe(200);
  return id;
}
const requestReturn = (id: ReturnType<typeof ids>, occurredAt: string, send: Send = post) =>
  send('/v1/returns', {
    returnId: id.returnId,
    orderId: id.orderId,
    items: [{ lineNo: 2, qty: 1, reason: 'damaged' }],
    resolution: 'refund',
    occurredAt,
  });
const metadataOf = async (stream: string) =>
  (await h.store.readStream(stream)).map((e) => ({ type: e.type, policyVersion: e.metadata.policyVersion }));

describe('the policy document at run time', () => {
  it('refuses an invalid document or a backdated change with problem+json, and changes nothing', async () => {
    const invalid = await asOps('PUT', '/v1/ops/policy', {
      document: { ...defaultRules, returns: { windowDays: -3, windowDaysByCategory: {} } },
      reason: 'typo',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect(invalid.json()).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(JSON.stringify(invalid.json().errors)).toContain('windowDays');

    const backdated = await asOps('PUT', '/v1/ops/policy', {
      document: windowOf(10),
      effectiveFrom: '2026-02-01T00:00:00Z',
      reason: 'backdated',
    });
    expect(backdated.statusCode).toBe(400);
    expect(backdated.json()).toMatchObject({ code: 'policy-effective-in-past' });

    const unauthorised = await h.send({
      method: 'PUT',
      url: '/v1/ops/policy',
      payload: { document: windowOf(10), reason: 'not an operator' },
    });
    expect(unauthorised.statusCode).toBe(403);

    expect((await asOps('GET', '/v1/ops/policy/history')).json()).toEqual({ versions: [] });
    expect(await h.store.readStream('policy')).toEqual([]);
    const shown = (await asOps('GET', '/v1/ops/policy')).json();
    expect(shown).toMatchObject({ version: 0, latestVersion: 0, document: { returns: { windowDays: 30 } } });
  });

  it('decides by the rule in force at delivery: before the effective instant the old one', async () => {
    // v1: a 10-day window from 10 March (recorded on 1 March).
    const change = {
      document: windowOf(10),
      effectiveFrom: '2026-03-10T00:00:00Z',
      reason: 'shorter returns',
    };
    const set = await asOps('PUT', '/v1/ops/policy', change);
    expect(set.json()).toEqual({ version: 1, recorded: true, effectiveFrom: '2026-03-10T00:00:00.000Z' });
    // The same change again (a retried PUT) records nothing.
    expect((await asOps('PUT', '/v1/ops/policy', change)).json()).toMatchObject({
      version: 1,
      recorded: false,
    });

    const before = await orderDeliveredAt('2026-03-05T12:00:00.000Z');
    const after = await orderDeliveredAt('2026-03-12T12:00:00.000Z');
    // On 25 March: delivered 5 March under v0 (30 days, closes 4 April) → accepted; delivered
    // 12 March under v1 (10 days, closed 22 March) → refused.
    expect((await requestReturn(before, '2026-03-25T09:00:00.000Z')).statusCode).toBe(201);
    const late = await requestReturn(after, '2026-03-25T09:00:00.000Z');
    expect(late.statusCode).toBeGreaterThanOrEqual(400);
    expect(late.statusCode).toBeLessThan(500);
    expect(late.json()).toMatchObject({
      code: 'return-window-closed',
      details: { closesAt: '2026-03-22T12:00:00.000Z' },
    });

    // Which version decided what: the delivery under v0 and v1; the request names the window's.
    expect(await metadataOf(`order-${before.orderId}`)).toContainEqual({
      type: 'OrderDelivered',
      policyVersion: 0,
    });
    expect(await metadataOf(`order-${after.orderId}`)).toContainEqual({
      type: 'OrderDelivered',
      policyVersion: 1,
    });
    const [requested] = await h.store.readStream(`return-${before.returnId}`);
    expect(requested?.data).toMatchObject({ policyVersion: 0 });
    expect(requested?.metadata.policyVersion).toBe(1);

    const timeline = await asOps(
      'GET',
      `/v1/ops/customers/${before.customerId}/timeline?asOf=2026-03-26T00:00:00Z`,
    );
    expect(timeline.json()).toMatchObject({
      policyVersion: 1,
      // Placed and delivered under v0; the return's reservation on 25 March under v1.
      orders: [{ decidedByPolicy: [0, 1] }],
      returns: [{ decidedByPolicy: [1] }],
    });

    const at = (asOf: string) => asOps('GET', `/v1/ops/policy?asOf=${asOf}`).then((r) => r.json());
    expect(await at('2026-03-09T23:59:59Z')).toMatchObject({ version: 0, latestVersion: 1 });
    expect(await at('2026-03-10T00:00:00Z')).toMatchObject({
      version: 1,
      effectiveFrom: '2026-03-10T00:00:00.000Z',
      document: { returns: { windowDays: 10 } },
    });
    const history = (await asOps('GET', '/v1/ops/policy/history')).json();
    expect(history.versions).toEqual([
      {
        version: 1,
        effectiveFrom: '2026-03-10T00:00:00.000Z',
        author: expect.stringMatching(/^ops-/),
        reason: 'shorter returns',
        changedAt: '2026-03-01T00:00:00.000Z',
      },
    ]);
  });

  it('takes a change through the API at once in this process, and in another running one by following the stream', async () => {
    const replicaPolicy = new LivePolicy(h.store, { refreshMs: 50 });
    await replicaPolicy.start();
    const replica: FastifyInstance = await buildApp({
      store: h.store,
      pool: h.pool,
      policy: replicaPolicy,
      logger: false,
      metrics: new ApiMetrics(false),
      now: () => clock,
      config: { rateLimitPerMinute: 1_000_000, maxEventLoopDelayMs: 0 },
    });
    const onReplica: Send = (url, payload) =>
      replica.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${h.keys.writer}` } });
    try {
      expect(replicaPolicy.timeline.at(-1)?.version).toBe(1);
      clock = new Date('2026-04-01T00:00:00.000Z');
      // v2: 5 days, at once. Under v1 (10 days) a request 7 days after delivery would be accepted.
      const set = await asOps('PUT', '/v1/ops/policy', { document: windowOf(5), reason: 'peak season' });
      expect(set.json()).toMatchObject({
        version: 2,
        recorded: true,
        effectiveFrom: '2026-04-01T00:00:00.000Z',
      });
      const here = await orderDeliveredAt('2026-04-02T10:00:00.000Z');
      const there = await orderDeliveredAt('2026-04-02T10:00:00.000Z');

      const refusedHere = await requestReturn(here, '2026-04-09T10:00:00.000Z');
      expect(refusedHere.json()).toMatchObject({ code: 'return-window-closed' });

      await vi.waitFor(() => expect(replicaPolicy.timeline.at(-1)?.version).toBe(2), { timeout: 10_000 });
      const refusedThere = await requestReturn(there, '2026-04-09T10:00:00.000Z', onReplica);
      expect(refusedThere.json()).toMatchObject({
        code: 'return-window-closed',
        details: { closesAt: '2026-04-07T10:00:00.000Z' },
      });
      // Within the new window, both accept.
      const inTime = await orderDeliveredAt('2026-04-02T10:00:00.000Z');
      expect((await requestReturn(inTime, '2026-04-06T10:00:00.000Z', onReplica)).statusCode).toBe(201);
    } finally {
      replicaPolicy.stop();
      await replica.close();
    }
  });

  it('keeps the reporting calendar as a section of the document: a zone no one knows is a 400 that changes nothing', async () => {
    const before = (await asOps('GET', '/v1/ops/policy/history')).json().versions.length;
    const current = (await asOps('GET', '/v1/ops/policy')).json();
    // A document written before the section existed reports in UTC Gregorian.
    expect(current.document.reporting).toEqual({ timezone: 'UTC', calendar: 'gregorian' });
    const refused = await asOps('PUT', '/v1/ops/policy', {
      document: { ...current.document, reporting: { timezone: 'Asia/Atlantis', calendar: 'persian' } },
      reason: 'typo',
    });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json().errors)).toContain('document/reporting/timezone');
    expect((await asOps('GET', '/v1/ops/policy/history')).json().versions).toHaveLength(before);

    const tehran = { timezone: 'Asia/Tehran', calendar: 'persian' };
    const set = await asOps('PUT', '/v1/ops/policy', {
      document: { ...current.document, reporting: tehran },
      reason: 'report in the Solar Hijri calendar',
    });
    expect(set.json()).toMatchObject({ version: before + 1, recorded: true });
    const shown = (await asOps('GET', '/v1/ops/policy')).json();
    expect(shown.document.reporting).toEqual(tehran);
    expect(shown.document.returns).toEqual(current.document.returns);
  });
});
