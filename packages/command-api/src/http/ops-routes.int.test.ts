import { opsRoutes } from '@aftersales/ops';
import fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { opsFixture, placeOrder, recordedActions, registerCustomer } from '../../../ops/test/fixtures';
import { createProblemSender, errorsPlugin } from './errors-plugin';

/** The operations' routes as the command API mounts them: their errors through its one problem mapping. */
describe('opsRoutes over HTTP (inject)', () => {
  let fx: Awaited<ReturnType<typeof opsFixture>>;
  let app: FastifyInstance;
  const customerId = uniqueId('c-');
  const orderId = uniqueId('o-');

  beforeAll(async () => {
    fx = await opsFixture('ops_http');
    await registerCustomer(fx.store, customerId, { name: 'Rana Aziz', email: `${customerId}@example.com` });
    await placeOrder(fx.store, orderId, customerId);
    await fx.settle();
    app = fastify();
    await app.register(errorsPlugin, { send: createProblemSender({ retryAfterSeconds: 1 }) });
    await app.register(opsRoutes, {
      ops: fx.ops,
      operatorOf: (request) => String(request.headers['x-test-operator']),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('serves a stream history, and 404 problem+json for an unknown stream', async () => {
    const ok = await app.inject({ method: 'GET', url: `/v1/ops/streams/order-${orderId}/history` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().events.map((event: { type: string }) => event.type)).toEqual(['OrderPlaced']);
    const missing = await app.inject({ method: 'GET', url: '/v1/ops/streams/order-nope/history' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'unknown-stream', status: 404 });
  });

  it('answers a timeline, and 400 for a bad instant or axis', async () => {
    const now = new Date().toISOString();
    const ok = await app.inject({
      method: 'GET',
      url: `/v1/ops/customers/${customerId}/timeline?asOf=${now}`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ customerId, customer: { status: 'registered', name: 'Rana Aziz' } });
    const badInstant = await app.inject({
      method: 'GET',
      url: `/v1/ops/customers/${customerId}/timeline?asOf=soon`,
    });
    expect(badInstant.statusCode).toBe(400);
    expect(badInstant.json()).toMatchObject({ code: 'bad-instant' });
    const badAxis = await app.inject({
      method: 'GET',
      url: `/v1/ops/customers/${customerId}/timeline?asOf=${now}&by=wall`,
    });
    expect(badAxis.statusCode).toBe(400);
  });

  it('streams an export as CSV and rejects a bad format', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const csv = await app.inject({
      method: 'GET',
      url: `/v1/ops/export?from=${from}&to=${to}&format=csv&type=OrderPlaced`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`order-${orderId}`);
    const bad = await app.inject({ method: 'GET', url: `/v1/ops/export?from=${from}&to=${to}&format=xml` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'bad-format' });
  });

  it('verifies, forgets, and records each action with the operator and via http', async () => {
    const verify = await app.inject({
      method: 'POST',
      url: '/v1/ops/verify',
      headers: { 'x-test-operator': 'alice' },
    });
    expect(verify.json()).toMatchObject({ ok: true });
    const forget = await app.inject({
      method: 'POST',
      url: `/v1/ops/customers/${customerId}/forget`,
      headers: { 'x-test-operator': 'alice' },
    });
    expect(forget.statusCode).toBe(200);
    expect(forget.json()).toMatchObject({ customerId, forgottenEventRecorded: true });
    const actions = await recordedActions(fx.pool);
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'verify', operator: 'alice', via: 'http' }),
        expect.objectContaining({ action: 'forget', operator: 'alice', via: 'http' }),
      ]),
    );
  });

  it('says plainly when projection operations are not wired in', async () => {
    const lag = await app.inject({ method: 'GET', url: '/v1/ops/lag' });
    expect(lag.statusCode).toBe(501);
    expect(lag.json()).toMatchObject({ code: 'projections-not-available' });
  });
});
