import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../test/fixtures';
import { type Harness, startHarness } from '../test/harness';

/**
 * Random and malformed requests against every route: no answer is a 5xx, and a rejected request
 * appends nothing (the store's head does not move; and no event carries its correlation id).
 */
let h: Harness;
let known: ReturnType<typeof ids>;
const knownCaseId = `case-${Math.random().toString(36).slice(2)}`;
const rejected = new Set<string>();
let requests = 0;
const statuses = new Map<number, number>();

beforeAll(async () => {
  h = await startHarness({ now: () => new Date('2026-03-10T12:00:00.000Z') });
  known = ids();
  const post = (url: string, payload: object) => h.send({ method: 'POST', url, payload });
  await post('/v1/customers', registerBody(known.customerId));
  await post('/v1/orders', placeBody(known.orderId, known.customerId, '2026-03-01T10:00:00Z'));
  await post(`/v1/orders/${known.orderId}/shipments`, {
    shipmentId: known.shipmentId,
    carrier: 'DHL',
    trackingNumber: 'T',
    estimatedDeliveryAt: '2026-03-06T00:00:00Z',
    occurredAt: '2026-03-02T00:00:00Z',
  });
  await post(`/v1/orders/${known.orderId}/delivery`, { occurredAt: '2026-03-05T00:00:00Z' });
  await post('/v1/returns', {
    returnId: known.returnId,
    orderId: known.orderId,
    items: [{ lineNo: 2, qty: 1, reason: 'other' }],
    resolution: 'refund',
  });
  await post('/v1/repairs', { repairId: known.repairId, orderId: known.orderId, lineNo: 1, issue: 'x' });
  await h.send({
    method: 'POST',
    url: '/v1/cases',
    key: h.keys.support,
    payload: {
      caseId: knownCaseId,
      customerId: known.customerId,
      channel: 'chat',
      openedBy: { type: 'customer' },
      message: { messageId: 'm-1', body: 'hello' },
    },
  });
});

afterAll(async () => {
  // Nothing any rejected request did reached the log.
  const all = await h?.store.readAll();
  const leaked = (all ?? []).filter((e) => rejected.has(String(e.metadata.correlationId)));
  expect(leaked).toEqual([]);
  console.info(
    `fuzz: ${requests} requests, ${rejected.size} rejected, ${requests - rejected.size} accepted`,
    Object.fromEntries(statuses),
  );
  await h?.close();
});

