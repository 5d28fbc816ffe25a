import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessMsBetween } from '../shared/business-time';
import { DomainError } from '../shared/errors';
import { defaultRules, defaultRulesTimeline } from '../shared/rules';
import { addDays } from '../shared/time';
import { type CaseState, caseLifecycle, evolveCase } from './case';
import { caseId, openedAt, openedByCustomer, registeredCustomer } from './case.fixtures';
import { type CaseCommand, caseDecider } from './decide';
import type { CaseEvent } from './events';
import { caseSlaClocks } from './sla-clocks';

const command: fc.Arbitrary<CaseCommand> = fc.oneof(
  fc.constantFrom<CaseCommand>(
    { type: 'AssignCase', data: { caseId, assignee: { type: 'team', id: 'desk' } } },
    { type: 'ChangeCasePriority', data: { caseId, priority: 'urgent' } },
    { type: 'ChangeCasePriority', data: { caseId, priority: 'low' } },
    { type: 'MarkCasePending', data: { caseId } },
    { type: 'ResumeCase', data: { caseId } },
    { type: 'SolveCase', data: { caseId } },
    { type: 'ReopenCase', data: { caseId } },
    { type: 'CloseCase', data: { caseId } },
  ),
  fc
    .record({ id: fc.integer({ min: 1, max: 40 }), direction: fc.constantFrom<'in' | 'out'>('in', 'out') })
    .map(
      ({ id, direction }): CaseCommand => ({
        type: 'AddCaseMessage',
        data: { caseId, messageId: `m-${id}`, direction, agentId: 'agent-7', body: 'text' },
      }),
    ),
);
/** Commands a few hours to a few days apart, in order. */
const steps = fc.array(fc.tuple(command, fc.integer({ min: 1, max: 96 })), { maxLength: 25 });

describe('the case lifecycle as a property', () => {
  it('moves only along the lifecycle, never reopens once closed, and keeps at most one running response clock', () => {
    fc.assert(
      fc.property(steps, (commands) => {
        let state: CaseState = openedByCustomer.reduce(evolveCase, caseDecider.initialState());
        let now = openedAt;
        let closed = false;
        for (const [next, hours] of commands) {
          now = addDays(now, hours / 24);
          const context = { now, rules: defaultRulesTimeline, customer: registeredCustomer };
          let events: readonly CaseEvent[] = [];
          try {
            events = caseDecider.decide(next, state, context);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          // A closed case accepts only repeats, which record nothing.
          if (closed) expect(events).toEqual([]);
          const after = events.reduce(evolveCase, state);
          if (after.status !== state.status) {
            expect(caseLifecycle[state.status] as readonly string[]).toContain(after.status);
          }
          if (after.status === 'closed') closed = true;
          if (after.status === 'none') throw new Error('an opened case cannot be unopened');
          const running = after.cycles.filter((c) => c.metric !== 'resolution' && c.stoppedAt === undefined);
          expect(running.length).toBeLessThanOrEqual(1);
          for (const clock of caseSlaClocks(after, defaultRules.support, now)) {
            if (clock.status === 'met')
              expect(clock.stoppedAt && clock.due && clock.stoppedAt <= clock.due).toBeTruthy();
          }
          state = after;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads every clock consistently: used + left = target, met exactly when stopped by the due instant', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 0, max: 200 }), (commands, hoursAfter) => {
        let state: CaseState = openedByCustomer.reduce(evolveCase, caseDecider.initialState());
        let now = openedAt;
        for (const [next, hours] of commands) {
          now = addDays(now, hours / 24);
          try {
            state = caseDecider
              .decide(next, state, { now, rules: defaultRulesTimeline, customer: registeredCustomer })
              .reduce(evolveCase, state);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        }
        if (state.status === 'none') throw new Error('an opened case cannot be unopened');
        const readAt = addDays(now, hoursAfter / 24);
        for (const clock of caseSlaClocks(state, defaultRules.support, readAt)) {
          expect(clock.businessSeconds + clock.remainingSeconds).toBe(clock.targetMinutes * 60);
          if (clock.due === undefined) {
            expect(clock.status === 'paused' || clock.status === 'met').toBe(true);
            continue;
          }
          // A due instant is always within opening hours (or at closing time).
          const due = Date.parse(clock.due);
          expect(businessMsBetween(defaultRules.support.calendar, due - 60_000, due)).toBe(60_000);
          const end = clock.stoppedAt ?? readAt;
          expect(clock.status === 'breached').toBe(Date.parse(end) > due);
          if (clock.stoppedAt) expect(clock.status === 'met').toBe(Date.parse(clock.stoppedAt) <= due);
        }
      }),
      { numRuns: 200 },
    );
  });
});
