import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../test/harness';

/*
 * The API docs in a browser: a browser cannot send `Authorization: Bearer`, so the dashboard's
 * sign-in cookie admits the docs too, and a page visit without a key goes to sign in and back.
 */
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const cookieOf = (setCookie: string | string[] | undefined): string => {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return String(first).split(';')[0] ?? '';
};

describe('the docs for a browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('sends a browser without a key to the dashboard sign-in, and back to /docs after it', async () => {
    const visit = await h.send({ method: 'GET', url: '/docs', key: null, headers: { accept: HTML } });
    expect(visit.statusCode).toBe(303);
    expect(visit.headers.location).toBe('/dashboard?next=%2Fdocs');

    const signIn = await h.send({
      method: 'GET',
      url: String(visit.headers.location),
      key: null,
      headers: { accept: HTML },
    });
    expect(signIn.statusCode).toBe(401);
    expect(signIn.body).toContain('<form class="signin"');

    // The form posts to its own URL (`action=""`), the `next` included.
    const posted = await h.send({
      method: 'POST',
      url: String(visit.headers.location),
      key: null,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: HTML },
      payload: `key=${encodeURIComponent(h.keys.reader)}`,
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/docs');
    const setCookie = String(posted.headers['set-cookie']);
    expect(setCookie).toMatch(/Path=\/;/);
    expect(setCookie).toMatch(/HttpOnly/);
    const cookie = cookieOf(posted.headers['set-cookie']);

    const docs = await h.send({ method: 'GET', url: '/docs', key: null, headers: { accept: HTML, cookie } });
    expect([200, 302]).toContain(docs.statusCode);
    const page =
      docs.statusCode === 302
        ? await h.send({
            method: 'GET',
            url: String(docs.headers.location),
            key: null,
            headers: { accept: HTML, cookie },
          })
        : docs;
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/swagger-ui/i);
    // What the docs page loads next: the document, with the same cookie.
    const json = await h.send({ method: 'GET', url: '/docs/json', key: null, headers: { cookie } });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
    const openapi = await h.send({ method: 'GET', url: '/openapi.json', key: null, headers: { cookie } });
    expect(openapi.statusCode).toBe(200);
    expect(openapi.json().paths).toBeDefined();
  });

  it('goes back only to a path on this site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const posted = await h.send({
        method: 'POST',
        url: `/dashboard?next=${encodeURIComponent(next)}`,
        key: null,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: HTML },
        payload: `key=${encodeURIComponent(h.keys.reader)}`,
      });
      expect(posted.statusCode).toBe(303);
      expect(posted.headers.location).toMatch(/^\/dashboard\?lang=/);
    }
  });

  it('keeps API clients on the Bearer key: 401 JSON without one, and the cookie admits nothing else', async () => {
    const anonymous = await h.send({ method: 'GET', url: '/openapi.json', key: null });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    const bearer = await h.send({ method: 'GET', url: '/openapi.json', key: h.keys.reader });
    expect(bearer.statusCode).toBe(200);

    const signedIn = await h.send({ method: 'GET', url: `/dashboard?key=${h.keys.reader}`, key: null });
    const cookie = cookieOf(signedIn.headers['set-cookie']);
    expect(cookie).toContain('aftersales_dashboard_key=');
    const command = await h.send({
      method: 'GET',
      url: '/v1/orders/some-order',
      key: null,
      headers: { cookie },
    });
    expect(command.statusCode).toBe(401);
    const page = await h.send({
      method: 'GET',
      url: '/v1/orders/some-order',
      key: null,
      headers: { cookie, accept: HTML },
    });
    expect(page.statusCode).toBe(401);
  });

  it('sends a browser whose cookie holds a revoked or unknown key to sign in again', async () => {
    const visit = await h.send({
      method: 'GET',
      url: '/docs/json',
      key: null,
      headers: { accept: HTML, cookie: 'aftersales_dashboard_key=ask_not-a-real-key' },
    });
    expect(visit.statusCode).toBe(303);
    expect(visit.headers.location).toBe('/dashboard?next=%2Fdocs%2Fjson');
  });

  it('refuses the docs to a key without the read scope, whatever carries it', async () => {
    const res = await h.send({ method: 'GET', url: '/openapi.json', key: h.keys.writer });
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const expected = [
    '/dashboard',
    '/docs',
    '/openapi.json',
    '/asyncapi.json',
    '/health',
    '/ready',
    '/metrics',
  ];

  it('answers a browser with a page of links', async () => {
    const res = await h.send({ method: 'GET', url: '/', key: null, headers: { accept: HTML } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const hrefs = [...res.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(expected);
  });

  it('answers a client with JSON', async () => {
    const res = await h.send({ method: 'GET', url: '/', key: null, headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json() as { links: { href: string; access: string }[] };
    expect(body.links.map((l) => l.href)).toEqual(expected);
    expect(body.links.find((l) => l.href === '/health')?.access).toBe('public');
  });
});

describe('DOCS_PUBLIC=true', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ docsPublic: true });
  });
  afterAll(async () => h?.close());

  it('serves the docs and the documents without any key', async () => {
    const docs = await h.send({ method: 'GET', url: '/docs', key: null, headers: { accept: HTML } });
    expect([200, 302]).toContain(docs.statusCode);
    expect(String(docs.headers.location ?? '')).not.toContain('/dashboard');
    expect((await h.send({ method: 'GET', url: '/openapi.json', key: null })).statusCode).toBe(200);
    expect((await h.send({ method: 'GET', url: '/asyncapi.json', key: null })).statusCode).toBe(200);
    const home = await h.send({
      method: 'GET',
      url: '/',
      key: null,
      headers: { accept: 'application/json' },
    });
    expect(home.json().links.find((l: { href: string }) => l.href === '/docs').access).toBe('public');
  });
});
