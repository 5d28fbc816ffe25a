import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';
import { purgeIdempotencyRecords } from '../idempotency/idempotency-plugin';
import { requestHash } from '../idempotency/request-hash';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { bodyLimitBytes: 16 * 1024 } });
});
afterAll(async () => h?.close());

const register = (customerId: string, headers: Record<string, string> = {}) =>
  h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(customerId), headers });
const head = () => h.store.headPosition();

describe('authentication and scopes', () => {
  it('answers a missing or unknown key with 401 and a wrong scope with 403, as problem+json', async () => {
    const missing = await h.send({
      method: 'POST',
      url: '/v1/customers',
      payload: registerBody('x'),
      key: null,
    });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.json()).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      type: expect.any(String),
      title: expect.any(String),
    });
    const wrong = await h.send({ method: 'GET', url: '/v1/orders/x', key: 'ask_not-a-real-key' });
    expect(wrong.json()).toMatchObject({ status: 401, code: 'invalid-api-key' });
    const readerWrites = await h.send({
      method: 'POST',
      url: '/v1/customers',
      payload: registerBody('x'),
      key: h.keys.reader,
    });
    expect(readerWrites.json()).toMatchObject({
      status: 403,
      code: 'insufficient-scope',
      requiredScope: 'commands:write',
    });
    const writerReads = await h.send({ method: 'GET', url: '/v1/orders/x' });
    expect(writerReads.json()).toMatchObject({ status: 403, code: 'insufficient-scope' });
    const metrics = await h.send({ method: 'GET', url: '/metrics', key: h.keys.reader });
    expect(metrics.statusCode).toBe(403);
  });

  it('keeps health and readiness public', async () => {
    expect((await h.send({ method: 'GET', url: '/health', key: null })).statusCode).toBe(200);
    const ready = await h.send({ method: 'GET', url: '/ready', key: null });
    expect(ready.json()).toMatchObject({ status: 'ready', store: 'up', database: 'up' });
  });
});

describe('what the HTTP parser refuses', () => {
  it('answers too large headers with 431 and a broken request with 400, both as problem+json', async () => {
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk.toString();
        });
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    const tooLarge = await raw(
      `GET /v1/orders/x HTTP/1.1\r\nhost: a\r\nx-big: ${'a'.repeat(100_000)}\r\n\r\n`,
    );
    expect(tooLarge).toMatch(/^HTTP\/1\.1 431 /);
    expect(tooLarge).toContain('content-type: application/problem+json');
    expect(JSON.parse(tooLarge.slice(tooLarge.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 431,
      code: 'headers-too-large',
    });
    const broken = await raw('THIS IS NOT HTTP\r\n\r\n');
    expect(broken).toMatch(/^HTTP\/1\.1 400 /);
    expect(broken).toContain('"code":"malformed-request"');
  });

  it('answers the loyalty of an unknown customer with 404, as every other unknown id', async () => {
    const res = await h.send({ method: 'GET', url: `/v1/loyalty/${ids().customerId}`, key: h.keys.reader });
    expect(res.json()).toMatchObject({ status: 404, code: 'customer-not-found' });
  });
});

