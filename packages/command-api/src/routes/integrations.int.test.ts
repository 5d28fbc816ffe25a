import { ApiKeyRepository } from '@aftersales/ops';
import { Parser } from '@asyncapi/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { type Harness, startHarness } from '../../test/harness';

let h: Harness;
let integrations: string;

beforeAll(async () => {
  h = await startHarness();
  integrations = await new ApiKeyRepository(h.pool).create(`crm-${uniqueId()}`, ['integrations']);
});
afterAll(async () => {
  await h?.close();
});

const subscription = (id: string) => ({
  id,
  url: 'https://crm.example/hooks/aftersales',
  eventTypes: ['aftersales.loyalty.tier-changed.v1', 'aftersales.return.refunded.v1'],
});

describe('integration routes', () => {
  it('serves a valid AsyncAPI 3 document at /asyncapi.json to a key with scope integrations', async () => {
    const answer = await h.send({ method: 'GET', url: '/asyncapi.json', key: integrations });
    expect(answer.statusCode).toBe(200);
    const { diagnostics, document } = await new Parser().parse(answer.body);
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toContain('aftersales.return.approved.v1');
    expect((await h.send({ method: 'GET', url: '/asyncapi.json', key: h.keys.reader })).statusCode).toBe(403);
  });

  it('creates, lists, replays and deletes a subscription; the secret is shown once', async () => {
    const created = await h.send({
      method: 'POST',
      url: '/v1/webhooks',
      key: integrations,
      payload: subscription('crm'),
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      id: 'crm',
      url: 'https://crm.example/hooks/aftersales',
      failing: null,
      position: '0',
    });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const listed = await h.send({ method: 'GET', url: '/v1/webhooks', key: integrations });
    expect(listed.json().subscriptions.map((s: { id: string }) => s.id)).toEqual(['crm']);
    expect(listed.body).not.toContain(body.secret);
    const replayed = await h.send({
      method: 'POST',
      url: '/v1/webhooks/crm/replay',
      key: integrations,
      payload: { fromPosition: '0' },
    });
    expect(replayed.statusCode).toBe(200);
    const log = await h.send({
      method: 'GET',
      url: '/v1/webhooks/crm/deliveries?limit=10',
      key: integrations,
    });
    expect(log.json()).toEqual({ deliveries: [], nextBefore: null });
    expect((await h.send({ method: 'DELETE', url: '/v1/webhooks/crm', key: integrations })).json()).toEqual({
      id: 'crm',
      deleted: true,
    });
    expect((await h.send({ method: 'GET', url: '/v1/webhooks/crm', key: integrations })).statusCode).toBe(
      404,
    );
  });

  it('refuses bad input with problem+json and a stable code, and other scopes with 403', async () => {
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ ...subscription('a'), url: 'not a url' }, 422, 'bad-webhook-url'],
      [{ ...subscription('a'), eventTypes: ['OrderPlaced'] }, 400, 'invalid-request'],
      [{ ...subscription('a'), extra: true }, 400, 'invalid-request'],
      [{ ...subscription('a b') }, 422, 'bad-subscription-id'],
    ];
    for (const [payload, status, code] of refusals) {
      const answer = await h.send({ method: 'POST', url: '/v1/webhooks', key: integrations, payload });
      expect([answer.statusCode, answer.json().code], JSON.stringify(payload)).toEqual([status, code]);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
    await h.send({ method: 'POST', url: '/v1/webhooks', key: integrations, payload: subscription('dup') });
    const again = await h.send({
      method: 'POST',
      url: '/v1/webhooks',
      key: integrations,
      payload: subscription('dup'),
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'subscription-exists']);
    const replay = await h.send({
      method: 'POST',
      url: '/v1/webhooks/dup/replay',
      key: integrations,
      payload: {},
    });
    expect([replay.statusCode, replay.json().code]).toEqual([422, 'bad-replay']);
    const forbidden = await h.send({ method: 'GET', url: '/v1/webhooks', key: h.keys.all });
    expect(forbidden.statusCode).toBe(403);
    const list = await h.send({ method: 'GET', url: '/v1/webhooks', key: integrations });
    expect(list.json().subscriptions.map((s: { id: string }) => s.id)).toEqual(['dup']);
  });

  it('refuses a target on loopback, a private range or a metadata address with 422, storing nothing', async () => {
    for (const url of [
      'http://127.0.0.1:9/hooks',
      'http://169.254.169.254/latest',
      'http://[::1]/',
      'http://10.0.0.7/',
    ]) {
      const answer = await h.send({
        method: 'POST',
        url: '/v1/webhooks',
        key: integrations,
        payload: { ...subscription('inside'), url },
      });
      expect([answer.statusCode, answer.json().code], url).toEqual([422, 'webhook-target-refused']);
    }
    const got = await h.send({ method: 'GET', url: '/v1/webhooks/inside', key: integrations });
    expect(got.statusCode).toBe(404);
  });

  it('rotates a secret (shown once, the old one signing for the overlap) and re-enables a subscription', async () => {
    const created = (
      await h.send({ method: 'POST', url: '/v1/webhooks', key: integrations, payload: subscription('rot') })
    ).json();
    const rotated = await h.send({
      method: 'POST',
      url: '/v1/webhooks/rot/rotate-secret',
      key: integrations,
      payload: { overlapSeconds: 3_600 },
    });
    expect(rotated.statusCode).toBe(200);
    const body = rotated.json();
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.secret).not.toBe(created.secret);
    expect(Date.parse(body.previousSecretSignsUntil) - Date.parse(body.secretRotatedAt)).toBe(3_600_000);
    const shown = await h.send({ method: 'GET', url: '/v1/webhooks/rot', key: integrations });
    expect(shown.body).not.toContain(body.secret);
    expect(shown.json()).toMatchObject({ disabled: null, secretRotatedAt: body.secretRotatedAt });
    const bad = await h.send({
      method: 'POST',
      url: '/v1/webhooks/rot/rotate-secret',
      key: integrations,
      payload: { overlapSeconds: -5 },
    });
    expect(bad.statusCode).toBe(400);
    const missing = await h.send({
      method: 'POST',
      url: '/v1/webhooks/none/rotate-secret',
      key: integrations,
      payload: {},
    });
    expect(missing.statusCode, missing.body).toBe(404);
    const enabled = await h.send({
      method: 'POST',
      url: '/v1/webhooks/rot/enable',
      key: integrations,
      payload: {},
    });
    expect([enabled.statusCode, enabled.json().disabled]).toEqual([200, null]);
    const reader = await h.send({
      method: 'POST',
      url: '/v1/webhooks/rot/rotate-secret',
      key: h.keys.reader,
      payload: {},
    });
    expect(reader.statusCode).toBe(403);
  });
});
