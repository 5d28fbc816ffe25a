import { describe, expect, it } from 'vitest';
import { IllegalStateError, ValidationError } from '../shared/errors';
import { defaultRules, defaultRulesTimeline, type RulesTimeline } from '../shared/rules';
import { given, stateFrom } from '../shared/testing';
import { balanceAsOf } from './balance';
import { loyaltyDecider } from './decide';
import type { LoyaltyEvent } from './events';
import { at, bonus, customerId, earn, history, line, redeem } from './test-fixtures';

// Three lots, all at bronze (× 1):
//   order:o-1:1  300 points, delivered 1 Feb 2026 10:00, available 3 Mar 10:00, expires 1 Feb 2027 10:00
//   bonus        50 points, awarded 10 Feb 2026 10:00, available at once, expires 10 Feb 2027 10:00
//   order:o-2:1  200 points, delivered 1 Mar 2026 10:00, available 31 Mar 10:00, expires 1 Mar 2027 10:00
const o2WindowClosesAt = '2026-03-31T10:00:00.000Z';
const o1ExpiresAt = '2027-02-01T10:00:00.000Z';
const ledger = history([
  [earn('o-1', '2026-02-01T10:00:00.000Z', [line(1, 1, 30_000)]), '2026-02-01T10:00:00.000Z'],
  [bonus({ type: 'order', id: 'o-1' }), '2026-02-10T10:00:00.000Z'],
  [earn('o-2', '2026-03-01T10:00:00.000Z', [line(1, 1, 20_000)]), '2026-03-01T10:00:00.000Z'],
]);

const redeemed = (
  redemptionId: string,
  redeemedAt: string,
  allocations: { lotId: string; points: number }[],
): LoyaltyEvent => ({
  type: 'PointsRedeemed',
  data: {
    customerId,
    redemptionId,
    points: allocations.reduce((sum, allocation) => sum + allocation.points, 0),
    allocations,
    redeemedAt,
  },
});

describe('RedeemPoints', () => {
  it('spends the soonest-expiring available lots first', () => {
    const now = '2026-04-01T10:00:00.000Z';
    given(loyaltyDecider, ledger)
      .when(redeem('red-1', 380), at(now))
      .then([
        redeemed('red-1', now, [
          { lotId: 'order:o-1:1', points: 300 },
          { lotId: 'bonus:order:o-1', points: 50 },
          { lotId: 'order:o-2:1', points: 30 },
        ]),
      ]);
  });

  it('cannot spend pending points: they become available exactly when the return window closes', () => {
    const justBefore = '2026-03-31T09:59:59.999Z';
    expect(balanceAsOf(ledger, justBefore)).toMatchObject({ pending: 200, available: 350 });
    expect(balanceAsOf(ledger, o2WindowClosesAt)).toMatchObject({ pending: 0, available: 550 });
    given(loyaltyDecider, ledger)
      .when(redeem('red-1', 351), at(justBefore))
      .thenThrows(IllegalStateError, 'insufficient-points');
    given(loyaltyDecider, ledger)
      .when(redeem('red-1', 351), at(o2WindowClosesAt))
      .then([
        redeemed('red-1', o2WindowClosesAt, [
          { lotId: 'order:o-1:1', points: 300 },
          { lotId: 'bonus:order:o-1', points: 50 },
          { lotId: 'order:o-2:1', points: 1 },
        ]),
      ]);
  });

  it('cannot spend points from the instant they expire, 12 months after they were earned', () => {
    const justBefore = '2027-02-01T09:59:59.999Z';
    expect(balanceAsOf(ledger, justBefore)).toMatchObject({ available: 550, expired: 0 });
    expect(balanceAsOf(ledger, o1ExpiresAt)).toMatchObject({ available: 250, expired: 300 });
    given(loyaltyDecider, ledger)
      .when(redeem('red-1', 550), at(justBefore))
      .then([
        redeemed('red-1', justBefore, [
          { lotId: 'order:o-1:1', points: 300 },
          { lotId: 'bonus:order:o-1', points: 50 },
          { lotId: 'order:o-2:1', points: 200 },
        ]),
      ]);
    given(loyaltyDecider, ledger)
      .when(redeem('red-1', 251), at(o1ExpiresAt))
      .thenThrows(IllegalStateError, 'insufficient-points');
  });

  it('refuses to overdraw, also after earlier redemptions', () => {
    const now = '2026-04-01T10:00:00.000Z';
    const spent = [...ledger, redeemed('red-1', now, [{ lotId: 'order:o-1:1', points: 300 }])];
    given(loyaltyDecider, spent)
      .when(redeem('red-2', 251), at(now))
      .thenThrows(IllegalStateError, 'insufficient-points');
    given(loyaltyDecider, spent)
      .when(redeem('red-2', 250), at(now))
      .then([
        redeemed('red-2', now, [
          { lotId: 'bonus:order:o-1', points: 50 },
          { lotId: 'order:o-2:1', points: 200 },
        ]),
      ]);
    given(loyaltyDecider)
      .when(redeem('red-1', 1), at(now))
      .thenThrows(IllegalStateError, 'insufficient-points');
  });

  it('refuses the loser of two concurrent redemptions once it is decided again on the winner’s state', () => {
    // Both read the same revision and each fits alone (400 + 300 > 550 available). The store
    // accepts one append; the shell re-reads and decides the other again, which must refuse.
    const now = '2026-04-01T10:00:00.000Z';
    const first = loyaltyDecider.decide(redeem('red-a', 400), stateFrom(loyaltyDecider, ledger), at(now));
    const second = loyaltyDecider.decide(redeem('red-b', 300), stateFrom(loyaltyDecider, ledger), at(now));
    expect([first.length, second.length]).toEqual([1, 1]);
    given(loyaltyDecider, [...ledger, ...first])
      .when(redeem('red-b', 300), at(now))
      .thenThrows(IllegalStateError, 'insufficient-points');
  });

  it('is idempotent by redemption id, and refuses the same id for another amount', () => {
    const now = '2026-04-01T10:00:00.000Z';
    const withRedemption = [...ledger, redeemed('red-1', now, [{ lotId: 'order:o-1:1', points: 100 }])];
    given(loyaltyDecider, withRedemption).when(redeem('red-1', 100), at(now)).thenNothing();
    given(loyaltyDecider, withRedemption)
      .when(redeem('red-1', 120), at(now))
      .thenThrows(IllegalStateError, 'redemption-id-reused');
  });

  it('takes a positive whole number of points', () => {
    const now = '2026-04-01T10:00:00.000Z';
    for (const points of [0, -5, 2.5, Number.NaN]) {
      given(loyaltyDecider, ledger)
        .when(redeem('red-1', points), at(now))
        .thenThrows(ValidationError, 'invalid-points');
    }
  });
});

