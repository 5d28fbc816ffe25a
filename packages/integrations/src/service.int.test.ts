import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, until } from '../test/receiver';
import { type Fixture, openFixture, orderHistory, silentLog } from '../test/support';
import { integrationsConfigFromEnv } from './config';
import { IntegrationsMetrics, startServiceServer } from './service';
import { startIntegrations } from './start';
import { WebhookSubscriptions } from './webhooks/subscriptions';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture('integrations_service');
});
afterAll(() => fx?.close());

describe('the integrations service', () => {
  it('answers /ready with every check and counts deliveries in /metrics', async () => {
    const config = integrationsConfigFromEnv({
      NATS_URL: fx.natsUrl,
      INTEGRATION_STREAM: fx.stream,
      INTEGRATION_SUBJECT_PREFIX: fx.subjectPrefix,
      WEBHOOK_POLL_MS: '25',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    });
    const metrics = new IntegrationsMetrics(false);
    const work = await startIntegrations({ store: fx.store, pool: fx.pool, log: silentLog, config, metrics });
    const server = await startServiceServer(0, () => work, metrics, silentLog);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      let secret = '';
      const receiver = await startReceiver(() => secret);
      secret = (
        await new WebhookSubscriptions(fx.pool, fx.store, undefined, {
          targets: { allowPrivate: true },
        }).create({ id: 'svc', url: receiver.url, eventTypes: ['aftersales.order.delivered.v1'] }, 'test')
      ).secret;
      await orderHistory(fx.store, 1);
      await until(() => receiver.accepted.length === 1, 'the delivery');
      const ready = await fetch(`${base}/ready`);
      const body = (await ready.json()) as { ready: boolean; checks: { name: string; ok: boolean }[] };
      expect(ready.status).toBe(200);
      expect(body.checks.map((c) => [c.name, c.ok])).toEqual([
        ['database', true],
        ['publisher-bus', true],
        ['publisher-publish', true],
        ['publisher-progress', true],
        ['webhook-dispatcher', true],
      ]);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/aftersales_integrations_webhook_attempts_total\{outcome="delivered"\} 1\b/);
      expect(text).toMatch(
        /aftersales_integrations_published_total\{type="aftersales.order.placed.v1"\} 1\b/,
      );
      expect(text).toContain('aftersales_integrations_webhook_latency_seconds_count 1');
      expect((await fetch(`${base}/health`)).status).toBe(200);
      await receiver.close();
    } finally {
      server.close();
      await work.stop();
    }
  });

  it('refuses a wrong setting, naming the variable', () => {
    expect(() => integrationsConfigFromEnv({ WEBHOOK_RETRY_HOURS: 'soon' })).toThrow(/WEBHOOK_RETRY_HOURS/);
    expect(() => integrationsConfigFromEnv({ INTEGRATION_SUBJECT_PREFIX: 'a.b' })).toThrow(
      /INTEGRATION_SUBJECT_PREFIX/,
    );
  });
});
