import { afterAll, beforeAll, expect, it } from 'vitest';
import { ids, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ withOps: true });
});
afterAll(async () => h?.close());

it('serves the operations under /v1/ops to the ops scope, over a store that seals personal data', async () => {
  const { customerId } = ids();
  const body = registerBody(customerId);
  expect((await h.send({ method: 'POST', url: '/v1/customers', payload: body })).statusCode).toBe(201);

  // At rest the e-mail address is sealed; through the API it reads as given.
  const [stored] = await h.store.readStream(`customer-${customerId}`);
  expect(JSON.stringify(stored?.data)).not.toContain(body.email);
  const read = await h.send({ method: 'GET', url: `/v1/customers/${customerId}`, key: h.keys.reader });
  expect(read.json().state.email).toBe(body.email);

  const url = `/v1/ops/streams/customer-${customerId}/history`;
  expect((await h.send({ method: 'GET', url, key: h.keys.writer })).statusCode).toBe(403);
  expect((await h.send({ method: 'GET', url, key: null })).statusCode).toBe(401);
  const history = await h.send({ method: 'GET', url, key: h.keys.ops });
  expect(history.statusCode).toBe(200);
  expect(history.body).toContain('CustomerRegistered');
});

it('issues least-privilege keys under /v1/ops/keys, shown once, recorded as operator actions, rotated and revoked at once', async () => {
  const name = `warehouse-${ids().customerId.toLowerCase()}`;
  const created = await h.send({
    method: 'POST',
    url: '/v1/ops/keys',
    payload: { name, scopes: ['commands:write'] },
    key: h.keys.ops,
  });
  expect(created.statusCode).toBe(201);
  const { key } = created.json() as { key: string };
  expect(key).toMatch(/^ask_/);
  // The new key writes, and only writes.
  const { customerId } = ids();
  const asWarehouse = (method: 'GET' | 'POST', url: string, payload?: object) =>
    h.send({ method, url, ...(payload ? { payload } : {}), key });
  expect((await asWarehouse('POST', '/v1/customers', registerBody(customerId))).statusCode).toBe(201);
  expect((await asWarehouse('GET', '/v1/ops/keys')).statusCode).toBe(403);

  const listed = await h.send({ method: 'GET', url: '/v1/ops/keys', key: h.keys.ops });
  expect(listed.json().keys).toEqual(
    expect.arrayContaining([expect.objectContaining({ name, scopes: ['commands:write'], revokedAt: null })]),
  );
  expect(listed.body).not.toContain(key);
  const taken = await h.send({
    method: 'POST',
    url: '/v1/ops/keys',
    payload: { name, scopes: ['read'] },
    key: h.keys.ops,
  });
  expect(taken.json()).toMatchObject({ status: 400, code: 'key-name-taken' });

  const rotated = await h.send({ method: 'POST', url: `/v1/ops/keys/${name}/rotation`, key: h.keys.ops });
  const newKey = rotated.json().key as string;
  expect((await asWarehouse('POST', '/v1/customers', registerBody(ids().customerId))).statusCode).toBe(401);
  const withNew = await h.send({
    method: 'POST',
    url: '/v1/customers',
    payload: registerBody(ids().customerId),
    key: newKey,
  });
  expect(withNew.statusCode).toBe(201);

  const revoked = await h.send({ method: 'POST', url: `/v1/ops/keys/${name}/revocation`, key: h.keys.ops });
  expect(revoked.json()).toEqual({ name, revoked: true });
  const afterRevoke = await h.send({
    method: 'POST',
    url: '/v1/customers',
    payload: registerBody(ids().customerId),
    key: newKey,
  });
  expect(afterRevoke.statusCode).toBe(401);

  const { rows } = await h.pool.query<{ data: { action: string; arguments: unknown } }>(
    `SELECT data FROM event_store.events WHERE type = 'OperatorActionRecorded' AND data->>'action' LIKE 'keys-%' ORDER BY position`,
  );
  expect(rows.map((r) => r.data.action)).toEqual(
    expect.arrayContaining(['keys-create', 'keys-list', 'keys-rotate', 'keys-revoke']),
  );
  expect(JSON.stringify(rows)).not.toContain(key);
  expect(JSON.stringify(rows)).not.toContain(newKey);
});
