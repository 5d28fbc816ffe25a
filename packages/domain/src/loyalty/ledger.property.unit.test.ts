import fc from 'fast-check';
import { describe, it } from 'vitest';
import { DomainError } from '../shared/errors';
import type { Instant } from '../shared/event';
import { defaultRules, type RulesTimeline } from '../shared/rules';
import { deepEqual } from '../shared/testing';
import { cumulativeReversal } from './arithmetic';
import { balanceAsOf } from './balance';
import { type LoyaltyCommand, loyaltyDecider } from './decide';
import type { LoyaltyEvent } from './events';
import { evolveLoyalty, initialLoyaltyState, type LoyaltyState, loyaltyEventTime } from './ledger';
import { at, bonus, doubledMultipliersFrom, earn, line, redeem, refund } from './test-fixtures';

/**
 * Random histories of earns, refunds, bonuses and redemptions at random times, decided one by
 * one (refused commands are simply not recorded), then checked at every instant that matters:
 * each event time, each window close and expiry, and the millisecond before each.
 */

const rules: RulesTimeline = [
  ...doubledMultipliersFrom('2026-01-01T00:00:00.000Z').map((entry, index) =>
    index === 0
      ? {
          ...entry,
          rules: { ...entry.rules, returns: { windowDays: 30, windowDaysByCategory: { electronics: 14 } } },
        }
      : entry,
  ),
  {
    effectiveFrom: '2026-09-01T00:00:00.000Z',
    rules: { ...defaultRules, loyalty: { ...defaultRules.loyalty, feedbackCommentBonus: 75 } },
  },
];

