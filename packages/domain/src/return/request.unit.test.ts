import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderDecider } from '../order/decide';
import type { OrderEvent } from '../order/events';
import { evolveOrder, type OrderState, returnableQuantity } from '../order/order';
import { deliveredOrderEvents, orderPlaced, orderShipped, orderStateFrom } from '../order/order.fixtures';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { defaultRules, defaultRulesTimeline, type RulesTimeline } from '../shared/rules';
import { given } from '../shared/testing';
import { addDays } from '../shared/time';
import { type ReturnCommand, type ReturnRequestContext, returnDecider } from './decide';
import type { ReturnEvent } from './events';
import { orderCommandForReturnEvent } from './order-link';
import {
  deliveredAt,
  orderId,
  requestedAt,
  returnId,
  returnRejected,
  returnRequested,
} from './return.fixtures';
import { returnWindowClosesAt, returnWindowDays } from './window';

const deliveredOrder = orderStateFrom(deliveredOrderEvents);
const context = (
  now: string,
  order: OrderState = deliveredOrder,
  rules: RulesTimeline = defaultRulesTimeline,
): ReturnRequestContext => ({ now, rules, order });

type Item = { lineNo: number; qty: number; reason: string; reasonText?: string };
const request = (
  items: Item[] = returnRequested.data.items.map(({ lineNo, qty, reason, reasonText }) => ({
    lineNo,
    qty,
    reason,
    ...(reasonText === undefined ? {} : { reasonText }),
  })),
  id = returnId,
  patch: Record<string, unknown> = {},
): ReturnCommand =>
  ({
    type: 'RequestReturn',
    data: { returnId: id, orderId, items, resolution: 'refund', ...patch },
  }) as ReturnCommand;
const requestedAtInstant = (
  now: string,
  items = returnRequested.data.items,
  policyVersion = 0,
): ReturnEvent => ({
  ...returnRequested,
  data: { ...returnRequested.data, items, requestedAt: now, policyVersion },
});
const phoneOnly = [{ lineNo: 1, qty: 1, reason: 'defective', reasonText: 'screen flickers' }];
const phoneOnlyItems = [returnRequested.data.items[0] as (typeof returnRequested.data.items)[number]];

describe('RequestReturn: the window', () => {
  it('accepts a request inside the window, naming sku and category of each line', () => {
    given(returnDecider).when(request(), context(requestedAt)).then([returnRequested]);
  });

  it('refuses a request after the window closed', () => {
    const late = addDays(deliveredAt, 31);
    given(returnDecider).when(request(), context(late)).thenThrows(IllegalStateError, 'return-window-closed');
  });

  it('is closed exactly at delivery + 30 days, and open one millisecond before', () => {
    const closesAt = addDays(deliveredAt, 30);
    expect(returnWindowClosesAt(deliveredAt, 'electronics', defaultRules)).toBe(closesAt);
    given(returnDecider)
      .when(request(), context(closesAt))
      .thenThrows(IllegalStateError, 'return-window-closed');
    const lastMoment = new Date(Date.parse(closesAt) - 1).toISOString();
    given(returnDecider)
      .when(request(), context(lastMoment))
      .then([requestedAtInstant(lastMoment)]);
  });

  it('applies a per-category window', () => {
    const rules: RulesTimeline = [
      {
        effectiveFrom: '2020-01-01T00:00:00.000Z',
        rules: { ...defaultRules, returns: { windowDays: 30, windowDaysByCategory: { electronics: 14 } } },
      },
    ];
    const day20 = addDays(deliveredAt, 20);
    expect(returnWindowDays(rules[0]?.rules ?? defaultRules, 'electronics')).toBe(14);
    given(returnDecider)
      .when(request(phoneOnly), context(day20, deliveredOrder, rules))
      .thenThrows(IllegalStateError, 'return-window-closed');
    given(returnDecider)
      .when(
        request([{ lineNo: 2, qty: 1, reason: 'not-as-described' }]),
        context(day20, deliveredOrder, rules),
      )
      .then([
        requestedAtInstant(day20, [
          {
            lineNo: 2,
            sku: 'CASE-1',
            category: 'accessories',
            qty: 1,
            reason: 'not-as-described',
            resolution: 'refund',
            unitPrice: 1_500,
          },
        ]),
      ]);
  });

  it('uses the window in force at delivery (DESIGN.md), not the one at request time', () => {
    const sixtyDays = { ...defaultRules, returns: { windowDays: 60, windowDaysByCategory: {} } };
    const day45 = addDays(deliveredAt, 45);
    // A longer window that takes effect after the delivery does not reopen its returns.
    const afterDelivery: RulesTimeline = [
      ...defaultRulesTimeline,
      { effectiveFrom: addDays(deliveredAt, 10), rules: sixtyDays, version: 1 },
    ];
    given(returnDecider)
      .when(request(phoneOnly), context(day45, deliveredOrder, afterDelivery))
      .thenThrows(IllegalStateError, 'return-window-closed');
    // In force at the delivery, it applies, and the request names the version that decided it.
    const beforeDelivery: RulesTimeline = [
      ...defaultRulesTimeline,
      { effectiveFrom: addDays(deliveredAt, -1), rules: sixtyDays, version: 1 },
    ];
    given(returnDecider)
      .when(request(phoneOnly), context(day45, deliveredOrder, beforeDelivery))
      .then([requestedAtInstant(day45, phoneOnlyItems, 1)]);
  });
});