type Route = Readonly<{
  method: 'POST' | 'PUT' | 'PATCH' | 'GET';
  path: string;
  body?: () => object;
  /** Support-desk routes take a key with the scope `support`. */
  support?: true;
}>;
const money = { amount: 899, currency: 'EUR' };
const routes: readonly Route[] = [
  { method: 'POST', path: '/v1/customers', body: () => registerBody(ids().customerId) },
  { method: 'PATCH', path: '/v1/customers/:id', body: () => ({ name: 'New Name' }) },
  {
    method: 'PUT',
    path: '/v1/customers/:id/consents',
    body: () => ({ consents: registerBody('x').consents }),
  },
  {
    method: 'POST',
    path: '/v1/orders',
    body: () => placeBody(ids().orderId, known.customerId, '2026-03-09T00:00:00Z'),
  },
  {
    method: 'POST',
    path: '/v1/orders/:id/shipments',
    body: () => ({
      shipmentId: 's',
      carrier: 'c',
      trackingNumber: 't',
      estimatedDeliveryAt: '2026-04-01T00:00:00Z',
    }),
  },
  {
    method: 'POST',
    path: '/v1/orders/:id/delays',
    body: () => ({ newEstimatedDeliveryAt: '2026-04-02T00:00:00Z', reason: 'r' }),
  },
  { method: 'POST', path: '/v1/orders/:id/delivery', body: () => ({}) },
  { method: 'POST', path: '/v1/orders/:id/cancellation', body: () => ({ reason: 'r' }) },
  {
    method: 'POST',
    path: '/v1/returns',
    body: () => ({
      returnId: ids().returnId,
      orderId: known.orderId,
      items: [{ lineNo: 1, qty: 1, reason: 'other' }],
      resolution: 'refund',
    }),
  },
  { method: 'POST', path: '/v1/returns/:id/approval', body: () => ({}) },
  { method: 'POST', path: '/v1/returns/:id/rejection', body: () => ({ reason: 'r' }) },
  {
    method: 'POST',
    path: '/v1/returns/:id/receipt',
    body: () => ({ items: [{ lineNo: 2, qty: 1, condition: 'new' }] }),
  },
  { method: 'POST', path: '/v1/returns/:id/refund', body: () => ({ amount: money }) },
  { method: 'POST', path: '/v1/returns/:id/exchange', body: () => ({}) },
  { method: 'POST', path: '/v1/returns/:id/store-credit', body: () => ({ amount: money }) },
  {
    method: 'POST',
    path: '/v1/repairs',
    body: () => ({ repairId: ids().repairId, orderId: known.orderId, lineNo: 2, issue: 'i' }),
  },
  { method: 'POST', path: '/v1/repairs/:id/quote', body: () => ({ amount: money }) },
  { method: 'POST', path: '/v1/repairs/:id/quote-acceptance', body: () => ({}) },
  { method: 'POST', path: '/v1/repairs/:id/quote-decline', body: () => ({}) },
  { method: 'POST', path: '/v1/repairs/:id/completion', body: () => ({ outcome: 'repaired' }) },
  { method: 'POST', path: '/v1/repairs/:id/cancellation', body: () => ({ reason: 'r' }) },
  {
    method: 'POST',
    path: '/v1/feedback',
    body: () => ({
      feedbackId: 'f',
      customerId: known.customerId,
      subject: { type: 'order', id: known.orderId },
      csat: 3,
    }),
  },
  {
    method: 'POST',
    path: '/v1/loyalty/:id/redemptions',
    body: () => ({ redemptionId: ids().returnId, points: 10 }),
  },
  {
    method: 'POST',
    path: '/v1/cases',
    support: true,
    body: () => ({
      caseId: ids().returnId,
      customerId: known.customerId,
      channel: 'email',
      openedBy: { type: 'agent', agentId: 'a-1' },
      subject: { type: 'order', id: known.orderId },
    }),
  },
  {
    method: 'POST',
    path: '/v1/cases/:id/messages',
    support: true,
    body: () => ({ messageId: ids().returnId, direction: 'out', agentId: 'a-1', body: 'b' }),
  },
  {
    method: 'POST',
    path: '/v1/cases/:id/assignment',
    support: true,
    body: () => ({ assignee: { type: 'team', id: 't' } }),
  },
  { method: 'POST', path: '/v1/cases/:id/priority', support: true, body: () => ({ priority: 'high' }) },
  { method: 'POST', path: '/v1/cases/:id/pending', support: true, body: () => ({ pending: true }) },
  { method: 'POST', path: '/v1/cases/:id/solution', support: true, body: () => ({}) },
  { method: 'POST', path: '/v1/cases/:id/reopening', support: true, body: () => ({}) },
  { method: 'GET', path: '/v1/cases/:id', support: true },
  { method: 'GET', path: '/v1/customers/:id' },
  { method: 'GET', path: '/v1/orders/:id' },
  { method: 'GET', path: '/v1/returns/:id' },
  { method: 'GET', path: '/v1/repairs/:id' },
  { method: 'GET', path: '/v1/loyalty/:id' },
  { method: 'GET', path: '/v1/streams/:id' },
];

const weirdText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../..',
    'a/b',
    '%2F',
    '\u0000',
    '\ud800',
    '💥',
    'x'.repeat(300),
    '-1',
    'null',
  ),
);
const anId = fc.oneof(
  fc
    .constantFrom(
      () => known.customerId,
      () => known.orderId,
      () => known.returnId,
      () => known.repairId,
      () => knownCaseId,
    )
    .map((f) => f()),
  weirdText,
);

/** A valid body with one thing wrong (or nothing): a missing, retyped or extra field. */
const mutated = (body: object) =>
  fc.oneof(
    fc.constant(body),
    fc.constantFrom(...Object.keys(body), 'extra').chain((key) =>
      fc.oneof(
        fc.constant(Object.fromEntries(Object.entries(body).filter(([k]) => k !== key))),
        fc.jsonValue({ maxDepth: 3 }).map((value) => ({ ...body, [key]: value })),
        weirdText.map((value) => ({ ...body, [key]: value })),
      ),
    ),
    fc.constant({ ...body, occurredAt: 'not a time' }),
  );

