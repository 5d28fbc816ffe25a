import { MemoryEventStore, type NewEvent, newEventId } from '@aftersales/event-store';
import { describe, expect, it } from 'vitest';
import { isEnvelope } from './envelope';
import { InMemoryKeyStore } from './key-store';
import { FORGOTTEN_MARKER, UNREADABLE_MARKER } from './personal-fields';
import { ShreddingEventStore } from './shredding-store';

const registered = (customerId: string, eventId: string): NewEvent => ({
  type: 'CustomerRegistered',
  data: {
    customerId,
    name: 'Leila Ahmadi',
    email: 'leila@example.com',
    phone: '+989121234567',
    language: 'fa',
    timezone: 'Asia/Tehran',
    consents: {
      email: { transactional: true, marketing: false },
      sms: { transactional: false, marketing: false },
    },
    registeredAt: '2026-01-01T00:00:00.000Z',
  },
  metadata: { eventId, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
});

const profileChanged = (customerId: string, eventId: string): NewEvent => ({
  type: 'CustomerProfileChanged',
  data: {
    customerId,
    changes: { email: 'new@example.com', timezone: 'UTC' },
    changedAt: '2026-01-02T00:00:00.000Z',
  },
  metadata: { eventId, occurredAt: '2026-01-02T00:00:00.000Z', schemaVersion: 1 },
});

function setup() {
  const inner = new MemoryEventStore();
  const keys = new InMemoryKeyStore();
  return { inner, keys, store: new ShreddingEventStore(inner, keys) };
}

describe('ShreddingEventStore', () => {
  it('stores personal fields as envelopes and reads them back in the clear', async () => {
    const { inner, store } = setup();
    await store.appendToStream('customer-c1', [
      registered('c1', newEventId()),
      profileChanged('c1', newEventId()),
    ]);

    const raw = await inner.readStream('customer-c1');
    const rawRegistered = raw[0]?.data as Record<string, unknown>;
    expect(isEnvelope(rawRegistered.name)).toBe(true);
    expect(isEnvelope(rawRegistered.email)).toBe(true);
    expect(isEnvelope(rawRegistered.phone)).toBe(true);
    expect(rawRegistered.timezone).toBe('Asia/Tehran');
    expect(JSON.stringify(raw.map((event) => event.data))).not.toContain('leila@example.com');
    expect(JSON.stringify(raw.map((event) => event.data))).not.toContain('new@example.com');

    const read = await store.readStream('customer-c1');
    expect(read[0]?.data).toEqual(registered('c1', newEventId()).data);
    expect(read[1]?.data).toEqual(profileChanged('c1', newEventId()).data);
  });

  it('seals every part of a linked append, and links only where the wrapped store does', async () => {
    const { inner, store } = setup();
    await store.appendLinked?.([
      { streamId: 'customer-c2', events: [registered('c2', newEventId())], expectedRevision: 'no_stream' },
      { streamId: 'customer-c3', events: [registered('c3', newEventId())], expectedRevision: 'no_stream' },
    ]);
    const raw = [...(await inner.readStream('customer-c2')), ...(await inner.readStream('customer-c3'))];
    expect(raw).toHaveLength(2);
    for (const event of raw) expect(isEnvelope((event.data as Record<string, unknown>).email)).toBe(true);
    expect((await store.readStream('customer-c3'))[0]?.data).toMatchObject({ email: 'leila@example.com' });
    const unlinked = new ShreddingEventStore(
      { ...inner, kind: inner.kind, appendLinked: undefined } as never,
      new InMemoryKeyStore(),
    );
    expect(unlinked.appendLinked).toBeUndefined();
  });

  it('reads the fields as the forgotten marker once the key is destroyed, keeping the shape', async () => {
    const { keys, store } = setup();
    await store.appendToStream('customer-c2', [registered('c2', newEventId())]);
    await store.appendToStream('customer-c3', [registered('c3', newEventId())]);
    await keys.destroy('c2');

    const [forgotten] = await store.readStream('customer-c2');
    expect(forgotten?.data).toMatchObject({
      name: FORGOTTEN_MARKER,
      email: FORGOTTEN_MARKER,
      language: 'fa',
    });
    const [kept] = await store.readAll({ filter: { streamPrefixes: ['customer-c3'] } });
    expect(kept?.data).toMatchObject({ name: 'Leila Ahmadi' });
  });

  it('seals a retried append to the same bytes, so idempotency by event id holds', async () => {
    const { inner, store } = setup();
    const event = registered('c4', newEventId());
    await store.appendToStream('customer-c4', [event]);
    await store.appendToStream('customer-c4', [event]);
    expect(await inner.readStream('customer-c4')).toHaveLength(1);
  });

  it('never stores readable data for a customer whose key is gone', async () => {
    const { inner, keys, store } = setup();
    await keys.destroy('c5');
    await store.appendToStream('customer-c5', [registered('c5', newEventId())]);
    const [raw] = await inner.readStream('customer-c5');
    expect(raw?.data).toMatchObject({ name: FORGOTTEN_MARKER, email: FORGOTTEN_MARKER });
  });

  it('shows an altered envelope as unreadable, and an envelope moved to another customer too', async () => {
    const { inner, keys, store } = setup();
    await store.appendToStream('customer-c6', [registered('c6', newEventId())]);
    await keys.keyForWriting('c7');
    const [raw] = await inner.readStream('customer-c6');
    const moved = { ...(raw?.data as Record<string, unknown>), customerId: 'c7' };
    await inner.appendToStream('customer-c7', [
      {
        type: 'CustomerRegistered',
        data: moved,
        metadata: { eventId: newEventId(), occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
      },
    ]);
    const [read] = await store.readStream('customer-c7');
    expect(read?.data).toMatchObject({ name: UNREADABLE_MARKER });
  });

  it('passes events without personal data through untouched', async () => {
    const { inner, store } = setup();
    const event: NewEvent = {
      type: 'OrderDelivered',
      data: { orderId: 'o1', customerId: 'c8', deliveredAt: '2026-01-03T00:00:00.000Z' },
      metadata: { eventId: newEventId(), occurredAt: '2026-01-03T00:00:00.000Z', schemaVersion: 1 },
    };
    await store.appendToStream('order-o1', [event]);
    expect((await inner.readStream('order-o1'))[0]?.data).toEqual(event.data);
  });
});

describe('ShreddingEventStore subscriptions', () => {
  it('opens personal fields for subscribers too', async () => {
    const { store } = setup();
    await store.appendToStream('customer-s1', [registered('s1', newEventId())]);
    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const first = await iterator.next();
    await subscription.close();
    expect(first.value?.data).toMatchObject({ name: 'Leila Ahmadi', email: 'leila@example.com' });
  });
});

describe('support case messages', () => {
  it("seal the body under the case customer's key; forgetting the customer forgets the text", async () => {
    const { inner, keys, store } = setup();
    const message: NewEvent = {
      type: 'CaseMessageAdded',
      data: {
        caseId: 'case-1',
        customerId: 'c9',
        messageId: 'm-1',
        direction: 'in',
        channel: 'email',
        author: { type: 'customer' },
        body: 'Please call me on +989121234567',
        addedAt: '2026-01-03T00:00:00.000Z',
      },
      metadata: { eventId: newEventId(), occurredAt: '2026-01-03T00:00:00.000Z', schemaVersion: 1 },
    };
    await store.appendToStream('case-case-1', [message]);
    const raw = (await inner.readStream('case-case-1'))[0]?.data as Record<string, unknown>;
    expect(isEnvelope(raw.body)).toBe(true);
    expect(raw).toMatchObject({ direction: 'in', channel: 'email', customerId: 'c9' });
    expect((await store.readStream('case-case-1'))[0]?.data).toEqual(message.data);
    await keys.destroy('c9');
    expect((await store.readStream('case-case-1'))[0]?.data).toMatchObject({
      body: FORGOTTEN_MARKER,
      messageId: 'm-1',
    });
  });
});
