import { describe, expect, it } from 'vitest';
import { createClient } from './client';
import { ApiUnavailableError } from './errors';

/** A fetch that answers from a script, recording what it was sent. */
function scripted(answers: (() => Response)[]) {
  const sent: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  }) as unknown as typeof globalThis.fetch;
  return { fetch, sent };
}
const problem =
  (status: number, code: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ type: 'x', title: 't', status, code }), {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    });
const ok = () =>
  new Response(JSON.stringify({ stream: 's', revision: 0, events: [], related: [] }), {
    status: 200,
    headers: { etag: '"0"' },
  });

describe('the client retries', () => {
  it('503, 429, a key in use and a dropped connection, with the same Idempotency-Key, honouring Retry-After', async () => {
    const { fetch, sent } = scripted([
      problem(503, 'overloaded', { 'retry-after': '0.01' }),
      problem(429, 'rate-limited'),
      problem(409, 'idempotency-key-in-use'),
      () => {
        throw new TypeError('fetch failed');
      },
      ok,
    ]);
    const client = createClient({ baseUrl: 'http://api', apiKey: 'k', fetch, backoffMs: () => 1 });
    const answer = await client.deliverOrder({ path: { id: 'o 1' }, body: {} });
    expect(answer).toMatchObject({ status: 200, etag: '"0"' });
    expect(sent).toHaveLength(5);
    expect(sent[0]?.url).toBe('http://api/v1/orders/o%201/delivery');
    const keys = new Set(sent.map((s) => (s.init.headers as Record<string, string>)['idempotency-key']));
    expect(keys.size).toBe(1);
  });

  it('gives up at its deadline, and never retries a refusal', async () => {
    const busy = scripted(Array.from({ length: 100 }, () => problem(503, 'overloaded')));
    const client = createClient({
      baseUrl: 'http://api',
      apiKey: 'k',
      fetch: busy.fetch,
      deadlineMs: 50,
      backoffMs: () => 10,
    });
    await expect(client.getOrder({ path: { id: 'o1' } })).rejects.toBeInstanceOf(ApiUnavailableError);
    const refused = scripted([problem(422, 'invalid-body'), ok]);
    const strict = createClient({ baseUrl: 'http://api', apiKey: 'k', fetch: refused.fetch });
    await expect(strict.registerCustomer({ body: {} as never })).rejects.toMatchObject({
      code: 'invalid-body',
    });
    expect(refused.sent).toHaveLength(1);
  });
});

describe('the client reads', () => {
  it('a page or the metrics as their text, and JSON as data', async () => {
    const page = '<!doctype html><title>docs</title>';
    const { fetch } = scripted([
      () => new Response(page, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }),
      () => new Response('aftersales_up 1\n', { status: 200, headers: { 'content-type': 'text/plain' } }),
      () =>
        new Response(JSON.stringify({ service: 'aftersales', links: [] }), {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
    ]);
    const client = createClient({ baseUrl: 'http://api', apiKey: 'k', fetch });
    expect((await client.docsPage({})).data).toBe(page);
    expect((await client.metrics({})).data).toBe('aftersales_up 1\n');
    expect((await client.serviceMap({})).data).toEqual({ service: 'aftersales', links: [] });
  });
});