type Payload = { raw: string; contentType?: string };
const json = (value: unknown): Payload => ({
  raw: JSON.stringify(value) ?? 'null',
  contentType: 'application/json',
});
const anyPayload = (route: Route): fc.Arbitrary<Payload> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(route.body?.() ?? {}).map(json) },
    { weight: 4, arbitrary: mutated(route.body?.() ?? {}).map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: weirdText.map((raw) => ({ raw, contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc.record({
        raw: weirdText,
        contentType: fc.constantFrom(
          'text/plain',
          'application/xml',
          'multipart/form-data',
          'application/json; charset=utf-16',
          'garbage',
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        raw: JSON.stringify({ pad: 'x'.repeat(80_000) }),
        contentType: 'application/json',
      }),
    },
    { weight: 1, arbitrary: fc.constant({ raw: '' }) },
  );

const anyHeaders = fc.record(
  {
    authorization: fc.oneof(
      // Mostly the right key, so most requests reach validation and the domain.
      { weight: 8, arbitrary: fc.constant('right') },
      fc.constant('writer'),
      fc.constant('reader'),
      fc.constant('none'),
      weirdText.map((t) => `Bearer ${t}`.replace(/[^ -~]/g, '?')),
    ),
    'idempotency-key': weirdText.map((t) => t.replace(/[^ -~]/g, '?')),
    'if-match': fc.oneof(
      fc.constantFrom('"0"', '"1"', '"-1"', '*', 'W/"1"', '"99999999999999999999"'),
      weirdText.map((t) => t.replace(/[^\x20-\x7e]/g, '?')),
    ),
    // Unique per request (when sane), so a leak can be traced to the request that caused it.
    'x-correlation-id': weirdText.map(
      (t) => `${t.replace(/[^\x20-\x7e]/g, '?')}-${Math.random().toString(36).slice(2)}`,
    ),
  },
  { requiredKeys: ['authorization'] },
);

const request = fc.constantFrom(...routes).chain((route) =>
  fc.record({
    route: fc.constant(route),
    id: anId,
    encode: fc.boolean(),
    payload: anyPayload(route),
    headers: anyHeaders,
  }),
);

async function send(input: {
  route: Route;
  id: string;
  encode: boolean;
  payload: Payload;
  headers: {
    authorization: string;
    'idempotency-key'?: string;
    'if-match'?: string;
    'x-correlation-id'?: string;
  };
}) {
  const { route, id, encode, payload, headers } = input;
  // Lone surrogates cannot be percent-encoded; a client would send U+FFFD.
  const wellFormed = id.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
  const segment =
    encode || /[^\x21-\x7e]|[?#%]/.test(wellFormed) ? encodeURIComponent(wellFormed) : wellFormed;
  const url = route.path.replace(':id', segment || 'x');
  const right = route.support ? h.keys.support : route.method === 'GET' ? h.keys.reader : h.keys.writer;
  const key =
    { right, writer: h.keys.writer, reader: h.keys.reader, none: null }[headers.authorization] ?? undefined;
  const { authorization: _, ...rest } = headers;
  const before = await h.store.headPosition();
  const res = await h.app.inject({
    method: route.method,
    url,
    headers: {
      ...rest,
      ...(key === null ? {} : { authorization: key === undefined ? headers.authorization : `Bearer ${key}` }),
      ...(route.method !== 'GET' && payload.contentType ? { 'content-type': payload.contentType } : {}),
    },
    ...(route.method === 'GET' ? {} : { payload: payload.raw }),
  });
  requests += 1;
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  expect(res.statusCode, `${route.method} ${url} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const correlationId = String(res.headers['x-correlation-id']);
    rejected.add(correlationId);
    const after = await h.store.headPosition();
    if (after !== before) {
      // The head can also move because an earlier append became visible late; then the new
      // events must not be this request's.
      const appended = await h.store.readAll({ after: before });
      expect(appended.filter((e) => e.metadata.correlationId === correlationId)).toEqual([]);
    }
  }
}

it('answers 5,000 random and malformed requests across all routes without a 5xx or a stray append', async () => {
  await fc.assert(fc.asyncProperty(request, send), { numRuns: 5_000 });
  expect(requests).toBeGreaterThanOrEqual(5_000);
}, 600_000);
