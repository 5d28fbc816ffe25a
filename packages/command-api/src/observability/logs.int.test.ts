import { connect } from 'node:net';
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

it("keeps a support-desk search's e-mail and phone out of the logged URL", async () => {
  const { customerId } = ids();
  const email = `desk.${customerId}@example.com`;
  const phone = `+98912${customerId.replace(/\D/g, '').slice(-7).padStart(7, '3')}`;
  for (const query of [`email=${encodeURIComponent(email)}`, `phone=${encodeURIComponent(phone)}`]) {
    await h.send({ method: 'GET', url: `/v1/customers?${query}`, key: h.keys.support });
  }
  const all = lines.join('\n');
  expect(all).not.toContain(email);
  expect(all).not.toContain(encodeURIComponent(email));
  expect(all).not.toContain(encodeURIComponent(phone));
  expect(all).toContain('/v1/customers?email=[redacted]');
  expect(all).toContain('/v1/customers?phone=[redacted]');
});

it('logs a request whose client went away mid-body as 499, not as the store unavailable, and keeps serving', async () => {
  const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = new URL(address);
  const { customerId } = ids();
  const correlationId = `gone-${customerId}`;
  const body = JSON.stringify(registerBody(customerId));
  // The headers promise the whole body; half of it comes, then the connection is gone.
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `POST /v1/customers HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${h.keys.writer}\r\n` +
          `x-correlation-id: ${correlationId}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, body.length / 2)}`,
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 200);
    });
    socket.on('error', reject);
  });
  const mine = () =>
    lines
      .map(
        (line) =>
          JSON.parse(line) as { correlationId?: string; msg?: string; code?: string; status?: number },
      )
      .filter((entry) => entry.correlationId === correlationId);
  const deadline = Date.now() + 5_000;
  while (mine().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
  // With the socket gone no `request completed` line follows: the status is on the line that says why.
  expect(mine().map(({ msg, code, status }) => ({ msg, code, status }))).toEqual([
    { msg: 'incoming request', code: undefined, status: undefined },
    { msg: 'client went away before the answer', code: 'client-closed-request', status: 499 },
  ]);
  // Nothing of the half-sent command was stored, and the server answers the next client.
  expect(
    (await h.send({ method: 'GET', url: `/v1/customers/${customerId}`, key: h.keys.reader })).statusCode,
  ).toBe(404);
  const next = await fetch(`${address}/v1/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.keys.writer}`, 'content-type': 'application/json' },
    body: JSON.stringify(registerBody(ids().customerId)),
  });
  expect(next.status).toBe(201);
});
