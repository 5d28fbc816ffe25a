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
