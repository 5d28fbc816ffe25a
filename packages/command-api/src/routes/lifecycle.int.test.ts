import { causedEventId } from '@aftersales/event-store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

// Business time is explicit: the API's clock is this variable, commands may carry occurredAt.
let clock = new Date('2026-03-10T12:00:00.000Z');
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => clock });
});
afterAll(async () => h?.close());
beforeEach(() => {
  clock = new Date('2026-03-10T12:00:00.000Z');
});

const post = (url: string, payload: object) => h.send({ method: 'POST', url, payload });
const read = (url: string) => h.send({ method: 'GET', url, key: h.keys.reader });
const history = async (stream: string) => {
  const res = await read(`/v1/streams/${stream}?limit=1000`);
  return res.statusCode === 404
    ? []
    : (res.json().events as { type: string; data: never; metadata: never }[]);
};
const typesOf = async (stream: string) => (await history(stream)).map((e) => e.type);

/** A registered customer with a delivered order (placed 1 March, delivered 5 March). */
async function deliveredOrder() {
  const id = ids();
  expect((await post('/v1/customers', registerBody(id.customerId))).statusCode).toBe(201);
  expect(
    (await post('/v1/orders', placeBody(id.orderId, id.customerId, '2026-03-01T10:00:00.000Z'))).statusCode,
  ).toBe(201);
  const ship = await post(`/v1/orders/${id.orderId}/shipments`, {
    shipmentId: id.shipmentId,
    carrier: 'DHL',
    trackingNumber: 'JD0146000031',
    estimatedDeliveryAt: '2026-03-06T18:00:00.000Z',
    occurredAt: '2026-03-02T09:00:00.000Z',
  });
  expect(ship.statusCode).toBe(200);
  const delivery = await post(`/v1/orders/${id.orderId}/delivery`, {
    occurredAt: '2026-03-05T14:30:00.000Z',
  });
  expect(delivery.statusCode).toBe(200);
  return { ...id, delivery: delivery.json() };
}

