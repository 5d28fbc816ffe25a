import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../test/receiver';
import { type Fixture, openFixture, orderHistory, silentLog } from '../../test/support';
import { toIntegrationEvents } from '../catalog';
import { type DispatcherHandle, startWebhookDispatcher } from './dispatcher';
import { postWebhook } from './post';
import { WebhookSubscriptions } from './subscriptions';
import { refusedAddress } from './target-guard';

const PLACED = ['aftersales.order.placed.v1'];
const H = 3_600_000;

type Request = Readonly<{ body: string; headers: Record<string, string> }>;

/** A receiver that keeps every request as it came and answers with `status()`. */
async function rawReceiver(
  status: () => number = () => 204,
  /** What the receiver waits for before it answers a request (nothing by default). */
  hold: () => Promise<void> = async () => undefined,
) {
  const requests: Request[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(req.headers[h])]),
      );
      requests.push({ body: Buffer.concat(chunks).toString('utf8'), headers });
      void hold().then(() => res.writeHead(status()).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const verifies = (secret: string, request: Request | undefined) => {
  if (!request) return false;
  try {
    new Webhook(secret).verify(request.body, request.headers);
    return true;
  } catch {
    return false;
  }
};

describe('webhook targets (SSRF guard)', () => {
  let fx: Fixture;
  let strict: WebhookSubscriptions;
  beforeAll(async () => {
    fx = await openFixture('integrations_ssrf');
    strict = new WebhookSubscriptions(fx.pool, fx.store);
  });
  afterAll(() => fx?.close());

  it('refuses loopback, private, link-local, metadata and non-http(s) targets when subscribing', async () => {
    const refused = [
      'http://127.0.0.1:8080/hooks',
      'http://localhost/hooks',
      'http://api.localhost/hooks',
      'http://[::1]/hooks',
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://10.1.2.3/hooks',
      'http://172.20.0.1/hooks',
      'http://192.168.1.10/hooks',
      'http://100.64.0.1/hooks',
      'http://0.0.0.0/hooks',
      'http://[fd00:ec2::254]/hooks',
      'http://[fe80::1]/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'http://2130706433/hooks', // 127.0.0.1 written as one number: the URL parser normalises it
    ];
    for (const [i, url] of refused.entries()) {
      const attempt = strict.create({ id: `ssrf-${i}`, url, eventTypes: PLACED }, 'test');
      await expect(attempt, url).rejects.toMatchObject({ code: 'webhook-target-refused', kind: 'bad-input' });
    }
    for (const url of ['ftp://files.example/hooks', 'file:///etc/passwd', 'gopher://x.example/']) {
      await expect(
        strict.create({ id: 'scheme', url, eventTypes: PLACED }, 'test'),
        url,
      ).rejects.toMatchObject({
        code: 'bad-webhook-url',
      });
    }
    expect(await strict.list(), 'nothing was stored').toEqual([]);
    const accepted = await strict.create(
      { id: 'public', url: 'https://93.184.215.14/hooks', eventTypes: PLACED },
      't',
    );
    expect(accepted.url).toBe('https://93.184.215.14/hooks');
  });

  it('classifies addresses as a delivery sees them after resolving', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1', 'fc00::1', '::ffff:7f00:1']) {
      expect(refusedAddress(address), address).not.toBeNull();
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700::1111']) {
      expect(refusedAddress(address), address).toBeNull();
    }
  });

  it('refuses at delivery a name that resolves to loopback, on the address it would connect to', async (context) => {
    const receiver = await rawReceiver();
    const name = hostname();
    const resolved = await import('node:dns/promises').then((dns) => dns.lookup(name, { all: true }));
    if (!resolved.some((a) => refusedAddress(a.address) !== null)) {
      context.skip(`${name} resolves to ${resolved.map((a) => a.address).join(', ')}, no private address`);
    }
    try {
      const history = await orderHistory(fx.store, 1);
      const [recorded] = await fx.store.readAll({
        after: history[0] ? history[0].position - 1n : 0n,
        maxCount: 1,
      });
      const event = recorded ? toIntegrationEvents(recorded, 'urn:test')[0] : undefined;
      if (!event) throw new Error('no integration event to post');
      const url = `http://${name}:${receiver.port}/hooks`;
      const strictPost = await postWebhook(url, ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], event, {
        timeoutMs: 2_000,
      });
      expect(strictPost).toMatchObject({ ok: false, status: null });
      expect(strictPost.error).toMatch(/target refused: .* resolves to 127\./);
      expect(receiver.requests).toHaveLength(0);
      const allowed = await postWebhook(url, ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], event, {
        timeoutMs: 2_000,
        targets: { allowPrivate: true },
      });
      expect(allowed).toMatchObject({ ok: true, status: 204 });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('does not deliver through a strict dispatcher to a target allowed when it was subscribed', async () => {
    const receiver = await rawReceiver();
    const lax = new WebhookSubscriptions(fx.pool, fx.store, undefined, { targets: { allowPrivate: true } });
    await lax.create({ id: 'was-allowed', url: receiver.url, eventTypes: PLACED }, 'test');
    const dispatcher = await startWebhookDispatcher({
      store: fx.store,
      pool: fx.pool,
      log: silentLog,
      pollMs: 25,
    });
    try {
      await orderHistory(fx.store, 2);
      await until(async () => (await lax.get('was-allowed')).failing !== null, 'a failed attempt');
      const log = await lax.deliveries('was-allowed');
      expect(log.deliveries[0]).toMatchObject({ outcome: 'failed', status: null });
      expect(log.deliveries[0]?.error).toMatch(/^target refused: 127\.0\.0\.1 is a loopback/);
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }
  });
});