describe('RequestReturn: quantities', () => {
  it('refuses to return more than was delivered', () => {
    given(returnDecider)
      .when(request([{ lineNo: 2, qty: 4, reason: 'changed-mind' }]), context(requestedAt))
      .thenThrows(IllegalStateError, 'return-quantity-exceeded');
  });

  it('refuses more than delivered minus what other returns hold', () => {
    const order = orderStateFrom([
      ...deliveredOrderEvents,
      {
        type: 'ReturnQuantityReserved',
        data: { orderId, returnId: 'r-0', items: [{ lineNo: 2, qty: 2 }], reservedAt: requestedAt },
      },
    ]);
    given(returnDecider)
      .when(request([{ lineNo: 2, qty: 2, reason: 'not-as-described' }]), context(requestedAt, order))
      .thenThrows(IllegalStateError, 'return-quantity-exceeded');
    given(returnDecider)
      .when(request([{ lineNo: 2, qty: 1, reason: 'not-as-described' }]), context(requestedAt, order))
      .then([
        requestedAtInstant(requestedAt, [
          {
            lineNo: 2,
            sku: 'CASE-1',
            category: 'accessories',
            qty: 1,
            reason: 'not-as-described',
            resolution: 'refund',
            unitPrice: 1_500,
          },
        ]),
      ]);
  });

  it('does not count its own reservation against itself (a retry after the reservation succeeded)', () => {
    const order = orderStateFrom([
      ...deliveredOrderEvents,
      {
        type: 'ReturnQuantityReserved',
        data: { orderId, returnId, items: [{ lineNo: 1, qty: 2 }], reservedAt: requestedAt },
      },
    ]);
    given(returnDecider)
      .when(request([{ lineNo: 1, qty: 2, reason: 'damaged' }]), context(requestedAt, order))
      .then([
        requestedAtInstant(requestedAt, [
          {
            lineNo: 1,
            sku: 'PHONE-X',
            category: 'electronics',
            qty: 2,
            reason: 'damaged',
            resolution: 'refund',
            unitPrice: 49_900,
          },
        ]),
      ]);
  });
});

describe('RequestReturn: refusals', () => {
  it('refuses a second request under the same return id', () => {
    given(returnDecider, [returnRequested])
      .when(request(), context(requestedAt))
      .thenThrows(IllegalStateError, 'return-already-requested');
  });

  it('refuses an undelivered, cancelled or unknown order', () => {
    given(returnDecider)
      .when(request(), context(requestedAt, orderStateFrom([orderPlaced, orderShipped])))
      .thenThrows(IllegalStateError, 'order-not-delivered');
    const cancelled: OrderEvent = {
      type: 'OrderCancelled',
      data: { orderId, customerId: 'c-1', reason: 'x', cancelledAt: requestedAt },
    };
    given(returnDecider)
      .when(request(), context(requestedAt, orderStateFrom([orderPlaced, cancelled])))
      .thenThrows(IllegalStateError, 'order-cancelled');
    given(returnDecider)
      .when(request(), context(requestedAt, orderStateFrom([])))
      .thenThrows(NotFoundError, 'order-not-found');
  });

  it.each([
    [{ resolution: 'cash' }, 'invalid-resolution'],
    [{ items: [] }, 'return-has-no-items'],
    [{ items: [{ lineNo: 1, qty: 0, reason: 'other' }] }, 'invalid-qty'],
    [{ items: [{ lineNo: 1, qty: 1, reason: ' ' }] }, 'invalid-reason'],
    [{ items: [{ lineNo: 5, qty: 1, reason: 'other' }] }, 'unknown-order-line'],
    [{ items: [{ lineNo: 1, qty: 1, reason: 'broken' }] }, 'invalid-reason'],
    [{ items: [{ lineNo: 1, qty: 1, reason: 'other', reasonText: 42 }] }, 'invalid-reason-text'],
    [{ items: [{ lineNo: 1, qty: 1, reason: 'other', resolution: 'swap' }] }, 'invalid-resolution'],
    [
      {
        items: [
          { lineNo: 1, qty: 1, reason: 'other' },
          { lineNo: 1, qty: 1, reason: 'damaged' },
        ],
      },
      'duplicate-line',
    ],
    [{ orderId: 'o-other' }, 'order-mismatch'],
    [{ returnId: '' }, 'invalid-return-id'],
  ])('rejects %j as %s', (patch, code) => {
    given(returnDecider)
      .when(request(undefined, returnId, patch), context(requestedAt))
      .thenThrows(ValidationError, code);
  });

  it('needs the order state in its context', () => {
    given(returnDecider)
      .when(request(), { now: requestedAt, rules: defaultRulesTimeline })
      .thenThrows(TypeError);
  });
});

