import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { given } from '../shared/testing';
import { type OrderCommand, orderDecider } from './decide';
import type { LineQuantity, OrderEvent } from './events';
import { evolveOrder, reservedQuantity, returnableQuantity } from './order';
import {
  at,
  deliveredOrderEvents,
  lines,
  orderId,
  orderPlaced,
  orderShipped,
  orderStateFrom,
} from './order.fixtures';

const requestedAt = '2026-03-10T09:00:00.000Z';
const reserve = (returnId: string, items: LineQuantity[]): OrderCommand => ({
  type: 'ReserveReturnQuantity',
  data: { orderId, returnId, items },
});
const release = (returnId: string): OrderCommand => ({
  type: 'ReleaseReturnQuantity',
  data: { orderId, returnId },
});
const reserved = (returnId: string, items: LineQuantity[], reservedAt = requestedAt): OrderEvent => ({
  type: 'ReturnQuantityReserved',
  data: { orderId, returnId, items, reservedAt },
});
const released = (returnId: string, releasedAt = requestedAt): OrderEvent => ({
  type: 'ReturnQuantityReleased',
  data: { orderId, returnId, releasedAt },
});

describe('ReserveReturnQuantity', () => {
  it('reserves delivered units for a return', () => {
    given(orderDecider, deliveredOrderEvents)
      .when(reserve('r-1', [{ lineNo: 1, qty: 2 }]), at(requestedAt))
      .then([reserved('r-1', [{ lineNo: 1, qty: 2 }])]);
  });

  it('refuses more than was delivered', () => {
    given(orderDecider, deliveredOrderEvents)
      .when(reserve('r-1', [{ lineNo: 1, qty: 3 }]), at(requestedAt))
      .thenThrows(IllegalStateError, 'return-quantity-exceeded');
  });

  it('refuses more than delivered minus already reserved: the second reservation sees the first', () => {
    // Two concurrent requests read the same revision; the second append fails on the expected
    // revision and the shell decides again on the state that now holds the first reservation.
    const afterFirst = [...deliveredOrderEvents, reserved('r-1', [{ lineNo: 2, qty: 2 }])];
    given(orderDecider, afterFirst)
      .when(reserve('r-2', [{ lineNo: 2, qty: 2 }]), at(requestedAt))
      .thenThrows(IllegalStateError, 'return-quantity-exceeded');
    given(orderDecider, afterFirst)
      .when(reserve('r-2', [{ lineNo: 2, qty: 1 }]), at(requestedAt))
      .then([reserved('r-2', [{ lineNo: 2, qty: 1 }])]);
  });

  it('frees the units of a released reservation for other returns', () => {
    given(orderDecider, [...deliveredOrderEvents, reserved('r-1', [{ lineNo: 1, qty: 2 }]), released('r-1')])
      .when(reserve('r-2', [{ lineNo: 1, qty: 2 }]), at(requestedAt))
      .then([reserved('r-2', [{ lineNo: 1, qty: 2 }])]);
  });

  it('is idempotent by return id: the same items again record nothing, in any order', () => {
    const items = [
      { lineNo: 1, qty: 1 },
      { lineNo: 2, qty: 3 },
    ];
    given(orderDecider, [...deliveredOrderEvents, reserved('r-1', items)])
      .when(reserve('r-1', [...items].reverse()), at(requestedAt))
      .thenNothing();
  });

  it('refuses other quantities under a return id that already holds some', () => {
    given(orderDecider, [...deliveredOrderEvents, reserved('r-1', [{ lineNo: 1, qty: 1 }])])
      .when(reserve('r-1', [{ lineNo: 1, qty: 2 }]), at(requestedAt))
      .thenThrows(IllegalStateError, 'return-already-reserved');
  });

  it('refuses to reserve again for a return whose reservation was released', () => {
    given(orderDecider, [...deliveredOrderEvents, reserved('r-1', [{ lineNo: 1, qty: 1 }]), released('r-1')])
      .when(reserve('r-1', [{ lineNo: 1, qty: 1 }]), at(requestedAt))
      .thenThrows(IllegalStateError, 'return-reservation-released');
  });

  it('refuses before delivery, after cancellation, and for an unknown order', () => {
    given(orderDecider, [orderPlaced, orderShipped])
      .when(reserve('r-1', [{ lineNo: 1, qty: 1 }]), at(requestedAt))
      .thenThrows(IllegalStateError, 'order-not-delivered');
    given(orderDecider, [
      orderPlaced,
      { type: 'OrderCancelled', data: { orderId, customerId: 'c-1', reason: 'x', cancelledAt: requestedAt } },
    ])
      .when(reserve('r-1', [{ lineNo: 1, qty: 1 }]), at(requestedAt))
      .thenThrows(IllegalStateError, 'order-cancelled');
    given(orderDecider)
      .when(reserve('r-1', [{ lineNo: 1, qty: 1 }]), at(requestedAt))
      .thenThrows(NotFoundError, 'order-not-found');
  });

  it.each([
    [[], 'return-has-no-items'],
    [[{ lineNo: 9, qty: 1 }], 'unknown-order-line'],
    [[{ lineNo: 1, qty: 0 }], 'invalid-qty'],
    [[{ lineNo: 1, qty: 0.5 }], 'invalid-qty'],
    [
      [
        { lineNo: 1, qty: 1 },
        { lineNo: 1, qty: 1 },
      ],
      'duplicate-line',
    ],
  ])('rejects items %j as %s', (items, code) => {
    given(orderDecider, deliveredOrderEvents)
      .when(reserve('r-1', items as LineQuantity[]), at(requestedAt))
      .thenThrows(ValidationError, code);
  });
});

