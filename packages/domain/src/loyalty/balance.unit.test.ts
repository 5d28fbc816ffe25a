import { describe, expect, it } from 'vitest';
import { stateFrom } from '../shared/testing';
import { balanceAsOf, tierAsOf } from './balance';
import { loyaltyDecider } from './decide';
import { loyaltyEventTime } from './ledger';
import { bonus, earn, history, line, redeem, refund } from './test-fixtures';

// A year of one customer, all hand-computed:
//   10 Jan 2026  o-1 delivered: 2 × 600.00 → 1,200 points at bronze (pending to 9 Feb,
//                expires 10 Jan 2027); 1,200.00 spent → silver
//   20 Jan       feedback bonus: 50 points, available at once, expires 20 Jan 2027
//   25 Jan       one unit of o-1 refunded: floor(1,200 × 1/2) = 600 reversed while pending;
//                spend back to 600.00 → bronze
//    1 Mar       o-2 delivered: 1 × 500.00 → 500 points at bronze (pending to 31 Mar,
//                expires 1 Mar 2027); spend 1,100.00 → silver
//    1 Apr       400 points redeemed, all from o-1 (the soonest to expire)
const events = history([
  [earn('o-1', '2026-01-10T10:00:00.000Z', [line(1, 2, 60_000)]), '2026-01-10T10:00:00.000Z'],
  [bonus({ type: 'order', id: 'o-1' }), '2026-01-20T10:00:00.000Z'],
  [refund('r-1', 'o-1', [{ lineNo: 1, qty: 1 }]), '2026-01-25T10:00:00.000Z'],
  [earn('o-2', '2026-03-01T10:00:00.000Z', [line(1, 1, 50_000)]), '2026-03-01T10:00:00.000Z'],
  [redeem('red-1', 400), '2026-04-01T10:00:00.000Z'],
]);

const totals = (t: string) => {
  const { pending, available, redeemed, expired, reversed, lifetimeEarned, tier, nextExpiry } = balanceAsOf(
    events,
    t,
  );
  return { pending, available, redeemed, expired, reversed, lifetimeEarned, tier, nextExpiry };
};

describe('balanceAsOf', () => {
  it('knows nothing before the first event', () => {
    expect(balanceAsOf(events, '2026-01-10T09:59:59.999Z')).toEqual({
      asOf: '2026-01-10T09:59:59.999Z',
      pending: 0,
      available: 0,
      redeemed: 0,
      expired: 0,
      reversed: 0,
      lifetimeEarned: 0,
      tier: 'bronze',
      tierSpend: [],
      nextExpiry: null,
      lots: [],
    });
  });

  it('counts the events of each instant from that instant on', () => {
    expect(totals('2026-01-25T09:59:59.999Z')).toEqual({
      pending: 1200,
      available: 50,
      redeemed: 0,
      expired: 0,
      reversed: 0,
      lifetimeEarned: 1250,
      tier: 'silver',
      nextExpiry: { at: '2027-01-10T10:00:00.000Z', points: 1200 },
    });
    expect(totals('2026-01-25T10:00:00.000Z')).toEqual({
      pending: 600,
      available: 50,
      redeemed: 0,
      expired: 0,
      reversed: 600,
      lifetimeEarned: 1250,
      tier: 'bronze',
      nextExpiry: { at: '2027-01-10T10:00:00.000Z', points: 600 },
    });
  });

  it('shows redemptions, and the tier regained by the next delivery', () => {
    expect(totals('2026-04-01T10:00:00.000Z')).toEqual({
      pending: 0,
      available: 750,
      redeemed: 400,
      expired: 0,
      reversed: 600,
      lifetimeEarned: 1750,
      tier: 'silver',
      nextExpiry: { at: '2027-01-10T10:00:00.000Z', points: 200 },
    });
  });

  it('expires what is left of each lot 12 months after it was earned', () => {
    expect(totals('2027-01-10T10:00:00.000Z')).toMatchObject({
      available: 550,
      expired: 200,
      nextExpiry: { at: '2027-01-20T10:00:00.000Z', points: 50 },
    });
    expect(totals('2027-03-01T10:00:00.000Z')).toMatchObject({
      pending: 0,
      available: 0,
      expired: 750,
      redeemed: 400,
      reversed: 600,
      lifetimeEarned: 1750,
      nextExpiry: null,
    });
  });

  it('keeps lifetimeEarned = pending + available + redeemed + expired + reversed at every event', () => {
    for (const event of events) {
      const balance = balanceAsOf(events, loyaltyEventTime(event));
      const { pending, available, redeemed, expired, reversed } = balance;
      expect(pending + available + redeemed + expired + reversed).toBe(balance.lifetimeEarned);
    }
  });

  it('gives the same answer from the folded state as from the events', () => {
    const state = stateFrom(loyaltyDecider, events);
    for (const t of ['2026-01-20T10:00:00.000Z', '2026-04-01T10:00:00.000Z', '2027-02-01T00:00:00.000Z']) {
      expect(balanceAsOf(state, t)).toEqual(balanceAsOf(events, t));
    }
  });

  it('lists each lot with its phase and what it still holds', () => {
    const { lots } = balanceAsOf(events, '2026-03-15T00:00:00.000Z');
    expect(
      lots.map(({ lotId, phase, remaining, reversed, redeemed }) => ({
        lotId,
        phase,
        remaining,
        reversed,
        redeemed,
      })),
    ).toEqual([
      { lotId: 'order:o-1:1', phase: 'available', remaining: 600, reversed: 600, redeemed: 0 },
      { lotId: 'bonus:order:o-1', phase: 'available', remaining: 50, reversed: 0, redeemed: 0 },
      { lotId: 'order:o-2:1', phase: 'pending', remaining: 500, reversed: 0, redeemed: 0 },
    ]);
  });
});

describe('tierAsOf', () => {
  it('follows the rolling 12-month spend, net of refunds, window start included', () => {
    expect(tierAsOf(events, '2026-01-10T10:00:00.000Z')).toBe('silver'); // 1,200.00
    expect(tierAsOf(events, '2026-01-25T10:00:00.000Z')).toBe('bronze'); // 600.00 after the refund
    expect(tierAsOf(events, '2026-03-01T10:00:00.000Z')).toBe('silver'); // 1,100.00
    expect(tierAsOf(events, '2027-01-10T10:00:00.000Z')).toBe('silver'); // o-1 still in the window
    expect(tierAsOf(events, '2027-01-10T10:00:00.001Z')).toBe('bronze'); // only o-2: 500.00
  });
});
