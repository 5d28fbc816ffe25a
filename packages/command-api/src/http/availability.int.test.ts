import { connect } from 'node:net';
import { createPostgresEventStore, type EventStore } from '@aftersales/event-store';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ids, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';
import { startTcpProxy, type TcpProxy } from '../../test/tcp-proxy';

const admin = new URL(inject('pgAdminUrl'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function until<T>(
  attempt: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Holds every stream read and append until released: a command that stays in flight as long as a test wants. */
function gated(inner: EventStore) {
  let open: (() => void) | null = null;
  let gate: Promise<void> | null = null;
  const store: EventStore = {
    kind: inner.kind,
    appendToStream: async (...args) => {
      if (gate) await gate;
      return inner.appendToStream(...args);
    },
    readStream: async (...args) => {
      if (gate) await gate;
      return inner.readStream(...args);
    },
    readAll: (...args) => inner.readAll(...args),
    subscribeToAll: (...args) => inner.subscribeToAll(...args),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
  };
  return {
    store,
    hold: () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = null;
      open?.();
    },
  };
}

describe('when the store is unreachable', () => {
  it('answers 503 with Retry-After, records no idempotent response, and recovers by itself', async () => {
    const proxy: TcpProxy = await startTcpProxy(admin.hostname, Number(admin.port || 5432));
    const h: Harness = await startHarness({
      makeStore: (url) =>
        createPostgresEventStore({ connectionString: proxy.urlFor(url), connectionTimeoutMs: 500 }),
      apiDatabaseUrl: (url) => proxy.urlFor(url),
    });
    cleanups.push(async () => {
      proxy.restore();
      await h.close();
      await proxy.close();
    });
    expect(
      (await h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(ids().customerId) }))
        .statusCode,
    ).toBe(201);

    proxy.cut();
    const { customerId } = ids();
    const register = (headers: Record<string, string> = {}) =>
      h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(customerId), headers });
    for (const res of [
      await register(),
      await register({ 'idempotency-key': `outage-${customerId}` }),
      await h.send({ method: 'GET', url: `/v1/orders/${ids().orderId}`, key: h.keys.reader }),
    ]) {
      expect(res.statusCode).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.json()).toMatchObject({ status: 503, code: 'store-unavailable' });
    }
    expect((await h.send({ method: 'GET', url: '/ready', key: null })).statusCode).toBe(503);
    expect((await h.send({ method: 'GET', url: '/health', key: null })).statusCode).toBe(200);

    proxy.restore();
    const recovered = await until(
      () => register({ 'idempotency-key': `outage-${customerId}` }),
      (res) => res.statusCode !== 503,
    );
    expect(recovered.statusCode).toBe(201);
    expect((await h.send({ method: 'GET', url: '/ready', key: null })).statusCode).toBe(200);
    expect(await h.store.readStream(`customer-${customerId}`)).toHaveLength(1);
  });
});

describe('under load', () => {
  it('sheds requests past the in-flight limit with 503 and Retry-After, and lets in-flight ones finish on close', async () => {
    const gate = { current: null as ReturnType<typeof gated> | null };
    const h = await startHarness({
      makeStore: async (url) => {
        gate.current = gated(await createPostgresEventStore({ connectionString: url }));
        return gate.current.store;
      },
      config: { maxInFlight: 2 },
    });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await h.close();
    });
    gate.current?.hold();
    const held = [ids(), ids()].map(({ customerId }) =>
      h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(customerId) }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const shed = await h.send({
      method: 'POST',
      url: '/v1/customers',
      payload: registerBody(ids().customerId),
    });
    expect(shed.statusCode).toBe(503);
    expect(shed.json()).toMatchObject({ code: 'overloaded' });
    expect(shed.headers['retry-after']).toBeDefined();
    expect((await h.send({ method: 'GET', url: '/health', key: null })).statusCode).toBe(200);

    // Graceful shutdown: close while two commands are in flight; both still complete.
    const closing = h.app.close();
    gate.current?.release();
    expect((await Promise.all(held)).map((r) => r.statusCode)).toEqual([201, 201]);
    await closing;
    closed = true;
    await h.store.close();
    await h.pool.end();
    await h.database.drop();
  });

  it('gives the slot back when a client leaves after sending its body', async () => {
    const gate = { current: null as ReturnType<typeof gated> | null };
    const h = await startHarness({
      makeStore: async (url) => {
        gate.current = gated(await createPostgresEventStore({ connectionString: url }));
        return gate.current.store;
      },
      config: { maxInFlight: 4 },
    });
    cleanups.push(() => h.close());
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    gate.current?.hold();
    // Four clients send a whole command, then vanish before the answer.
    await Promise.all(
      [1, 2, 3, 4].map(
        () =>
          new Promise<void>((resolve, reject) => {
            const body = JSON.stringify(registerBody(ids().customerId));
            const socket = connect(Number(port), '127.0.0.1', () => {
              socket.write(
                `POST /v1/customers HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${h.keys.writer}\r\n` +
                  `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
              );
              setTimeout(() => {
                socket.destroy();
                resolve();
              }, 200);
            });
            socket.on('error', reject);
          }),
      ),
    );
    gate.current?.release();
    const inFlight = await until(
      async () => h.app.admission.inFlight,
      (n) => n === 0,
    );
    expect(inFlight).toBe(0);
    const served = await h.send({
      method: 'POST',
      url: '/v1/customers',
      payload: registerBody(ids().customerId),
    });
    expect(served.statusCode).toBe(201);
  });

  it('limits the rate per API key with 429 problems', async () => {
    const h = await startHarness({ config: { rateLimitPerMinute: 3 } });
    cleanups.push(() => h.close());
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await h.send({ method: 'GET', url: `/v1/orders/${ids().orderId}`, key: h.keys.reader })).statusCode,
      );
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await h.send({ method: 'GET', url: '/v1/orders/x', key: h.keys.reader });
    expect(limited.json()).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(limited.headers['retry-after']).toBeDefined();
    // Another key has its own budget.
    expect((await h.send({ method: 'GET', url: '/v1/orders/x', key: h.keys.all })).statusCode).toBe(404);
  });
});
