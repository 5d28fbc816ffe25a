import { describe, expect, it } from 'vitest';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { given } from '../shared/testing';
import { balanceAsOf } from './balance';
import { loyaltyDecider } from './decide';
import type { LoyaltyEvent, ReversedLine } from './events';
import { at, customerId, doubledMultipliersFrom, earn, history, line, redeem, refund } from './test-fixtures';

// Delivered 1 May 2026 10:00; the return window closes 31 May 10:00; expiry 1 May 2027 10:00.
const deliveredAt = '2026-05-01T10:00:00.000Z';
const duringWindow = '2026-05-10T10:00:00.000Z';

const reversed = (returnId: string, reversedAt: string, lines: ReversedLine[]): LoyaltyEvent => ({
  type: 'PointsReversed',
  data: { customerId, orderId: 'o-1', returnId, lines, reversedAt },
});
const lineReversal = (
  lineNo: number,
  qty: number,
  points: number,
  spend: number,
  from: ReversedLine['from'],
  shortfall = 0,
): ReversedLine => ({ lotId: `order:o-1:${lineNo}`, lineNo, qty, points, spend, shortfall, from });

describe('ReversePointsForRefund', () => {
  it('reverses under the rule that awarded, not the rules in force at the refund', () => {
    // 2 × 45.50 = 91.00 at bronze × 1 → 91 points. From 1 June every multiplier doubles.
    const rules = doubledMultipliersFrom('2026-06-01T00:00:00.000Z');
    const past = history([[earn('o-1', deliveredAt, [line(1, 2, 4550)]), deliveredAt]], rules);
    // the change is real: the same line delivered in June earns 182
    const june = '2026-06-15T10:00:00.000Z';
    const juneEarn = loyaltyDecider.decide(
      earn('o-2', june, [line(1, 2, 4550)]),
      past.reduce(loyaltyDecider.evolve, loyaltyDecider.initialState()),
      at(june, rules),
    );
    expect(juneEarn[0]?.type === 'PointsEarned' && juneEarn[0].data.lots[0]?.points).toBe(182);
    // refunding 1 of 2 units on 10 June reverses floor(91 × 1/2) = 45 from available points
    const refundedAt = '2026-06-10T10:00:00.000Z';
    given(loyaltyDecider, past)
      .when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 1 }]), at(refundedAt, rules))
      .then([reversed('r-1', refundedAt, [lineReversal(1, 1, 45, 4550, 'available')])]);
    // the second unit reverses the rest: floor(91 × 2/2) − 45 = 46
    const afterFirst = [...past, reversed('r-1', refundedAt, [lineReversal(1, 1, 45, 4550, 'available')])];
    given(loyaltyDecider, afterFirst)
      .when(refund('r-2', 'o-1', [{ lineNo: 1, qty: 1 }]), at(june, rules))
      .then([reversed('r-2', june, [lineReversal(1, 1, 46, 4550, 'available')])]);
  });

  it('reverses floor(points × k / n) cumulatively: 1 + 1 + 1 of 3 units give back all 100 points', () => {
    // 3 × 33.34 = 100.02 → 100 points. Totals after 1, 2, 3 units: 33, 66, 100 → 33, 33, 34.
    let events = history([[earn('o-1', deliveredAt, [line(1, 3, 3334)]), deliveredAt]]);
    const expected = [33, 33, 34];
    expected.forEach((points, index) => {
      const returnId = `r-${index + 1}`;
      const event = reversed(returnId, duringWindow, [lineReversal(1, 1, points, 3334, 'pending')]);
      given(loyaltyDecider, events)
        .when(refund(returnId, 'o-1', [{ lineNo: 1, qty: 1 }]), at(duringWindow))
        .then([event]);
      events = [...events, event];
    });
    expect(balanceAsOf(events, duringWindow)).toMatchObject({
      pending: 0,
      reversed: 100,
      lifetimeEarned: 100,
    });
    given(loyaltyDecider, events)
      .when(refund('r-4', 'o-1', [{ lineNo: 1, qty: 1 }]), at(duringWindow))
      .thenThrows(IllegalStateError, 'refund-exceeds-quantity');
  });

  it('reverses 2 of 3 units at once as floor(100 × 2/3) = 66, the last unit as 34', () => {
    const earned = history([[earn('o-1', deliveredAt, [line(1, 3, 3334)]), deliveredAt]]);
    const first = reversed('r-1', duringWindow, [lineReversal(1, 2, 66, 6668, 'pending')]);
    given(loyaltyDecider, earned)
      .when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 2 }]), at(duringWindow))
      .then([first]);
    given(loyaltyDecider, [...earned, first])
      .when(refund('r-2', 'o-1', [{ lineNo: 1, qty: 1 }]), at(duringWindow))
      .then([reversed('r-2', duringWindow, [lineReversal(1, 1, 34, 3334, 'pending')])]);
  });

  it('reverses several lines of one refund, each from its own lot', () => {
    // line 1: 2 × 10.00 = 20 points; line 2: 1 × 7.99 = 7 points
    const earned = history([[earn('o-1', deliveredAt, [line(1, 2, 1000), line(2, 1, 799)]), deliveredAt]]);
    given(loyaltyDecider, earned)
      .when(
        refund('r-1', 'o-1', [
          { lineNo: 2, qty: 1 },
          { lineNo: 1, qty: 1 },
        ]),
        at(duringWindow),
      )
      .then([
        reversed('r-1', duringWindow, [
          lineReversal(2, 1, 7, 799, 'pending'),
          lineReversal(1, 1, 10, 1000, 'pending'),
        ]),
      ]);
  });

  it('caps the reversal at what the lot still holds when points were redeemed, recording the shortfall', () => {
    // 100 points, available from 31 May; 80 redeemed on 1 June; the refund on 2 June is due 100
    const past = history([
      [earn('o-1', deliveredAt, [line(1, 1, 10_000)]), deliveredAt],
      [redeem('red-1', 80), '2026-06-01T10:00:00.000Z'],
    ]);
    const refundedAt = '2026-06-02T10:00:00.000Z';
    const event = reversed('r-1', refundedAt, [lineReversal(1, 1, 20, 10_000, 'available', 80)]);
    given(loyaltyDecider, past)
      .when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 1 }]), at(refundedAt))
      .then([event]);
    expect(balanceAsOf([...past, event], refundedAt)).toMatchObject({
      available: 0,
      redeemed: 80,
      reversed: 20,
      lifetimeEarned: 100,
    });
  });

  it('takes nothing back from a lot that has expired', () => {
    const past = history([[earn('o-1', deliveredAt, [line(1, 1, 10_000)]), deliveredAt]]);
    const expiredAt = '2027-05-01T10:00:00.000Z';
    given(loyaltyDecider, past)
      .when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 1 }]), at(expiredAt))
      .then([reversed('r-1', expiredAt, [lineReversal(1, 1, 0, 10_000, 'expired', 100)])]);
  });

  it('is idempotent by return id', () => {
    const past = history([
      [earn('o-1', deliveredAt, [line(1, 3, 3334)]), deliveredAt],
      [refund('r-1', 'o-1', [{ lineNo: 1, qty: 1 }]), duringWindow],
    ]);
    given(loyaltyDecider, past)
      .when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 1 }]), at(duringWindow))
      .thenNothing();
    given(loyaltyDecider, past)
      .when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 2 }]), at('2026-05-11T10:00:00.000Z'))
      .thenNothing();
  });

  it('rejects refunds it cannot match to earned points', () => {
    const past = history([[earn('o-1', deliveredAt, [line(1, 3, 3334)]), deliveredAt]]);
    const when = (command: ReturnType<typeof refund>, now = duringWindow) =>
      given(loyaltyDecider, past).when(command, at(now));
    when(refund('r-1', 'o-9', [{ lineNo: 1, qty: 1 }])).thenThrows(NotFoundError, 'order-not-earned');
    when(refund('r-1', 'o-1', [{ lineNo: 2, qty: 1 }])).thenThrows(ValidationError, 'unknown-order-line');
    when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 4 }])).thenThrows(
      IllegalStateError,
      'refund-exceeds-quantity',
    );
    when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 0 }])).thenThrows(ValidationError, 'invalid-quantity');
    when(refund('r-1', 'o-1', [])).thenThrows(ValidationError, 'invalid-lines');
    when(
      refund('r-1', 'o-1', [
        { lineNo: 1, qty: 1 },
        { lineNo: 1, qty: 1 },
      ]),
    ).thenThrows(ValidationError, 'duplicate-line');
    when(refund('r-1', 'o-1', [{ lineNo: 1, qty: 1 }]), '2026-04-30T10:00:00.000Z').thenThrows(
      IllegalStateError,
      'refund-before-delivery',
    );
  });
});
