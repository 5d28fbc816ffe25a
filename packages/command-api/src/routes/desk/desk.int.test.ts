import {
  customerLookupProjection,
  opsProjections,
  rebuildProjections,
  startProjections,
  supportProjection,
} from '@aftersales/projections';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../../test/fixtures';
import { type Harness, startHarness } from '../../../test/harness';

let h: Harness;
const clock = new Date('2026-03-10T12:00:00.000Z');

beforeAll(async () => {
  h = await startHarness({ now: () => clock, withOps: true });
});
afterAll(async () => {
  await h?.close();
});

const post = async (url: string, payload: object, status = [200, 201]) => {
  const answer = await h.send({ method: 'POST', url, payload });
  expect(status, `${url}: ${answer.body}`).toContain(answer.statusCode);
  return answer;
};
const desk = (url: string) => h.send({ method: 'GET', url, key: h.keys.support });
const search = (payload: object) =>
  h.send({ method: 'POST', url: '/v1/customers/search', key: h.keys.support, payload });
/** DESIGN.md's form of the same search: `GET /v1/customers?email=` (or `phone`, `orderId`, `trackingNumber`). */
const find = (query: Record<string, string>) =>
  desk(`/v1/customers?${new URLSearchParams(query).toString()}`);
const idsOf = (answer: { json: () => { customers: { customerId: string }[] } }) =>
  answer
    .json()
    .customers.map((c) => c.customerId)
    .sort();

/** The read models brought up to the head of the log, as the projections service keeps them. */
const catchUp = () =>
  rebuildProjections({
    store: h.store,
    pool: h.pool,
    projections: [customerLookupProjection, supportProjection, ...opsProjections],
    log: pino({ level: 'silent' }),
  });

