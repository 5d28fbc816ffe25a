import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../command-api/test/fixtures';
import { type Harness, startHarness } from '../../command-api/test/harness';
import { createClient, ProblemError } from '../src/index';
import { generateClientSources } from './generate';

const generated = (name: string) => new URL(`../src/generated/${name}`, import.meta.url);

let h: Harness;
let baseUrl: string;
beforeAll(async () => {
  h = await startHarness({ withOps: true });
  baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => h?.close());

describe('@aftersales/client', () => {
  it('is generated from the document the API serves (UPDATE_CLIENT=1 regenerates it)', async () => {
    const document = (await h.send({ method: 'GET', url: '/openapi.json', key: h.keys.all })).json();
    const sources = await generateClientSources(document);
    if (process.env.UPDATE_CLIENT === '1') {
      writeFileSync(generated('api.ts'), sources.api);
      writeFileSync(generated('operations.ts'), sources.operations);
    }
    expect(readFileSync(generated('api.ts'), 'utf8')).toBe(sources.api);
    expect(readFileSync(generated('operations.ts'), 'utf8')).toBe(sources.operations);
  });

  it('runs commands and reads, typed, with Idempotency-Keys, ETags and problems', async () => {
    const client = createClient({ baseUrl, apiKey: h.keys.all });
    const { customerId, orderId } = ids();
    const registered = await client.registerCustomer({
      body: { ...registerBody(customerId), language: 'fa' },
      idempotencyKey: `c-${customerId}`,
    });
    expect(registered).toMatchObject({ status: 201, etag: '"0"', replayed: false });
    expect(registered.data.events[0]?.type).toBe('CustomerRegistered');
    const again = await client.registerCustomer({
      body: { ...registerBody(customerId), language: 'fa' },
      idempotencyKey: `c-${customerId}`,
    });
    expect(again).toMatchObject({ status: 201, replayed: true, data: registered.data });

    await client.placeOrder({ body: placeBody(orderId, customerId, '2026-03-01T10:00:00Z') });
    const order = await client.getOrder({ path: { id: orderId } });
    expect(order.data).toMatchObject({ id: orderId, state: { status: 'placed' } });

    const refused = await client
      .deliverOrder({ path: { id: orderId }, body: {} })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ProblemError);
    expect(refused).toMatchObject({ status: 409, code: 'order-not-shipped' });
    const missing = await client.getOrder({ path: { id: ids().orderId } }).catch((err: unknown) => err);
    expect(missing).toMatchObject({ status: 404, code: 'order-not-found' });
  });
});
