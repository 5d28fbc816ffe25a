import { afterAll, beforeAll, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

let h: Harness;
const lines: string[] = [];
beforeAll(async () => {
  h = await startHarness({ logStream: { write: (line) => void lines.push(line) } });
});
afterAll(async () => h?.close());

it('logs JSON lines with the correlation id and without personal data or keys', async () => {
  const { customerId, orderId } = ids();
  const customer = registerBody(customerId);
  const headers = { 'x-correlation-id': `log-${customerId}` };
  await h.send({ method: 'POST', url: '/v1/customers', payload: customer, headers });
  await h.send({ method: 'POST', url: '/v1/customers', payload: customer, headers });
  await h.send({
    method: 'POST',
    url: '/v1/orders',
    payload: placeBody(orderId, customerId, '2026-03-01T10:00:00Z'),
  });
  await h.send({ method: 'POST', url: '/v1/customers', payload: { ...customer, email: 'broken' }, headers });

  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const mine = entries.filter((entry) => entry.correlationId === `log-${customerId}`);
  expect(mine.map((entry) => entry.msg)).toEqual(
    expect.arrayContaining(['incoming request', 'command handled', 'request rejected', 'request completed']),
  );
  const all = lines.join('\n');
  for (const secret of [customer.name, customer.email, customer.phone, h.keys.writer]) {
    expect(all).not.toContain(secret);
  }
});

it('redacts a key given in the query, under any credential-like name', async () => {
  const { orderId } = ids();
  for (const name of ['api_key', 'key', 'access_token']) {
    await h.send({
      method: 'GET',
      url: `/v1/orders/${orderId}?${name}=${h.keys.reader}&x=1`,
      key: h.keys.reader,
    });
  }
  const all = lines.join('\n');
  expect(all).not.toContain(h.keys.reader);
  expect(all).toContain(`/v1/orders/${orderId}?api_key=[redacted]&x=1`);
});
