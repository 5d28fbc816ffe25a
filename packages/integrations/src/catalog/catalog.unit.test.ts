import type { RecordedEvent } from '@aftersales/event-store';
import { describe, expect, it } from 'vitest';
import { cloudEventSchema, integrationCatalog, toIntegrationEvents } from './catalog';

let position = 100n;
const recorded = (streamId: string, type: string, data: unknown): RecordedEvent => ({
  streamId,
  type,
  data,
  metadata: { eventId: `0197-${type}`, occurredAt: '2026-03-01T10:00:00.000Z', schemaVersion: 1 },
  revision: 0n,
  position: ++position,
  recordedAt: new Date('2026-03-01T10:00:01.000Z'),
});

describe('the integration catalog', () => {
  it('names every type aftersales.<aggregate>.<fact>.v<n>, each once', () => {
    const types = integrationCatalog.map((e) => e.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(type).toMatch(/^aftersales\.[a-z]+\.[a-z-]+\.v[1-9][0-9]*$/);
    expect(types).toContain('aftersales.return.approved.v1');
  });

  it('maps a registration to a CloudEvent with the id and no name, e-mail or phone', () => {
    const [event, ...more] = toIntegrationEvents(
      recorded('customer-c-1', 'CustomerRegistered', {
        customerId: 'c-1',
        name: 'Parisa Ahmadi',
        email: 'parisa@example.com',
        phone: '+989121234567',
        language: 'fa',
        timezone: 'Asia/Tehran',
        consents: {
          email: { transactional: true, marketing: false },
          sms: { transactional: true, marketing: false },
        },
        registeredAt: '2026-03-01T10:00:00.000Z',
      }),
    );
    expect(more).toEqual([]);
    expect(event).toEqual({
      specversion: '1.0',
      id: '0197-CustomerRegistered',
      source: 'urn:aftersales',
      type: 'aftersales.customer.registered.v1',
      subject: 'customer-c-1',
      time: '2026-03-01T10:00:00.000Z',
      datacontenttype: 'application/json',
      dataschema: 'urn:aftersales:schema:aftersales.customer.registered.v1',
      sequence: String(position),
      data: { customerId: 'c-1', language: 'fa', registeredAt: '2026-03-01T10:00:00.000Z' },
    });
    const text = JSON.stringify(event);
    for (const secret of ['Parisa', 'parisa@example.com', '+98912']) expect(text).not.toContain(secret);
  });

  it('leaves message bodies, comments and free-text reasons inside', () => {
    const events = [
      recorded('case-k-1', 'CaseMessageAdded', {
        caseId: 'k-1',
        customerId: 'c-1',
        messageId: 'm-1',
        direction: 'in',
        channel: 'email',
        author: { type: 'customer' },
        body: 'call me on +44 7700 900123',
        addedAt: '2026-03-01T10:00:00.000Z',
      }),
      recorded('feedback-order-o-1', 'FeedbackSubmitted', {
        feedbackId: 'f-1',
        customerId: 'c-1',
        subject: { type: 'order', id: 'o-1' },
        csat: 2,
        comment: 'Mr Smith at 12 Elm Street was rude',
        submittedAt: '2026-03-01T10:00:00.000Z',
      }),
      recorded('return-r-1', 'ReturnRequested', {
        returnId: 'r-1',
        orderId: 'o-1',
        customerId: 'c-1',
        items: [
          { lineNo: 1, sku: 'S', category: 'shoes', qty: 1, reason: 'size-or-fit' },
          { lineNo: 2, sku: 'T', category: 'shirts', qty: 2, reason: 'my husband Tom hates it' },
        ],
        resolution: 'refund',
        requestedAt: '2026-03-01T10:00:00.000Z',
      }),
    ].flatMap((e) => toIntegrationEvents(e));
    const text = JSON.stringify(events);
    for (const secret of ['+44', 'Smith', 'Elm', 'Tom']) expect(text).not.toContain(secret);
    expect(events.map((e) => e.type)).toEqual([
      'aftersales.case.message-added.v1',
      'aftersales.feedback.submitted.v1',
      'aftersales.return.requested.v1',
    ]);
    expect(events[1]?.data).toMatchObject({ hasComment: true });
    const requested = events[2]?.data as { items: { reason: string }[] } | undefined;
    expect(requested?.items.map((i) => i.reason)).toEqual(['size-or-fit', 'other']);
  });

  it('publishes nothing for internal events', () => {
    const events = toIntegrationEvents(
      recorded('order-o-1', 'ReturnQuantityReserved', {
        orderId: 'o-1',
        returnId: 'r-1',
        items: [],
        reservedAt: 'x',
      }),
    );
    expect(events).toEqual([]);
  });

  it('sums the points of a delivery and of a reversal', () => {
    const [earned] = toIntegrationEvents(
      recorded('loyalty-c-1', 'PointsEarned', {
        customerId: 'c-1',
        orderId: 'o-1',
        currency: 'EUR',
        tier: 'silver',
        multiplier: 1.25,
        lots: [
          {
            lotId: 'l1',
            lineNo: 1,
            qty: 2,
            spend: 4000,
            points: 50,
            availableAt: '2026-04-01T00:00:00.000Z',
            expiresAt: 'x',
          },
          {
            lotId: 'l2',
            lineNo: 2,
            qty: 1,
            spend: 999,
            points: 12,
            availableAt: '2026-04-02T00:00:00.000Z',
            expiresAt: 'x',
          },
        ],
        earnedAt: '2026-03-01T10:00:00.000Z',
      }),
    );
    expect(earned?.data).toEqual({
      customerId: 'c-1',
      orderId: 'o-1',
      tier: 'silver',
      points: 62,
      availableAt: '2026-04-02T00:00:00.000Z',
      earnedAt: '2026-03-01T10:00:00.000Z',
    });
    const entryOf = integrationCatalog.find((e) => e.type === earned?.type);
    if (!entryOf) throw new Error('points-earned is in the catalog');
    expect(cloudEventSchema(entryOf).parse(earned)).toEqual(earned);
  });
});