describe('a flood of wrong keys', () => {
  it('gets 429 after the budget of failures, while a key in use keeps working and stays cached', async () => {
    const own = await startHarness({ config: { authFailuresPerMinute: 20 } });
    try {
      const read = (key: string) => own.send({ method: 'GET', url: `/v1/orders/${ids().orderId}`, key });
      expect((await read(own.keys.reader)).statusCode).toBe(404);
      const statuses = new Map<number, number>();
      for (let i = 0; i < 300; i++) {
        const status = (await read(`ask_${crypto.randomUUID()}`)).statusCode;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      expect(Object.fromEntries(statuses)).toEqual({ 401: 20, 429: 280 });
      const limited = await read(`ask_${crypto.randomUUID()}`);
      expect(limited.json()).toMatchObject({ code: 'too-many-authentication-failures' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // The reader's key is still answered, from its address too.
      expect((await read(own.keys.reader)).statusCode).toBe(404);
    } finally {
      await own.close();
    }
  });
});

describe('text hygiene', () => {
  it('refuses NUL, control characters and unpaired surrogates in any field with 400, storing nothing', async () => {
    for (const [field, value] of [
      ['name', 'Ali\\u0000Reza'],
      ['name', 'bell\\u0007'],
      ['email', 'x\\ud800@example.com'],
    ] as const) {
      const { customerId } = ids();
      const before = await head();
      // As the wire carries it: JSON escapes, which JSON.parse turns into the raw characters.
      const payload = JSON.stringify(registerBody(customerId)).replace(
        new RegExp(`"${field}":"[^"]*"`),
        `"${field}":"${value}"`,
      );
      const res = await h.send({
        method: 'POST',
        url: '/v1/customers',
        payload,
        headers: { 'content-type': 'application/json', 'idempotency-key': `text-${customerId}` },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid-text', field: `body.${field}` });
      expect(await h.store.readStream(`customer-${customerId}`)).toHaveLength(0);
      expect(await head()).toBe(before);
      const { rowCount } = await h.pool.query(
        'SELECT 1 FROM idempotency_records WHERE idempotency_key = $1',
        [`text-${customerId}`],
      );
      expect(rowCount).toBe(0);
    }
    const inPath = await h.send({ method: 'GET', url: '/v1/orders/a%00b', key: h.keys.reader });
    expect(inPath.json()).toMatchObject({ status: 400, code: 'invalid-text', field: 'path.id' });
  });
});

describe('Idempotency-Key', () => {
  it('returns the first response to a retry, without a second append', async () => {
    const { customerId } = ids();
    const key = { 'idempotency-key': `k-${customerId}` };
    const first = await register(customerId, key);
    const before = await head();
    const retry = await register(customerId, key);
    expect(retry.statusCode).toBe(first.statusCode);
    expect(retry.body).toBe(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const [event] = await h.store.readStream(`customer-${customerId}`);
    expect(event?.metadata.causationId).toBe(`k-${customerId}`);
    expect(await head()).toBe(before);
  });

  it('also replays a refusal, and runs concurrent duplicates once', async () => {
    const { orderId } = ids();
    const ship = (key: string) =>
      h.send({
        method: 'POST',
        url: `/v1/orders/${orderId}/delivery`,
        payload: {},
        headers: { 'idempotency-key': key },
      });
    const refused = await ship(`r-${orderId}`);
    expect(refused.statusCode).toBe(404);
    expect((await ship(`r-${orderId}`)).body).toBe(refused.body);

    const { customerId } = ids();
    const key = { 'idempotency-key': `c-${customerId}` };
    const results = await Promise.all(Array.from({ length: 8 }, () => register(customerId, key)));
    expect(new Set(results.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    const events = await h.store.readStream(`customer-${customerId}`);
    expect(events).toHaveLength(1);
  });

  it('refuses the same key with another body (422) and a malformed key (400)', async () => {
    const { customerId } = ids();
    const key = { 'idempotency-key': `d-${customerId}` };
    await register(customerId, key);
    const other = await h.send({
      method: 'POST',
      url: '/v1/customers',
      payload: { ...registerBody(customerId), name: 'Someone Else' },
      headers: key,
    });
    expect(other.json()).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
    const bad = await register(ids().customerId, { 'idempotency-key': 'has spaces in it' });
    expect(bad.json()).toMatchObject({ status: 400, code: 'invalid-idempotency-key' });
  });

  it('tells concurrent uses of one key with different bodies apart, also when their claims go out together', async () => {
    const { customerId } = ids();
    const key = { 'idempotency-key': `b-${customerId}` };
    // Two unrelated requests first occupy the claim slots, so the next claims share one statement.
    const results = await Promise.all([
      register(ids().customerId, { 'idempotency-key': `x-${customerId}` }),
      register(ids().customerId, { 'idempotency-key': `y-${customerId}` }),
      register(customerId, key),
      h.send({
        method: 'POST',
        url: '/v1/customers',
        payload: { ...registerBody(customerId), name: 'Someone Else' },
        headers: key,
      }),
    ]);
    // Either use of the key may claim it first; the other is told apart, whichever it is.
    expect(results.slice(0, 2).map((r) => r.statusCode)).toEqual([201, 201]);
    const contested = results.slice(2).map((r) => r.statusCode);
    expect([...contested].sort()).toEqual([201, 422]);
    const winnerName = contested[0] === 201 ? registerBody(customerId).name : 'Someone Else';
    const events = await h.store.readStream(`customer-${customerId}`);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ name: winnerName });
  });

  it('sends a response before its answer is stored, and stores every answer before the app closes', async () => {
    const own = await startHarness();
    try {
      const customers = Array.from({ length: 24 }, () => ids().customerId);
      const responses = await Promise.all(
        customers.map((customerId) =>
          own.send({
            method: 'POST',
            url: '/v1/customers',
            payload: registerBody(customerId),
            headers: { 'idempotency-key': `close-${customerId}` },
          }),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(customers.map(() => 201));
      await own.app.close();
      // Read at once on another connection: close waited for the statements still running.
      const { rows } = await own.pool.query<{
        idempotency_key: string;
        status_code: number;
        response_body: string;
      }>(
        'SELECT idempotency_key, status_code, response_body FROM idempotency_records WHERE idempotency_key = ANY($1)',
        [customers.map((customerId) => `close-${customerId}`)],
      );
      const stored = new Map(rows.map((r) => [r.idempotency_key, r]));
      for (const [index, customerId] of customers.entries()) {
        expect(stored.get(`close-${customerId}`)).toEqual({
          idempotency_key: `close-${customerId}`,
          status_code: 201,
          response_body: responses[index]?.body,
        });
      }
    } finally {
      await own.close();
    }
  });

  /** Claims a key as a request of the writer key would, still running since `age`. */
  const claim = async (idempotencyKey: string, customerId: string, age: string) => {
    const { rows } = await h.pool.query<{ name: string }>(
      "SELECT name FROM api_keys WHERE name LIKE 'writer-%'",
    );
    await h.pool.query(
      `INSERT INTO idempotency_records (key_name, idempotency_key, request_hash, status_code, response_headers, response_body, created_at)
       VALUES ($1, $2, $3, 0, '{}', '', now() - $4::interval)`,
      [rows[0]?.name, idempotencyKey, requestHash('POST', '/v1/customers', registerBody(customerId)), age],
    );
    return rows[0]?.name;
  };

  it('makes a duplicate wait for a claim still in progress, then replays its answer', async () => {
    const { customerId } = ids();
    const keyName = await claim(`w-${customerId}`, customerId, '0 seconds');
    const duplicate = register(customerId, { 'idempotency-key': `w-${customerId}` });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const answer = JSON.stringify({ first: customerId });
    await h.pool.query(
      `UPDATE idempotency_records SET status_code = 201, response_headers = $3, response_body = $4
       WHERE key_name = $1 AND idempotency_key = $2`,
      [keyName, `w-${customerId}`, { 'content-type': 'application/json' }, answer],
    );
    const res = await duplicate;
    expect(res.statusCode).toBe(201);
    expect(res.body).toBe(answer);
    expect(res.headers['idempotent-replayed']).toBe('true');
    expect(await h.store.readStream(`customer-${customerId}`)).toHaveLength(0);
  });

  it('takes over a claim whose request never answered (crashed process) once it is old', async () => {
    const { customerId } = ids();
    await claim(`t-${customerId}`, customerId, '1 hour');
    const res = await register(customerId, { 'idempotency-key': `t-${customerId}` });
    expect(res.statusCode).toBe(201);
    expect(await h.store.readStream(`customer-${customerId}`)).toHaveLength(1);
    const retry = await register(customerId, { 'idempotency-key': `t-${customerId}` });
    expect(retry.body).toBe(res.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('purges records past their retention', async () => {
    const { customerId } = ids();
    await register(customerId, { 'idempotency-key': `old-${customerId}` });
    await h.pool.query(
      "UPDATE idempotency_records SET created_at = now() - interval '100 hours' WHERE idempotency_key = $1",
      [`old-${customerId}`],
    );
    expect(await purgeIdempotencyRecords(h.pool, 72)).toBeGreaterThanOrEqual(1);
    const { rowCount } = await h.pool.query('SELECT 1 FROM idempotency_records WHERE idempotency_key = $1', [
      `old-${customerId}`,
    ]);
    expect(rowCount).toBe(0);
  });
});

describe('If-Match and ETag', () => {
  it('appends at the revision the caller saw and answers a stale one with 409', async () => {
    const { customerId, orderId } = ids();
    await register(customerId);
    const placed = await h.send({
      method: 'POST',
      url: '/v1/orders',
      payload: placeBody(orderId, customerId, '2026-03-01T10:00:00Z'),
    });
    expect(placed.headers.etag).toBe('"0"');
    const read = await h.send({ method: 'GET', url: `/v1/orders/${orderId}`, key: h.keys.reader });
    expect(read.headers.etag).toBe('"0"');
    const ship = (ifMatch: string) =>
      h.send({
        method: 'POST',
        url: `/v1/orders/${orderId}/shipments`,
        payload: {
          shipmentId: 's1',
          carrier: 'DHL',
          trackingNumber: 'T',
          estimatedDeliveryAt: '2030-01-01T00:00:00Z',
        },
        headers: { 'if-match': ifMatch },
      });
    const shipped = await ship('"0"');
    expect(shipped.statusCode).toBe(200);
    expect(shipped.headers.etag).toBe('"1"');
    const before = await head();
    const stale = await h.send({
      method: 'POST',
      url: `/v1/orders/${orderId}/cancellation`,
      payload: { reason: 'late' },
      headers: { 'if-match': '"0"' },
    });
    expect(stale.json()).toMatchObject({ status: 409, code: 'wrong-expected-revision' });
    expect(await head()).toBe(before);
    expect((await ship('yesterday')).json()).toMatchObject({ status: 400, code: 'invalid-if-match' });
    const fresh = await h.send({
      method: 'POST',
      url: '/v1/customers',
      payload: registerBody(ids().customerId),
      headers: { 'if-match': '"-1"' },
    });
    expect(fresh.statusCode).toBe(201);
  });
});

describe('bad input is never a 500', () => {
  it('maps malformed JSON, wrong content types, huge bodies, garbage and odd ids to 4xx problems', async () => {
    const before = await head();
    const cases = [
      {
        method: 'POST',
        url: '/v1/customers',
        payload: '{"customerId":',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        url: '/v1/customers',
        payload: 'customerId=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      { method: 'POST', url: '/v1/customers', payload: 'plain', headers: { 'content-type': 'text/plain' } },
      { method: 'POST', url: '/v1/customers', payload: '', headers: { 'content-type': 'application/json' } },
      {
        method: 'POST',
        url: '/v1/customers',
        payload: JSON.stringify({ name: 'x'.repeat(40_000) }),
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        url: '/v1/customers',
        payload: JSON.stringify({ ...registerBody('\u0000\ud800💥'), name: '\u202e\uffff' }),
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        url: '/v1/customers',
        payload: '[1,2,3]',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        url: '/v1/orders/a%2Fb/delivery',
        payload: '{}',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        url: '/v1/orders/a/b/delivery',
        payload: '{}',
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'PATCH',
        url: `/v1/customers/${'x'.repeat(600)}`,
        payload: '{}',
        headers: { 'content-type': 'application/json' },
      },
      { method: 'GET', url: '/v1/streams/..%2F..%2Fetc', headers: {} },
      { method: 'GET', url: '/v1/loyalty/c1?asOf=yesterday', headers: {} },
      { method: 'DELETE', url: '/v1/customers/c1', headers: {} },
    ] as const;
    for (const c of cases) {
      const res = await h.send({ ...c, key: h.keys.all });
      expect(res.statusCode, `${c.method} ${c.url}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${c.method} ${c.url}`).toBeLessThan(500);
      expect(res.headers['content-type'], `${c.method} ${c.url} ${res.body}`).toMatch(
        /^application\/problem\+json/,
      );
      expect(res.json()).toMatchObject({
        status: res.statusCode,
        code: expect.any(String),
        correlationId: expect.any(String),
      });
    }
    expect(await head()).toBe(before);
  });

  it('says what was wrong in a schema failure', async () => {
    const res = await h.send({ method: 'POST', url: '/v1/customers', payload: { customerId: 'a b' } });
    const problem = res.json();
    expect(problem.code).toBe('invalid-request');
    expect(problem.errors.length).toBeGreaterThan(0);
    expect(problem.errors[0]).toMatchObject({
      in: 'body',
      path: expect.any(String),
      message: expect.any(String),
    });
  });
});

describe('correlation, metrics and documentation', () => {
  it('echoes a sane correlation id into the response and the event metadata, and replaces garbage', async () => {
    const { customerId } = ids();
    const res = await register(customerId, { 'x-correlation-id': 'checkout-4711' });
    expect(res.headers['x-correlation-id']).toBe('checkout-4711');
    const [event] = await h.store.readStream(`customer-${customerId}`);
    expect(event?.metadata.correlationId).toBe('checkout-4711');
    expect(event?.metadata.actor).toMatch(/^writer-/);
    const garbage = await register(ids().customerId, { 'x-correlation-id': 'a b <script>' });
    expect(garbage.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes Prometheus metrics to the ops scope', async () => {
    const res = await h.send({ method: 'GET', url: '/metrics', key: h.keys.ops });
    expect(res.statusCode).toBe(200);
    for (const name of [
      'aftersales_api_http_requests_total',
      'aftersales_api_http_request_duration_seconds_bucket',
      'aftersales_api_events_appended_total',
      'aftersales_api_command_conflicts_total',
    ]) {
      expect(res.body).toContain(name);
    }
    expect(res.body).toMatch(/aftersales_api_command_conflicts_total [1-9]/);
    // Every series carries the application's prefix.
    const names = res.body.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    for (const line of names) expect(line).toMatch(/^aftersales_api_/);
  });

  it('serves the OpenAPI document from the route schemas, with examples, and the docs page', async () => {
    const res = await h.send({ method: 'GET', url: '/openapi.json', key: h.keys.reader });
    const doc = res.json();
    const commandRoutes = h.app.printRoutes({ commonPrefix: false });
    // Under the root route (`GET /`, the service's map) the tree prints `v1/…` without a slash.
    expect(commandRoutes).toMatch(/v1\/customers/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/customers',
        '/v1/orders/{id}/delivery',
        '/v1/returns/{id}/store-credit',
        '/v1/repairs/{id}/quote-decline',
        '/v1/feedback',
        '/v1/loyalty/{customerId}/redemptions',
        '/v1/streams/{stream}',
      ]),
    );
    const register = doc.paths['/v1/customers'].post;
    const schema = register.requestBody.content['application/json'].schema;
    expect(schema.properties.occurredAt).toBeDefined();
    expect(JSON.stringify(register.requestBody)).toContain('Shirin');
    const docs = await h.send({ method: 'GET', url: '/docs/', key: h.keys.reader });
    expect([200, 302]).toContain(docs.statusCode);
    expect((await h.send({ method: 'GET', url: '/openapi.json', key: null })).statusCode).toBe(401);
  });
});