describe('customers', () => {
  it('registers, reads, changes the profile and sets consents', async () => {
    const { customerId } = ids();
    const created = await post('/v1/customers', registerBody(customerId));
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`/v1/customers/${customerId}`);
    expect(created.headers.etag).toBe('"0"');
    expect(created.json().events.map((e: { type: string }) => e.type)).toEqual(['CustomerRegistered']);

    const changed = await h.send({
      method: 'PATCH',
      url: `/v1/customers/${customerId}`,
      payload: { language: 'en' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"1"');
    const consents = await h.send({
      method: 'PUT',
      url: `/v1/customers/${customerId}/consents`,
      payload: {
        consents: {
          email: { transactional: true, marketing: false },
          sms: { transactional: false, marketing: false },
        },
      },
    });
    expect(consents.statusCode).toBe(200);

    const got = await read(`/v1/customers/${customerId}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"2"');
    expect(got.json().state).toMatchObject({
      status: 'registered',
      language: 'en',
      consents: { email: { marketing: false } },
    });
  });

  it('refuses a second registration, an unknown customer and an empty change', async () => {
    const { customerId } = ids();
    await post('/v1/customers', registerBody(customerId));
    const again = await post('/v1/customers', registerBody(customerId));
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.json()).toMatchObject({ status: 409, code: 'customer-already-registered' });
    const unknown = await h.send({
      method: 'PATCH',
      url: `/v1/customers/${ids().customerId}`,
      payload: { name: 'X' },
    });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'customer-not-found' });
    const empty = await h.send({ method: 'PATCH', url: `/v1/customers/${customerId}`, payload: {} });
    expect(empty.json()).toMatchObject({ status: 422, code: 'empty-profile-change' });
    const badTimezone = await post('/v1/customers', {
      ...registerBody(ids().customerId),
      timezone: 'Mars/Olympus',
    });
    expect(badTimezone.json()).toMatchObject({ status: 422, code: 'invalid-timezone' });
    const badLanguage = await post('/v1/customers', { ...registerBody(ids().customerId), language: 'de' });
    expect(badLanguage.json()).toMatchObject({ status: 400, code: 'invalid-request' });
    expect((await read(`/v1/customers/${ids().customerId}`)).statusCode).toBe(404);
  });
});

describe('orders', () => {
  it('places, ships, delays and delivers; delivery earns pending points with ids derived from it', async () => {
    const id = ids();
    await post('/v1/customers', registerBody(id.customerId));
    const placed = await post(
      '/v1/orders',
      placeBody(id.orderId, id.customerId, '2026-03-01T10:00:00+03:30'),
    );
    expect(placed.statusCode).toBe(201);
    const [placedEvent] = await history(`order-${id.orderId}`);
    // Business time as given, normalised to UTC.
    expect(placedEvent?.data).toMatchObject({ placedAt: '2026-03-01T06:30:00.000Z' });
    await post(`/v1/orders/${id.orderId}/shipments`, {
      shipmentId: id.shipmentId,
      carrier: 'DHL',
      trackingNumber: 'T1',
      estimatedDeliveryAt: '2026-03-06T18:00:00.000Z',
      occurredAt: '2026-03-02T09:00:00.000Z',
    });
    const delayed = await post(`/v1/orders/${id.orderId}/delays`, {
      newEstimatedDeliveryAt: '2026-03-08T18:00:00.000Z',
      reason: 'storm',
      occurredAt: '2026-03-04T09:00:00.000Z',
    });
    expect(delayed.json().events[0].type).toBe('ShipmentDelayed');
    const earlier = await post(`/v1/orders/${id.orderId}/delays`, {
      newEstimatedDeliveryAt: '2026-03-07T18:00:00.000Z',
      reason: 'back on track',
    });
    expect(earlier.json()).toMatchObject({ status: 409, code: 'estimate-not-later' });

    const delivered = await post(`/v1/orders/${id.orderId}/delivery`, {
      occurredAt: '2026-03-08T10:00:00.000Z',
    });
    expect(delivered.statusCode).toBe(200);
    const body = delivered.json();
    expect(body.related).toHaveLength(1);
    expect(body.related[0].stream).toBe(`loyalty-${id.customerId}`);
    expect(body.related[0].events[0]).toEqual({
      type: 'PointsEarned',
      eventId: causedEventId(body.events[0].eventId, 0),
    });
    const loyalty = await read(`/v1/loyalty/${id.customerId}?asOf=2026-03-09T00:00:00.000Z`);
    expect(loyalty.json().pending).toBeGreaterThan(0);
    expect(loyalty.json().available).toBe(0);
    const order = await read(`/v1/orders/${id.orderId}`);
    expect(order.json().state).toMatchObject({
      status: 'delivered',
      promisedDeliveryAt: '2026-03-06T18:00:00.000Z',
    });
  });

  it('cancels only before delivery and answers unknown orders with 404', async () => {
    const { orderId, customerId } = await deliveredOrder();
    const late = await post(`/v1/orders/${orderId}/cancellation`, { reason: 'changed mind' });
    expect(late.json()).toMatchObject({ status: 409, code: 'order-already-delivered' });
    const other = ids().orderId;
    await post('/v1/orders', placeBody(other, customerId, '2026-03-09T10:00:00.000Z'));
    const cancelled = await post(`/v1/orders/${other}/cancellation`, { reason: 'changed mind' });
    expect(cancelled.json().events[0].type).toBe('OrderCancelled');
    const unknown = await post(`/v1/orders/${ids().orderId}/shipments`, {
      shipmentId: 's',
      carrier: 'c',
      trackingNumber: 't',
      estimatedDeliveryAt: '2026-04-01T00:00:00.000Z',
    });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'order-not-found' });
    const noLines = await post('/v1/orders', {
      ...placeBody(ids().orderId, customerId, '2026-03-09T10:00:00Z'),
      lines: [],
    });
    expect(noLines.json()).toMatchObject({ status: 400, code: 'invalid-request' });
  });
});

describe('returns', () => {
  it('reserves on the order, then runs approval, receipt and refund; the refund reverses points', async () => {
    const { orderId, customerId, returnId } = await deliveredOrder();
    const requested = await post('/v1/returns', {
      returnId,
      orderId,
      items: [{ lineNo: 2, qty: 1, reason: 'damaged', reasonText: 'chipped' }],
      resolution: 'refund',
    });
    expect(requested.statusCode).toBe(201);
    expect(requested.headers.location).toBe(`/v1/returns/${returnId}`);
    expect(requested.json().related[0]).toMatchObject({ stream: `order-${orderId}` });
    expect(await typesOf(`order-${orderId}`)).toContain('ReturnQuantityReserved');

    expect((await post(`/v1/returns/${returnId}/approval`, {})).statusCode).toBe(200);
    const received = await post(`/v1/returns/${returnId}/receipt`, {
      items: [{ lineNo: 2, qty: 1, condition: 'damaged' }],
    });
    expect(received.statusCode).toBe(200);
    const refunded = await post(`/v1/returns/${returnId}/refund`, {
      amount: { amount: 899, currency: 'EUR' },
    });
    expect(refunded.statusCode).toBe(200);
    expect(refunded.json().related[0].events[0].type).toBe('PointsReversed');

    // Exactly the points awarded for the refunded unit: floor(line points × 1 / 2).
    const ledger = await history(`loyalty-${customerId}`);
    const earned = ledger.find((e) => e.type === 'PointsEarned')?.data as unknown as {
      lots: { lineNo: number; points: number; qty: number }[];
    };
    const mugLot = earned.lots.find((lot) => lot.lineNo === 2);
    const balance = (await read(`/v1/loyalty/${customerId}?asOf=2026-03-20T00:00:00.000Z`)).json();
    expect(balance.reversed).toBe(Math.floor(((mugLot?.points ?? 0) * 1) / (mugLot?.qty ?? 1)));

    const got = await read(`/v1/returns/${returnId}`);
    expect(got.json().state.status).toBe('refunded');
  });

  it('rejects a return and releases its reservation; never reserves more than delivered', async () => {
    const { orderId, returnId } = await deliveredOrder();
    const all = {
      returnId,
      orderId,
      items: [{ lineNo: 2, qty: 2, reason: 'not-as-described' }],
      resolution: 'exchange',
    };
    expect((await post('/v1/returns', all)).statusCode).toBe(201);
    const second = ids().returnId;
    const tooMany = await post('/v1/returns', {
      ...all,
      returnId: second,
      items: [{ lineNo: 2, qty: 1, reason: 'other' }],
    });
    expect(tooMany.json()).toMatchObject({ status: 409, code: 'return-quantity-exceeded' });
    expect(await history(`return-${second}`)).toEqual([]);

    const rejected = await post(`/v1/returns/${returnId}/rejection`, { reason: 'used' });
    expect(rejected.json().related[0].events[0].type).toBe('ReturnQuantityReleased');
    // Released: the units can be requested again.
    expect((await post('/v1/returns', { ...all, returnId: second })).statusCode).toBe(201);
  });

  it('lets exactly one of two concurrent requests take the last units', async () => {
    const { orderId } = await deliveredOrder();
    const request = (returnId: string) =>
      post('/v1/returns', {
        returnId,
        orderId,
        items: [{ lineNo: 2, qty: 2, reason: 'other' }],
        resolution: 'refund',
      });
    const results = await Promise.all([
      request(ids().returnId),
      request(ids().returnId),
      request(ids().returnId),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const reserved = (await history(`order-${orderId}`)).filter((e) => e.type === 'ReturnQuantityReserved');
    expect(reserved).toHaveLength(1);
  });

  it('resolves by exchange and by store credit; refuses outside the window and unknown orders', async () => {
    const { orderId } = await deliveredOrder();
    for (const [resolution, route, payload] of [
      ['exchange', 'exchange', { replacementOrderId: ids().orderId }],
      ['store-credit', 'store-credit', { amount: { amount: 899, currency: 'EUR' } }],
    ] as const) {
      const returnId = ids().returnId;
      await post('/v1/returns', {
        returnId,
        orderId,
        items: [{ lineNo: 2, qty: 1, reason: 'other' }],
        resolution,
      });
      await post(`/v1/returns/${returnId}/approval`, {});
      await post(`/v1/returns/${returnId}/receipt`, { items: [{ lineNo: 2, qty: 1, condition: 'new' }] });
      const resolved = await post(`/v1/returns/${returnId}/${route}`, payload);
      expect(resolved.statusCode).toBe(200);
    }
    clock = new Date('2026-05-01T00:00:00.000Z');
    const late = await post('/v1/returns', {
      returnId: ids().returnId,
      orderId,
      items: [{ lineNo: 1, qty: 1, reason: 'other' }],
      resolution: 'refund',
    });
    expect(late.json()).toMatchObject({ status: 409, code: 'return-window-closed' });
    const unknown = await post('/v1/returns', {
      returnId: ids().returnId,
      orderId: ids().orderId,
      items: [{ lineNo: 1, qty: 1, reason: 'other' }],
      resolution: 'refund',
    });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'order-not-found' });
    const notRequested = await post(`/v1/returns/${ids().returnId}/approval`, {});
    expect(notRequested.json()).toMatchObject({ status: 404, code: 'return-not-found' });
  });
});

describe('repairs', () => {
  it('covers an item in warranty and records the completion on the order', async () => {
    const { orderId, repairId } = await deliveredOrder();
    const requested = await post('/v1/repairs', {
      repairId,
      orderId,
      lineNo: 1,
      issue: 'does not heat',
      serialNumber: 'SN1',
    });
    expect(requested.statusCode).toBe(201);
    const repair = (await read(`/v1/repairs/${repairId}`)).json();
    expect(repair.state.coverage).toMatchObject({ inWarranty: true, basis: 'product-warranty' });
    const quote = await post(`/v1/repairs/${repairId}/quote`, { amount: { amount: 2500, currency: 'EUR' } });
    expect(quote.json()).toMatchObject({ status: 409, code: 'repair-in-warranty' });
    const completed = await post(`/v1/repairs/${repairId}/completion`, { outcome: 'repaired' });
    expect(completed.json().related[0].events[0].type).toBe('OrderLineRepaired');
    expect(await typesOf(`order-${orderId}`)).toContain('OrderLineRepaired');
  });

  it('quotes out of warranty: accepted, declined, cancelled', async () => {
    const { orderId } = await deliveredOrder();
    const quoted = async () => {
      const repairId = ids().repairId;
      await post('/v1/repairs', { repairId, orderId, lineNo: 2, issue: 'cracked' });
      const quote = await post(`/v1/repairs/${repairId}/quote`, {
        amount: { amount: 1200, currency: 'EUR' },
      });
      expect(quote.json()).toMatchObject({ events: [{ type: 'RepairQuoted' }] });
      return repairId;
    };
    const declined = await quoted();
    expect((await post(`/v1/repairs/${declined}/quote-decline`, {})).statusCode).toBe(200);
    const afterDecline = await post(`/v1/repairs/${declined}/completion`, { outcome: 'repaired' });
    expect(afterDecline.json()).toMatchObject({ status: 409, code: 'repair-quote-declined' });
    const cancelled = await quoted();
    expect((await post(`/v1/repairs/${cancelled}/cancellation`, { reason: 'withdrawn' })).statusCode).toBe(
      200,
    );
    // Last: a completed repair covers the same line for 90 days, so later requests are in warranty.
    const accepted = await quoted();
    expect((await post(`/v1/repairs/${accepted}/quote-acceptance`, {})).statusCode).toBe(200);
    expect((await post(`/v1/repairs/${accepted}/completion`, { outcome: 'replaced' })).statusCode).toBe(200);
    const again = ids().repairId;
    await post('/v1/repairs', { repairId: again, orderId, lineNo: 2, issue: 'cracked again' });
    expect((await read(`/v1/repairs/${again}`)).json().state.coverage).toMatchObject({
      basis: 'repair-warranty',
    });
    const unknownLine = await post('/v1/repairs', {
      repairId: ids().repairId,
      orderId,
      lineNo: 9,
      issue: 'x',
    });
    expect(unknownLine.statusCode).toBe(422);
  });
});

describe('feedback and loyalty', () => {
  it('awards the comment bonus once per subject, and redeems without going below zero', async () => {
    const { orderId, customerId, feedbackId } = await deliveredOrder();
    const feedback = {
      feedbackId,
      customerId,
      subject: { type: 'order', id: orderId },
      csat: 5,
      nps: 10,
      comment: 'Lovely kettle',
    };
    const given = await post('/v1/feedback', feedback);
    expect(given.statusCode).toBe(201);
    expect(given.json().related[0].events[0].type).toBe('BonusPointsAwarded');
    const again = await post('/v1/feedback', { ...feedback, feedbackId: ids().feedbackId });
    expect(again.json()).toMatchObject({ status: 409, code: 'feedback-already-given' });

    const now = (await read(`/v1/loyalty/${customerId}`)).json();
    expect(now.available).toBeGreaterThan(0);
    const tooMuch = await post(`/v1/loyalty/${customerId}/redemptions`, {
      redemptionId: 'r1',
      points: now.available + 1,
    });
    expect(tooMuch.json()).toMatchObject({ status: 409, code: 'insufficient-points' });
    const redeemed = await post(`/v1/loyalty/${customerId}/redemptions`, {
      redemptionId: 'r2',
      points: now.available,
    });
    expect(redeemed.statusCode).toBe(200);
    expect((await read(`/v1/loyalty/${customerId}`)).json().available).toBe(0);
    // The past is still readable: before the feedback nothing was available.
    const before = (await read(`/v1/loyalty/${customerId}?asOf=2026-03-06T00:00:00.000Z`)).json();
    expect(before.available).toBe(0);
  });
});

describe('stream history', () => {
  it('pages through a stream with revisions, positions and metadata', async () => {
    const { orderId } = await deliveredOrder();
    const first = (await read(`/v1/streams/order-${orderId}?limit=2`)).json();
    expect(first.events.map((e: { revision: number }) => e.revision)).toEqual([0, 1]);
    expect(first.nextRevision).toBe(2);
    expect(first.events[0].metadata).toMatchObject({
      correlationId: expect.any(String),
      actor: expect.any(String),
    });
    const next = (await read(`/v1/streams/order-${orderId}?fromRevision=2`)).json();
    expect(next.events[0].type).toBe('OrderDelivered');
    expect(next.nextRevision).toBeNull();
    expect((await read(`/v1/streams/order-${ids().orderId}`)).json()).toMatchObject({
      code: 'stream-not-found',
    });
  });

  it("refuses feedback on a subject that does not exist, is another customer's, or is not delivered yet, and awards nothing", async () => {
    const mine = await deliveredOrder();
    const other = ids();
    expect((await post('/v1/customers', registerBody(other.customerId))).statusCode).toBe(201);
    const feedback = (customerId: string, orderId: string) => ({
      feedbackId: ids().feedbackId,
      customerId,
      subject: { type: 'order', id: orderId },
      csat: 5,
      nps: 10,
      comment: 'Points, please',
    });
    const unknown = await post('/v1/feedback', feedback(other.customerId, ids().orderId));
    expect(unknown.json()).toMatchObject({ status: 404, code: 'feedback-subject-not-found' });
    const someoneElses = await post('/v1/feedback', feedback(other.customerId, mine.orderId));
    expect(someoneElses.json()).toMatchObject({ status: 404, code: 'feedback-subject-not-found' });
    const placedOnly = ids().orderId;
    expect(
      (await post('/v1/orders', placeBody(placedOnly, other.customerId, '2026-03-01T10:00:00.000Z')))
        .statusCode,
    ).toBe(201);
    const early = await post('/v1/feedback', feedback(other.customerId, placedOnly));
    expect(early.json()).toMatchObject({ status: 409, code: 'feedback-subject-not-ready' });
    expect((await read(`/v1/loyalty/${other.customerId}`)).json().available).toBe(0);
    expect(await typesOf(`feedback-order-${mine.orderId}`)).toEqual([]);
  });

  it('serves 50 concurrent redemptions without If-Match that all fit: every one succeeds', async () => {
    const { orderId, customerId, feedbackId } = await deliveredOrder();
    const bonus = await post('/v1/feedback', {
      feedbackId,
      customerId,
      subject: { type: 'order', id: orderId },
      csat: 5,
      nps: 10,
      comment: 'Quick and kind',
    });
    expect(bonus.statusCode).toBe(201);
    const available = (await read(`/v1/loyalty/${customerId}`)).json().available as number;
    expect(available).toBeGreaterThanOrEqual(50);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(`/v1/loyalty/${customerId}/redemptions`, { redemptionId: `par-${i}`, points: 1 }),
      ),
    );
    const failed = answers.filter((a) => a.statusCode !== 200).map((a) => a.body);
    expect(failed).toEqual([]);
    expect((await read(`/v1/loyalty/${customerId}`)).json().available).toBe(available - 50);
  });
});