describe('the order stream as the consistency boundary', () => {
  it('maps a request to a reservation and a rejection to a release; other events to nothing', () => {
    expect(orderCommandForReturnEvent(returnRequested)).toEqual({
      type: 'ReserveReturnQuantity',
      data: {
        orderId,
        returnId,
        items: [
          { lineNo: 1, qty: 1 },
          { lineNo: 2, qty: 2 },
        ],
      },
    });
    expect(orderCommandForReturnEvent(returnRejected)).toEqual({
      type: 'ReleaseReturnQuantity',
      data: { orderId, returnId },
    });
    expect(
      orderCommandForReturnEvent({
        type: 'ReturnApproved',
        data: { returnId, orderId, approvedAt: requestedAt },
      }),
    ).toBeUndefined();
  });

  it('walks request → reserve, a competing request → refused, reject → release, then the units are free again', () => {
    const ctx = { now: requestedAt, rules: defaultRulesTimeline };
    const twoPhones = [{ lineNo: 1, qty: 2, reason: 'damaged' }];
    let order = orderStateFrom(deliveredOrderEvents);

    // 1. the first request is decided, then reserved on the order stream
    const [first] = returnDecider.decide(request(twoPhones, 'r-a'), returnDecider.initialState(), {
      ...ctx,
      order,
    });
    const reserve = first && orderCommandForReturnEvent(first);
    if (!reserve) throw new Error('a request must reserve');
    order = orderDecider.decide(reserve, order, ctx).reduce(evolveOrder, order);
    expect(order.status === 'delivered' && returnableQuantity(order, 1)).toBe(0);

    // 2. a competing request for the same units sees the reservation
    given(returnDecider)
      .when(request([{ lineNo: 1, qty: 1, reason: 'changed-mind' }], 'r-b'), { ...ctx, order })
      .thenThrows(IllegalStateError, 'return-quantity-exceeded');

    // 3. rejecting the first releases its units
    const rejection: ReturnEvent = {
      type: 'ReturnRejected',
      data: { returnId: 'r-a', orderId, reason: 'no', rejectedAt: requestedAt },
    };
    const release = orderCommandForReturnEvent(rejection);
    if (!release) throw new Error('a rejection must release');
    order = orderDecider.decide(release, order, ctx).reduce(evolveOrder, order);
    expect(order.status === 'delivered' && returnableQuantity(order, 1)).toBe(2);

    // 4. now the competing request fits
    given(returnDecider)
      .when(request([{ lineNo: 1, qty: 1, reason: 'changed-mind' }], 'r-b'), { ...ctx, order })
      .then([
        {
          type: 'ReturnRequested',
          data: {
            returnId: 'r-b',
            orderId,
            customerId: 'c-1',
            items: [
              {
                lineNo: 1,
                sku: 'PHONE-X',
                category: 'electronics',
                qty: 1,
                reason: 'changed-mind',
                resolution: 'refund',
                unitPrice: 49_900,
              },
            ],
            resolution: 'refund',
            currency: 'EUR',
            requestedAt,
            policyVersion: 0,
          },
        },
      ]);
  });
});

describe('the window as a property', () => {
  it('accepts a request iff it comes strictly before delivery + the category window', () => {
    const dayMs = 24 * 60 * 60 * 1000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 * dayMs }),
        fc.integer({ min: 1, max: 45 }),
        (offsetMs, electronicsDays) => {
          const rules: RulesTimeline = [
            {
              effectiveFrom: '2020-01-01T00:00:00.000Z',
              rules: {
                ...defaultRules,
                returns: { windowDays: 30, windowDaysByCategory: { electronics: electronicsDays } },
              },
            },
          ];
          const now = new Date(Date.parse(deliveredAt) + offsetMs).toISOString();
          const open = offsetMs < electronicsDays * dayMs;
          const decision = () =>
            returnDecider.decide(
              request(phoneOnly),
              returnDecider.initialState(),
              context(now, deliveredOrder, rules),
            );
          if (open) expect(decision()).toHaveLength(1);
          else expect(decision).toThrow(expect.objectContaining({ code: 'return-window-closed' }));
        },
      ),
    );
  });
});
