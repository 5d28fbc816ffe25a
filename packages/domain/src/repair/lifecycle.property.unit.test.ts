import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveredAt, deliveredOrderEvents, orderStateFrom } from '../order/order.fixtures';
import { DomainError } from '../shared/errors';
import { defaultRulesTimeline } from '../shared/rules';
import { addDays } from '../shared/time';
import { type RepairCommand, repairDecider } from './decide';
import type { RepairEvent } from './events';
import { evolveRepair, type RepairState, repairLifecycle } from './repair';

const repairId = 'rp-1';
const later = { now: addDays(deliveredAt, 200), rules: defaultRulesTimeline };
const command: fc.Arbitrary<RepairCommand> = fc.constantFrom<RepairCommand>(
  { type: 'QuoteRepair', data: { repairId, amount: { amount: 2_500, currency: 'EUR' } } },
  { type: 'AcceptRepairQuote', data: { repairId } },
  { type: 'DeclineRepairQuote', data: { repairId } },
  { type: 'CompleteRepair', data: { repairId, outcome: 'repaired' } },
  { type: 'CancelRepair', data: { repairId, reason: 'withdrawn' } },
);

describe('the repair lifecycle as a property', () => {
  it('completes only a covered repair or one whose quote was accepted, along the lifecycle', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2), fc.array(command, { maxLength: 10 }), (lineNo, commands) => {
        // Line 1 is in product warranty 200 days after delivery, line 2 never is.
        const order = orderStateFrom(deliveredOrderEvents);
        const request: RepairCommand = {
          type: 'RequestRepair',
          data: { repairId, orderId: 'o-1', lineNo, issue: 'x' },
        };
        let state: RepairState = repairDecider
          .decide(request, repairDecider.initialState(), { ...later, order })
          .reduce(evolveRepair, repairDecider.initialState());
        let accepted = false;
        for (const next of commands) {
          let events: readonly RepairEvent[] = [];
          try {
            events = repairDecider.decide(next, state, later);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          const after = events.reduce(evolveRepair, state);
          expect(repairLifecycle[state.status] as readonly string[]).toContain(after.status);
          if (after.status === 'quote-accepted') accepted = true;
          if (after.status === 'completed') expect(lineNo === 1 || accepted).toBe(true);
          state = after;
        }
      }),
    );
  });
});