describe('AwardFeedbackBonus', () => {
  const awardedAt = '2026-05-05T08:30:00.000Z';
  const award = (subject: { type: 'order' | 'return' | 'repair'; id: string }): LoyaltyEvent => ({
    type: 'BonusPointsAwarded',
    data: {
      customerId,
      lotId: `bonus:${subject.type}:${subject.id}`,
      reason: 'feedback-comment',
      subject,
      points: 50,
      awardedAt,
      expiresAt: '2027-05-05T08:30:00.000Z',
    },
  });

  it('awards 50 points for feedback with a comment, available at once', () => {
    given(loyaltyDecider)
      .when(bonus({ type: 'repair', id: 'rep-1' }), at(awardedAt))
      .then([award({ type: 'repair', id: 'rep-1' })]);
    const events = [award({ type: 'repair', id: 'rep-1' })];
    expect(balanceAsOf(events, awardedAt)).toMatchObject({ available: 50, pending: 0 });
    given(loyaltyDecider, events)
      .when(redeem('red-1', 50), at(awardedAt))
      .then([redeemed('red-1', awardedAt, [{ lotId: 'bonus:repair:rep-1', points: 50 }])]);
  });

  it('awards once per subject; another subject earns its own bonus', () => {
    const events = [award({ type: 'order', id: 'o-1' })];
    given(loyaltyDecider, events)
      .when(bonus({ type: 'order', id: 'o-1' }, 'Again!'), at(awardedAt))
      .thenNothing();
    given(loyaltyDecider, events)
      .when(bonus({ type: 'return', id: 'o-1' }), at(awardedAt))
      .then([award({ type: 'return', id: 'o-1' })]);
  });

  it('awards the bonus the rules in force at the award time name', () => {
    const rules: RulesTimeline = [
      ...defaultRulesTimeline,
      {
        effectiveFrom: '2026-05-01T00:00:00.000Z',
        rules: { ...defaultRules, loyalty: { ...defaultRules.loyalty, feedbackCommentBonus: 75 } },
      },
    ];
    const before = loyaltyDecider.decide(
      bonus({ type: 'order', id: 'o-1' }),
      stateFrom(loyaltyDecider, []),
      at('2026-04-30T23:59:59.999Z', rules),
    );
    const after = loyaltyDecider.decide(
      bonus({ type: 'order', id: 'o-1' }),
      stateFrom(loyaltyDecider, []),
      at(awardedAt, rules),
    );
    expect(before[0]?.type === 'BonusPointsAwarded' && before[0].data.points).toBe(50);
    expect(after[0]?.type === 'BonusPointsAwarded' && after[0].data.points).toBe(75);
  });

  it('rejects feedback without a comment and unknown subjects', () => {
    given(loyaltyDecider)
      .when(bonus({ type: 'order', id: 'o-1' }, '   '), at(awardedAt))
      .thenThrows(ValidationError, 'comment-required');
    given(loyaltyDecider)
      .when(bonus({ type: 'invoice' as 'order', id: 'o-1' }), at(awardedAt))
      .thenThrows(ValidationError, 'invalid-subject');
  });
});
