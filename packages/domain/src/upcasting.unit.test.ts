import { describe, expect, it } from 'vitest';
import { orderDecider } from './order/decide';
import type { OrderEvent } from './order/events';
import { at, orderPlaced, orderStateFrom } from './order/order.fixtures';
import {
  createUpcasting,
  currentSchemaVersion,
  legacyShipmentId,
  SchemaVersionError,
  upcastData,
  upcastEvent,
} from './upcasting';

// How release 1 stored a shipment and its delay: no shipment id yet.
const v1Shipped = {
  type: 'OrderShipped',
  data: {
    orderId: 'o-1',
    customerId: 'c-1',
    carrier: 'DHL',
    trackingNumber: 'JD0001',
    estimatedDeliveryAt: '2026-03-05T18:00:00.000Z',
    shippedAt: '2026-03-02T08:00:00.000Z',
  },
  metadata: { eventId: 'e-1', occurredAt: '2026-03-02T08:00:00.000Z', schemaVersion: 1 },
};
const v1Delayed = {
  type: 'ShipmentDelayed',
  data: {
    orderId: 'o-1',
    customerId: 'c-1',
    previousEstimatedDeliveryAt: '2026-03-05T18:00:00.000Z',
    newEstimatedDeliveryAt: '2026-03-07T18:00:00.000Z',
    reason: 'storm',
    delayedAt: '2026-03-05T12:00:00.000Z',
  },
  metadata: { eventId: 'e-2', occurredAt: '2026-03-05T12:00:00.000Z', schemaVersion: 1 },
};

describe('schema versions', () => {
  it('stamps OrderShipped and ShipmentDelayed at v2, every other type at v1', () => {
    expect(currentSchemaVersion('OrderShipped')).toBe(2);
    expect(currentSchemaVersion('ShipmentDelayed')).toBe(2);
    expect(currentSchemaVersion('OrderPlaced')).toBe(1);
    expect(currentSchemaVersion('FeedbackSubmitted')).toBe(1);
  });
});

describe('v1 OrderShipped → v2', () => {
  it('derives the shipment id from the order and marks the event current', () => {
    const upcast = upcastEvent(v1Shipped);
    expect(upcast.data).toEqual({ ...v1Shipped.data, shipmentId: legacyShipmentId('o-1') });
    expect(upcast.metadata).toEqual({ ...v1Shipped.metadata, schemaVersion: 2 });
  });

  it('leaves the stored event untouched (never rewritten)', () => {
    const before = structuredClone(v1Shipped);
    upcastEvent(v1Shipped);
    expect(v1Shipped).toEqual(before);
  });

  it('gives a shipment and its delay the same derived id, so an old history still folds and decides', () => {
    const history = [upcastEvent(v1Shipped), upcastEvent(v1Delayed)].map(
      ({ type, data }) => ({ type, data }) as OrderEvent,
    );
    const state = orderStateFrom([orderPlaced, ...history]);
    expect(state).toMatchObject({ status: 'shipped', shipmentId: 'o-1-shipment-1', estimateRevisions: [{}] });
    const [delay] = orderDecider.decide(
      {
        type: 'DelayShipment',
        data: { orderId: 'o-1', newEstimatedDeliveryAt: '2026-03-09T18:00:00.000Z', reason: 'x' },
      },
      state,
      at('2026-03-06T10:00:00.000Z'),
    );
    expect(delay?.data).toMatchObject({ shipmentId: 'o-1-shipment-1' });
  });

  it('returns a current event as it is, and treats a missing version as v1', () => {
    const v2 = {
      ...v1Shipped,
      data: { ...v1Shipped.data, shipmentId: 'sh-9' },
      metadata: { schemaVersion: 2 },
    };
    expect(upcastEvent(v2)).toBe(v2);
    expect(upcastData('OrderShipped', 1, v1Shipped.data)).toMatchObject({ shipmentId: 'o-1-shipment-1' });
    expect(upcastEvent({ type: 'OrderShipped', data: v1Shipped.data, metadata: {} }).data).toMatchObject({
      shipmentId: 'o-1-shipment-1',
    });
  });

  it('refuses an event written by a newer release', () => {
    expect(() => upcastEvent({ ...v1Shipped, metadata: { schemaVersion: 3 } })).toThrow(SchemaVersionError);
  });
});

describe('the mechanism', () => {
  it('chains upcasters one version at a time', () => {
    const { upcastEvent: upcast } = createUpcasting(
      [
        { type: 'Thing', fromVersion: 2, upcast: (data) => ({ ...data, three: true }) },
        { type: 'Thing', fromVersion: 1, upcast: (data) => ({ ...data, two: true }) },
      ],
      { Thing: 3 },
    );
    expect(upcast({ type: 'Thing', data: { one: true }, metadata: { schemaVersion: 1 } })).toEqual({
      type: 'Thing',
      data: { one: true, two: true, three: true },
      metadata: { schemaVersion: 3 },
    });
    expect(upcast({ type: 'Thing', data: { two: true }, metadata: { schemaVersion: 2 } }).data).toEqual({
      two: true,
      three: true,
    });
  });

  it('refuses a registry with a gap in a chain', () => {
    expect(() =>
      createUpcasting([{ type: 'Thing', fromVersion: 2, upcast: (data) => data }], { Thing: 3 }),
    ).toThrow(/Thing v1/);
  });
});