const START = Date.parse('2025-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const toInstant = (hours: number) => new Date(START + hours * HOUR).toISOString();

/** A command, resolved against the ledger as it stands, so refunds mostly name what was earned. */
type Intent = (now: Instant, state: LoyaltyState) => LoyaltyCommand;

const earnedOrderLines = (state: LoyaltyState, orderPick: number) => {
  const orders = [...state.earnedOrders];
  const orderId = orders.length === 0 ? `o-${orderPick}` : (orders[orderPick % orders.length] ?? 'o-0');
  const lineNos = [...state.lots.values()].flatMap((lot) =>
    lot.source === 'order' && lot.orderId === orderId ? [lot.lineNo] : [],
  );
  return { orderId, lineNos };
};

const command: fc.Arbitrary<Intent> = fc.oneof(
  fc
    .record({
      order: fc.integer({ min: 0, max: 7 }),
      currency: fc.constantFrom('EUR', 'JPY', 'KWD'),
      lines: fc.array(
        fc.record({
          qty: fc.integer({ min: 1, max: 5 }),
          unitPrice: fc.integer({ min: 0, max: 300_000 }),
          category: fc.constantFrom('home', 'electronics'),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(
      ({ order, currency, lines }): Intent =>
        (now) =>
          earn(
            `o-${order}`,
            now,
            lines.map((l, index) => line(index + 1, l.qty, l.unitPrice, l.category)),
            currency,
          ),
    ),
  fc
    .record({
      returnNo: fc.integer({ min: 0, max: 1_000_000 }),
      orderPick: fc.integer({ min: 0, max: 7 }),
      lines: fc.array(
        fc.record({ linePick: fc.integer({ min: 0, max: 3 }), qty: fc.integer({ min: 1, max: 3 }) }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
    })
    .map(
      ({ returnNo, orderPick, lines }): Intent =>
        (_now, state) => {
          const { orderId, lineNos } = earnedOrderLines(state, orderPick);
          const refunded = lines.map(({ linePick, qty }) => ({
            lineNo: lineNos.length === 0 ? linePick + 1 : (lineNos[linePick % lineNos.length] ?? 1),
            qty,
          }));
          return refund(`r-${returnNo}`, orderId, refunded);
        },
    ),
  fc
    .record({
      type: fc.constantFrom('order', 'return', 'repair' as const),
      id: fc.integer({ min: 0, max: 3 }),
    })
    .map(
      ({ type, id }): Intent =>
        () =>
          bonus({ type, id: `s-${id}` }),
    ),
  fc
    .record({
      id: fc.integer({ min: 0, max: 10 }),
      points: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 20_000 })),
    })
    .map(
      ({ id, points }): Intent =>
        () =>
          redeem(`red-${id}`, points),
    ),
);

/**
 * Each operation comes a gap of whole hours (up to ~62 days) after the previous one, so whole
 * histories span years and times often coincide with window closes and expiries. `backdate`
 * moves an operation into the past, for the out-of-order variant only.
 */
const operations = fc
  .array(
    fc.record({
      gapHours: fc.integer({ min: 0, max: 1_500 }),
      backdateHours: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 9_000 })),
      command,
    }),
    { minLength: 5, maxLength: 50, size: 'max' },
  )
  .map((ops) => {
    let hours = 0;
    return ops.map(({ gapHours, backdateHours, command }) => {
      hours += gapHours;
      return { inOrder: toInstant(hours), backdated: toInstant(hours - backdateHours), command };
    });
  });

/** Decides each operation in turn; checks on the way that a repeat of an accepted one records nothing. */
function play(ops: readonly { at: Instant; command: Intent }[]) {
  const events: LoyaltyEvent[] = [];
  let state: LoyaltyState = initialLoyaltyState();
  for (const op of ops) {
    const cmd = op.command(op.at, state);
    let decided: readonly LoyaltyEvent[];
    try {
      decided = loyaltyDecider.decide(cmd, state, at(op.at, rules));
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    for (const event of decided) {
      events.push(event);
      state = evolveLoyalty(state, event);
    }
    const repeated = loyaltyDecider.decide(cmd, state, at(op.at, rules));
    check(repeated.length === 0, 'a repeated command records nothing', { cmd, repeated });
  }
  return { events, state };
}

function instantsToCheck(events: readonly LoyaltyEvent[], state: LoyaltyState): Instant[] {
  const times = new Set<number>();
  for (const event of events) times.add(Date.parse(loyaltyEventTime(event)));
  for (const lot of state.lots.values()) {
    times.add(Date.parse(lot.availableAt));
    times.add(Date.parse(lot.expiresAt));
  }
  return [...times].flatMap((t) => [t - 1, t]).map((t) => new Date(t).toISOString());
}

/** A plain check: `expect` in these hot loops would cost more than the ledger itself. */
function check(holds: boolean, property: string, details: unknown): void {
  if (!holds) throw new Error(`${property} broken: ${JSON.stringify(details)}`);
}

function checkLedger(events: readonly LoyaltyEvent[], state: LoyaltyState) {
  for (const t of instantsToCheck(events, state)) {
    const balance = balanceAsOf(state, t, rules);
    const { pending, available, redeemed, expired, reversed, lifetimeEarned } = balance;
    check(
      [pending, available, expired, redeemed].every((bucket) => bucket >= 0) &&
        balance.lots.every((lot) => lot.remaining >= 0),
      'no negative balance',
      { t, balance },
    );
    check(
      pending + available + redeemed + expired + reversed === lifetimeEarned,
      'earned = pending + available + redeemed + expired + reversed',
      { t, balance },
    );
    const upToT = events.filter((event) => Date.parse(loyaltyEventTime(event)) <= Date.parse(t));
    const replayed = balanceAsOf(upToT, t, rules);
    check(deepEqual(replayed, balance), 'as of t = replay of the events up to t', { t, balance, replayed });
  }
  // every line's reversals add up to exactly floor(points × refunded / qty), never more than it earned
  for (const lot of state.lots.values()) {
    if (lot.source !== 'order') continue;
    const due = lot.movements.reduce(
      (sum, movement) => sum + (movement.kind === 'reversed' ? movement.points + movement.shortfall : 0),
      0,
    );
    check(
      due === cumulativeReversal(lot.points, lot.refundedQty, lot.qty) && due <= lot.points,
      'reversal = floor(points × refunded / qty)',
      { lot },
    );
  }
}

describe('loyalty ledger properties', () => {
  it('holds for histories decided in time order', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const { events, state } = play(ops.map(({ inOrder, command }) => ({ at: inOrder, command })));
        checkLedger(events, state);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('holds when commands arrive out of time order (history imports, late reactions)', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const { events, state } = play(ops.map(({ backdated, command }) => ({ at: backdated, command })));
        checkLedger(events, state);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