describe('ReleaseReturnQuantity', () => {
  it('releases what a return holds', () => {
    given(orderDecider, [...deliveredOrderEvents, reserved('r-1', [{ lineNo: 1, qty: 1 }])])
      .when(release('r-1'), at(requestedAt))
      .then([released('r-1')]);
  });

  it('records nothing for a return that holds nothing (never reserved or already released)', () => {
    given(orderDecider, deliveredOrderEvents).when(release('r-1'), at(requestedAt)).thenNothing();
    given(orderDecider, [...deliveredOrderEvents, reserved('r-1', [{ lineNo: 1, qty: 1 }]), released('r-1')])
      .when(release('r-1'), at(requestedAt))
      .thenNothing();
  });

  it('refuses an unknown order', () => {
    given(orderDecider).when(release('r-1'), at(requestedAt)).thenThrows(NotFoundError, 'order-not-found');
  });
});

describe('reservations as a property', () => {
  const returnIds = ['r-1', 'r-2', 'r-3', 'r-4'];
  const command = fc.oneof(
    fc
      .record({
        returnId: fc.constantFrom(...returnIds),
        items: fc.uniqueArray(
          fc.record({ lineNo: fc.constantFrom(1, 2), qty: fc.integer({ min: 1, max: 4 }) }),
          { minLength: 1, maxLength: 2, selector: (item) => item.lineNo },
        ),
      })
      .map(({ returnId, items }) => reserve(returnId, items)),
    fc.constantFrom(...returnIds).map(release),
  );

  it('never reserves more of a line than was delivered, whatever the sequence of requests', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        let state = orderStateFrom(deliveredOrderEvents);
        for (const next of commands) {
          let events: readonly OrderEvent[] = [];
          try {
            events = orderDecider.decide(next, state, at(requestedAt));
          } catch (error) {
            // A refusal is fine, but only the business refusals: never a crash.
            expect(error).toBeInstanceOf(IllegalStateError);
          }
          state = events.reduce(evolveOrder, state);
          if (state.status !== 'delivered') throw new Error('the order left the delivered state');
          for (const line of lines) {
            expect(reservedQuantity(state, line.lineNo)).toBeLessThanOrEqual(line.qty);
            expect(returnableQuantity(state, line.lineNo)).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });

  it('answers a repeated reservation with no events', () => {
    const fitting = fc
      .uniqueArray(fc.record({ lineNo: fc.constantFrom(1, 2), qty: fc.integer({ min: 1, max: 2 }) }), {
        minLength: 1,
        maxLength: 2,
        selector: (item) => item.lineNo,
      })
      .map((items) => reserve('r-1', items));
    fc.assert(
      fc.property(fitting, (first) => {
        const state = orderStateFrom(deliveredOrderEvents);
        const events = orderDecider.decide(first, state, at(requestedAt));
        expect(events).toHaveLength(1);
        const after = events.reduce(evolveOrder, state);
        expect(orderDecider.decide(first, after, at(requestedAt))).toEqual([]);
      }),
    );
  });
});

describe('RecordLineRepaired', () => {
  const completedAt = '2026-05-01T12:00:00.000Z';
  const record = (repairId: string, patch: Record<string, unknown> = {}): OrderCommand =>
    ({
      type: 'RecordLineRepaired',
      data: {
        orderId,
        repairId,
        lineNo: 1,
        serialNumber: 'SN-1',
        outcome: 'repaired',
        completedAt,
        ...patch,
      },
    }) as OrderCommand;
  const repaired: OrderEvent = {
    type: 'OrderLineRepaired',
    data: { orderId, repairId: 'rp-1', lineNo: 1, serialNumber: 'SN-1', outcome: 'repaired', completedAt },
  };

  it('records a completed repair on the order line', () => {
    given(orderDecider, deliveredOrderEvents).when(record('rp-1'), at(completedAt)).then([repaired]);
    expect(orderStateFrom([...deliveredOrderEvents, repaired])).toMatchObject({
      repairs: [{ repairId: 'rp-1', lineNo: 1, serialNumber: 'SN-1', outcome: 'repaired', completedAt }],
    });
  });

  it('is idempotent by repair id', () => {
    given(orderDecider, [...deliveredOrderEvents, repaired])
      .when(record('rp-1'), at(completedAt))
      .thenNothing();
  });

  it('records a repair without a serial number', () => {
    given(orderDecider, deliveredOrderEvents)
      .when(record('rp-2', { serialNumber: undefined }), at(completedAt))
      .then([
        {
          type: 'OrderLineRepaired',
          data: { orderId, repairId: 'rp-2', lineNo: 1, outcome: 'repaired', completedAt },
        },
      ]);
  });

  it('refuses an undelivered order, an unknown line or outcome', () => {
    given(orderDecider, [orderPlaced, orderShipped])
      .when(record('rp-1'), at(completedAt))
      .thenThrows(IllegalStateError, 'order-not-delivered');
    given(orderDecider, deliveredOrderEvents)
      .when(record('rp-1', { lineNo: 7 }), at(completedAt))
      .thenThrows(ValidationError, 'unknown-order-line');
    given(orderDecider, deliveredOrderEvents)
      .when(record('rp-1', { outcome: 'fixed' }), at(completedAt))
      .thenThrows(ValidationError, 'invalid-outcome');
    given(orderDecider, deliveredOrderEvents)
      .when(record('rp-1', { completedAt: 'soon' }), at(completedAt))
      .thenThrows(ValidationError, 'invalid-instant');
  });
});