/** Every page of a list, following `nextCursor`. */
async function allPages(url: string, limit: number) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const answer = await desk(`${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(answer.statusCode, answer.body).toBe(200);
    const page = answer.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor !== null && pages < 50);
  return { items, pages };
}

const shirin = ids();
const other = ids();
const orders = [ids().orderId, ids().orderId, ids().orderId];
const tracking = `jd-${shirin.shipmentId}`;
const cases = [ids().orderId, ids().orderId, ids().orderId].map((id) => id.replace('ord-', 'case-'));

describe('support desk', () => {
  beforeAll(async () => {
    await post('/v1/customers', {
      ...registerBody(shirin.customerId),
      email: ` Shirin.${shirin.customerId}@Example.com `,
      phone: `+98 (21) ${shirin.customerId.replace(/\D/g, '').slice(-8).padStart(8, '1')}`,
    });
    await post('/v1/customers', {
      ...registerBody(other.customerId),
      email: `${other.customerId}@example.com`,
    });
    for (const [i, orderId] of orders.entries()) {
      await post('/v1/orders', placeBody(orderId, shirin.customerId, `2026-03-0${i + 1}T10:00:00.000Z`));
    }
    await post(`/v1/orders/${orders[0]}/shipments`, {
      shipmentId: shirin.shipmentId,
      carrier: 'DHL',
      trackingNumber: tracking,
      estimatedDeliveryAt: '2026-03-06T18:00:00.000Z',
      occurredAt: '2026-03-02T09:00:00.000Z',
    });
    await post(`/v1/orders/${orders[0]}/delivery`, { occurredAt: '2026-03-05T14:30:00.000Z' });
    await post('/v1/returns', {
      returnId: shirin.returnId,
      orderId: orders[0],
      items: [{ lineNo: 2, qty: 1, reason: 'damaged' }],
      resolution: 'refund',
    });
    await post('/v1/repairs', { repairId: shirin.repairId, orderId: orders[0], lineNo: 1, issue: 'no heat' });
    for (const [i, caseId] of cases.entries()) {
      await h.send({
        method: 'POST',
        url: '/v1/cases',
        key: h.keys.support,
        payload: {
          caseId,
          customerId: shirin.customerId,
          channel: 'phone',
          openedBy: { type: 'agent', agentId: 'agent-7' },
          priority: i === 0 ? 'urgent' : 'normal',
          occurredAt: `2026-03-0${i + 6}T10:00:00.000Z`,
        },
      });
    }
    await catchUp();
  });

  it('finds a customer by e-mail and by phone however they are typed, and nobody by a near miss', async () => {
    const phoneDigits = shirin.customerId.replace(/\D/g, '').slice(-8).padStart(8, '1');
    for (const email of [
      `shirin.${shirin.customerId}@example.com`,
      `  SHIRIN.${shirin.customerId}@EXAMPLE.COM`,
    ]) {
      const found = await search({ email });
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().customers).toEqual([
        expect.objectContaining({ customerId: shirin.customerId, matchedBy: 'email', language: 'fa' }),
      ]);
    }
    for (const phone of [`+9821${phoneDigits}`, `0098 21-${phoneDigits}`, `+98 (21) ${phoneDigits}`]) {
      expect(idsOf(await search({ phone })), phone).toEqual([shirin.customerId]);
    }
    expect(idsOf(await search({ email: `shirin.${shirin.customerId}x@example.com` }))).toEqual([]);
    const answer = await search({ phone: `+9821${phoneDigits}` });
    expect(answer.body).not.toContain('Shirin');
    expect(answer.body).not.toContain('@');
    // The GET form gives the same answer, for every criterion.
    expect((await find({ email: `  SHIRIN.${shirin.customerId}@EXAMPLE.COM` })).json()).toEqual(
      (await search({ email: `shirin.${shirin.customerId}@example.com` })).json(),
    );
    expect(idsOf(await find({ phone: `0098 21-${phoneDigits}` }))).toEqual([shirin.customerId]);
    expect(idsOf(await find({ orderId: orders[1] as string }))).toEqual([shirin.customerId]);
    expect((await find({})).statusCode).toBe(400);
    expect((await find({ email: 'a@b.c', phone: '+982112345678' })).statusCode).toBe(400);
    expect((await find({ phone: '021 1234 5678' })).json()).toMatchObject({ code: 'invalid-phone' });
    expect(
      (await h.send({ method: 'GET', url: '/v1/customers?email=a@b.c', key: h.keys.reader })).statusCode,
    ).toBe(403);
  });

  it('finds the customer of an order id or a tracking number', async () => {
    const byOrder = (await search({ orderId: orders[1] })).json();
    expect(byOrder.customers).toEqual([
      expect.objectContaining({ customerId: shirin.customerId, matchedBy: 'orderId', orderId: orders[1] }),
    ]);
    const byTracking = (await search({ trackingNumber: ` ${tracking.toUpperCase()} ` })).json();
    expect(byTracking.customers).toEqual([
      expect.objectContaining({ customerId: shirin.customerId, orderId: orders[0] }),
    ]);
  });

  it('keeps contact details in the lookup table only as keyed digests', async () => {
    const { rows } = await h.pool.query(
      'SELECT kind, digest FROM rm_private_desk_lookup.contacts WHERE customer_id = $1 ORDER BY kind',
      [shirin.customerId],
    );
    expect(rows.map((r) => r.kind)).toEqual(['email', 'phone']);
    for (const row of rows) expect(row.digest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(rows)).not.toContain(shirin.customerId.replace(/\D/g, '').slice(-8));
  });

  it("pages through a customer's orders, returns, repairs and cases in a stable order", async () => {
    const listed = await allPages(`/v1/customers/${shirin.customerId}/orders`, 2);
    expect(listed.pages).toBe(2);
    expect(listed.items.map((o) => o.orderId)).toEqual([...orders].reverse());
    expect(listed.items[2]).toMatchObject({ status: 'delivered', carrier: 'DHL', currency: 'EUR' });
    const returns = await allPages(`/v1/customers/${shirin.customerId}/returns`, 5);
    expect(returns.items).toEqual([
      expect.objectContaining({ returnId: shirin.returnId, orderId: orders[0], status: 'requested' }),
    ]);
    const repairs = await allPages(`/v1/customers/${shirin.customerId}/repairs`, 5);
    expect(repairs.items).toEqual([expect.objectContaining({ repairId: shirin.repairId, inWarranty: true })]);
    const byOne = await allPages(`/v1/customers/${shirin.customerId}/cases`, 1);
    expect(byOne.pages).toBe(3);
    expect(byOne.items.map((c) => c.caseId)).toEqual([...cases].reverse());
    expect((await allPages(`/v1/customers/${other.customerId}/orders`, 10)).items).toEqual([]);
  });

  it('lists cases by status and priority, oldest first', async () => {
    const urgent = await allPages('/v1/cases?status=open&priority=urgent', 10);
    expect(urgent.items.map((c) => c.caseId).filter((id) => cases.includes(String(id)))).toEqual([cases[0]]);
    const open = await allPages('/v1/cases?status=open', 1);
    const mine = open.items.map((c) => c.caseId).filter((id) => cases.includes(String(id)));
    expect(mine).toEqual(cases);
    const times = open.items.map((c) => String(c.openedAt));
    expect([...times].sort()).toEqual(times);
  });

  it('refuses bad limits, cursors, criteria and keys with a 4xx', async () => {
    const base = `/v1/customers/${shirin.customerId}/orders`;
    for (const limit of ['0', '101', 'ten']) {
      expect((await desk(`${base}?limit=${limit}`)).statusCode, limit).toBe(400);
    }
    expect((await desk(`${base}?cursor=not-a-cursor`)).json()).toMatchObject({ code: 'invalid-cursor' });
    const first = (await desk(`${base}?limit=1`)).json();
    const elsewhere = await desk(`/v1/customers/${shirin.customerId}/cases?cursor=${first.nextCursor}`);
    expect(elsewhere.json()).toMatchObject({ status: 400, code: 'invalid-cursor' });
    expect((await desk(`/v1/customers/${ids().customerId}/orders`)).statusCode).toBe(404);
    expect((await desk('/v1/cases?status=lost')).statusCode).toBe(400);
    expect((await search({ phone: '021 1234 5678' })).json()).toMatchObject({ code: 'invalid-phone' });
    expect((await search({ email: 'nobody' })).json()).toMatchObject({ code: 'invalid-email' });
    expect((await search({})).statusCode).toBe(400);
    expect((await search({ email: 'a@b.c', phone: '+982112345678' })).statusCode).toBe(400);
    const reader = await h.send({ method: 'POST', url: '/v1/customers/search', payload: { email: 'a@b.c' } });
    expect(reader.statusCode).toBe(403);
    expect((await h.send({ method: 'GET', url: base, key: h.keys.reader })).statusCode).toBe(403);
  });

  it('stores no idempotency record for a search, even when the client sends a key', async () => {
    const key = `search-${shirin.customerId}`;
    const answer = await h.send({
      method: 'POST',
      url: '/v1/customers/search',
      key: h.keys.support,
      headers: { 'idempotency-key': key },
      payload: { email: `shirin.${shirin.customerId}@example.com` },
    });
    expect(answer.statusCode).toBe(200);
    const { rows } = await h.pool.query('SELECT 1 FROM idempotency_records WHERE idempotency_key = $1', [
      key,
    ]);
    expect(rows).toEqual([]);
  });

  it('finds a forgotten customer no more: not by e-mail or phone, nor after a rebuild', async () => {
    const phone = `+9821${shirin.customerId.replace(/\D/g, '').slice(-8).padStart(8, '1')}`;
    const email = `shirin.${shirin.customerId}@example.com`;
    expect(idsOf(await search({ phone }))).toEqual([shirin.customerId]);
    const forgot = await h.send({
      method: 'POST',
      url: `/v1/ops/customers/${shirin.customerId}/forget`,
      key: h.keys.ops,
      payload: {},
    });
    expect(forgot.statusCode, forgot.body).toBe(200);
    const { rows } = await h.pool.query(
      'SELECT 1 FROM rm_private_desk_lookup.contacts WHERE customer_id = $1',
      [shirin.customerId],
    );
    expect(rows, 'forget erased the entries').toEqual([]);
    expect(idsOf(await search({ phone }))).toEqual([]);
    expect(idsOf(await search({ email }))).toEqual([]);
    expect(idsOf(await find({ phone }))).toEqual([]);
    expect(idsOf(await find({ email }))).toEqual([]);
    expect(idsOf(await search({ orderId: orders[0] })), 'nor by an order').toEqual([]);
    await catchUp();
    expect(idsOf(await search({ phone }))).toEqual([]);
    expect(idsOf(await search({ email }))).toEqual([]);
    expect(idsOf(await search({ email: `${other.customerId}@example.com` }))).toEqual([other.customerId]);
  });

  it('follows the log live: a new customer is found, a changed phone replaces the old one', async () => {
    const live = startProjections({
      store: h.store,
      pool: h.pool,
      log: pino({ level: 'silent' }),
      projections: [customerLookupProjection],
    });
    const until = async (what: string, found: () => Promise<boolean>) => {
      for (let i = 0; i < 600 && !(await found()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await found(), what).toBe(true);
    };
    try {
      const { customerId } = ids();
      const digits = customerId.replace(/\D/g, '').slice(-7).padStart(7, '2');
      await post('/v1/customers', {
        ...registerBody(customerId),
        email: `${customerId}@example.com`,
        phone: `+44 20 ${digits}`,
      });
      await until('found by phone', async () =>
        idsOf(await search({ phone: `0044 20${digits}` })).includes(customerId),
      );
      const changed = await h.send({
        method: 'PATCH',
        url: `/v1/customers/${customerId}`,
        payload: { phone: `+44 21-${digits}` },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      await until('found by the new phone', async () =>
        idsOf(await search({ phone: `+4421${digits}` })).includes(customerId),
      );
      expect(idsOf(await search({ phone: `+4420${digits}` })), 'the old phone').toEqual([]);
    } finally {
      await live.stop();
    }
  });
});