describe('secret rotation and 410 Gone', () => {
  let fx: Fixture;
  let subscriptions: WebhookSubscriptions;
  let dispatcher: DispatcherHandle;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const local = { allowPrivate: true };
  beforeAll(async () => {
    fx = await openFixture('integrations_rotation');
    subscriptions = new WebhookSubscriptions(fx.pool, fx.store, now, { targets: local });
    dispatcher = await startWebhookDispatcher({
      store: fx.store,
      pool: fx.pool,
      log: silentLog,
      now,
      pollMs: 25,
      targets: local,
    });
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await fx?.close();
  });

  it('signs with the new secret from the rotation on, and with both during the overlap', async () => {
    const receiver = await rawReceiver();
    try {
      const { secret: first } = await subscriptions.create(
        { id: 'erp', url: receiver.url, eventTypes: PLACED },
        't',
      );
      await orderHistory(fx.store, 1);
      await until(() => receiver.requests.length === 1, 'the first delivery');
      const rotated = await subscriptions.rotateSecret('erp', { overlapMs: H });
      expect(rotated.secret).not.toBe(first);
      expect(rotated.secretRotatedAt).not.toBeNull();
      expect(
        Date.parse(rotated.previousSecretSignsUntil ?? '') - Date.parse(rotated.secretRotatedAt ?? ''),
      ).toBe(H);
      expect(JSON.stringify(await subscriptions.list())).not.toContain(rotated.secret);

      // At least once: a delivery may come again, so each order's delivery is found by its
      // order, not by its place. Every event appended after the rotation returned is signed with
      // the new secret (a round that read the subscription before it re-reads the secrets).
      const deliveryOf = (n: number) => receiver.requests.find((r) => r.body.includes(`"orderId":"o-${n}-`));
      await orderHistory(fx.store, 2);
      await until(() => deliveryOf(2) !== undefined, 'the delivery in the overlap');
      const inOverlap = deliveryOf(2);
      expect(inOverlap?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
      expect(verifies(rotated.secret, inOverlap), 'the new secret').toBe(true);
      expect(verifies(first, inOverlap), 'the previous secret, still').toBe(true);

      offsetMs += H + 1_000;
      await orderHistory(fx.store, 3);
      await until(() => deliveryOf(3) !== undefined, 'the delivery after the overlap');
      const after = deliveryOf(3);
      expect(after?.headers['webhook-signature']?.split(' ')).toHaveLength(1);
      expect(verifies(rotated.secret, after)).toBe(true);
      expect(verifies(first, after), 'the previous secret no more').toBe(false);
      await expect(subscriptions.rotateSecret('nope')).rejects.toMatchObject({
        code: 'subscription-not-found',
      });
      await expect(subscriptions.rotateSecret('erp', { overlapMs: -1 })).rejects.toMatchObject({
        code: 'bad-overlap',
      });
    } finally {
      await subscriptions.remove('erp').catch(() => undefined);
      await receiver.close();
    }
  });

  it('signs with the new secret what a round delivers after the rotation, though it read the subscription before', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    // The first request is answered only when the test says: its round is then mid-way.
    const receiver = await rawReceiver(
      () => 204,
      () => {
        const wait = first ? held : Promise.resolve();
        first = false;
        return wait;
      },
    );
    try {
      await subscriptions.create({ id: 'mid-round', url: receiver.url, eventTypes: PLACED }, 't');
      await orderHistory(fx.store, 5);
      await until(() => receiver.requests.length === 1, 'the first delivery, held by the receiver');
      // The round posting it read the subscription (and its secret) before this rotation.
      const rotated = await subscriptions.rotateSecret('mid-round', { overlapMs: H });
      await orderHistory(fx.store, 6);
      release();
      const deliveryOf = (n: number) => receiver.requests.find((r) => r.body.includes(`"orderId":"o-${n}-`));
      await until(() => deliveryOf(6) !== undefined, 'the delivery after the rotation');
      // Appended after the rotation returned: signed by the new secret (and the previous one).
      expect(deliveryOf(6)?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
      expect(verifies(rotated.secret, deliveryOf(6)), 'the new secret').toBe(true);
    } finally {
      release();
      await subscriptions.remove('mid-round').catch(() => undefined);
      await receiver.close();
    }
  });

  it('disables a subscription whose receiver answers 410 Gone, and delivers again once re-enabled', async () => {
    let answer = 410;
    const receiver = await rawReceiver(() => answer);
    try {
      await subscriptions.create({ id: 'gone', url: receiver.url, eventTypes: PLACED }, 't');
      await orderHistory(fx.store, 4);
      await until(
        async () => (await subscriptions.get('gone')).disabled !== null,
        'the subscription disabled',
      );
      const disabled = await subscriptions.get('gone');
      expect(disabled.disabled?.reason).toMatch(/410 Gone/);
      expect(disabled.failing).toBeNull();
      const log = await subscriptions.deliveries('gone');
      expect(log.deliveries).toEqual([expect.objectContaining({ outcome: 'failed', status: 410 })]);
      // Rounds go on (with time far past any backoff), the disabled subscription is left alone.
      offsetMs += 25 * H;
      const seen = dispatcher.status().lastRoundAt;
      await until(() => dispatcher.status().lastRoundAt > seen + 100, 'a few dispatcher rounds');
      expect(receiver.requests).toHaveLength(1);

      answer = 204;
      const enabled = await subscriptions.enable('gone');
      expect(enabled.disabled).toBeNull();
      await until(() => receiver.requests.length === 2, 'the refused event delivered after enabling');
      expect(receiver.requests[1]?.headers['webhook-id']).toBe(receiver.requests[0]?.headers['webhook-id']);
      await until(async () => (await subscriptions.deliveries('gone')).deliveries.length === 2, 'logged');
      expect((await subscriptions.deliveries('gone')).deliveries[0]).toMatchObject({ outcome: 'delivered' });
    } finally {
      await receiver.close();
    }
  });
});
