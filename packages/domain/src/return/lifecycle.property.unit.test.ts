import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import { defaultRulesTimeline } from '../shared/rules';
import { type ReturnCommand, returnDecider } from './decide';
import type { ReturnEvent } from './events';
import { evolveReturn, type ReturnState, returnLifecycle } from './return';
import { returnId, returnRequested } from './return.fixtures';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const item = fc.record({ lineNo: fc.constantFrom(1, 2, 3), qty: fc.integer({ min: 0, max: 3 }) });
const command: fc.Arbitrary<ReturnCommand> = fc.oneof(
  fc.constant<ReturnCommand>({ type: 'ApproveReturn', data: { returnId } }),
  fc.constant<ReturnCommand>({ type: 'RejectReturn', data: { returnId, reason: 'no' } }),
  fc.array(item, { minLength: 1, maxLength: 2 }).map(
    (items) =>
      ({
        type: 'ReceiveReturnItems',
        data: { returnId, items: items.map((i) => ({ ...i, condition: 'opened' })) },
      }) as ReturnCommand,
  ),
  fc.option(fc.array(item, { minLength: 1, maxLength: 2 }), { nil: undefined }).map(
    (items) =>
      ({
        type: 'RefundReturn',
        data: { returnId, amount: eur(100), ...(items ? { items } : {}) },
      }) as ReturnCommand,
  ),
  fc.constant<ReturnCommand>({ type: 'ExchangeReturn', data: { returnId } }),
  fc.constant<ReturnCommand>({ type: 'CreditReturnToStore', data: { returnId, amount: eur(100) } }),
);

const qtyOf = (items: readonly { lineNo: number; qty: number }[], lineNo: number) =>
  items.find((i) => i.lineNo === lineNo)?.qty ?? 0;

describe('the return lifecycle as a property', () => {
  it('moves only along the lifecycle, and refunds ≤ received ≤ requested per line', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 12 }), (commands) => {
        let state: ReturnState = evolveReturn(returnDecider.initialState(), returnRequested);
        for (const next of commands) {
          let events: readonly ReturnEvent[] = [];
          try {
            events = returnDecider.decide(next, state, {
              now: '2026-03-20T00:00:00.000Z',
              rules: defaultRulesTimeline,
            });
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          const after = events.reduce(evolveReturn, state);
          expect(returnLifecycle[state.status] as readonly string[]).toContain(after.status);
          state = after;
        }
        if (state.status === 'none') throw new Error('a requested return cannot vanish');
        for (const { lineNo, qty } of state.items) {
          const received = 'receivedItems' in state ? qtyOf(state.receivedItems, lineNo) : 0;
          const refunded = state.status === 'refunded' ? qtyOf(state.refundedItems, lineNo) : 0;
          expect(refunded).toBeLessThanOrEqual(received);
          expect(received).toBeLessThanOrEqual(qty);
        }
      }),
    );
  });
});
