import { noConsents } from '../customer/customer';
import { customerDecider } from '../customer/decide';
import type { CustomerEvent } from '../customer/events';
import { defaultRulesTimeline } from '../shared/rules';
import { stateFrom } from '../shared/testing';
import type { CaseOpenContext } from './decide';
import type { CaseEvent } from './events';

/** A case opened by a customer's e-mail on Tuesday 3 March 2026, 10:00 UTC (shop: Mon–Fri 9–17 UTC). */
export const caseId = 'case-1';
export const customerId = 'c-1';
export const openedAt = '2026-03-03T10:00:00.000Z';

const registered: CustomerEvent = {
  type: 'CustomerRegistered',
  data: {
    customerId,
    name: 'Sara Ahmadi',
    email: 'sara@example.com',
    phone: '+98 21 1234 5678',
    language: 'fa',
    timezone: 'Asia/Tehran',
    consents: noConsents,
    registeredAt: '2026-01-10T10:00:00.000Z',
  },
};
export const registeredCustomer = stateFrom(customerDecider, [registered]);
export const forgottenCustomer = stateFrom(customerDecider, [
  registered,
  { type: 'CustomerForgotten', data: { customerId, forgottenAt: '2026-02-01T00:00:00.000Z' } },
]);

export const at = (now: string) => ({ now, rules: defaultRulesTimeline });
export const opening = (now = openedAt, extra: Partial<CaseOpenContext> = {}): CaseOpenContext => ({
  ...at(now),
  customer: registeredCustomer,
  ...extra,
});

export const caseOpened = (patch: Record<string, unknown> = {}): CaseEvent =>
  ({
    type: 'CaseOpened',
    data: {
      caseId,
      customerId,
      channel: 'email',
      priority: 'normal',
      openedBy: { type: 'customer' },
      openedAt,
      ...patch,
    },
  }) as CaseEvent;

export const customerMessage = (messageId: string, addedAt: string, channel = 'email'): CaseEvent =>
  ({
    type: 'CaseMessageAdded',
    data: {
      caseId,
      customerId,
      messageId,
      direction: 'in',
      channel,
      author: { type: 'customer' },
      body: 'My kettle stopped heating.',
      addedAt,
    },
  }) as CaseEvent;

export const agentMessage = (messageId: string, addedAt: string, channel = 'email'): CaseEvent =>
  ({
    type: 'CaseMessageAdded',
    data: {
      caseId,
      customerId,
      messageId,
      direction: 'out',
      channel,
      author: { type: 'agent', agentId: 'agent-7' },
      body: 'Sorry to hear that; a replacement is on its way.',
      addedAt,
    },
  }) as CaseEvent;

export const markedPending = (pendingAt: string): CaseEvent => ({
  type: 'CaseMarkedPending',
  data: { caseId, pendingAt },
});
export const resumed = (resumedAt: string, by: 'agent' | 'customer-reply' = 'agent'): CaseEvent => ({
  type: 'CaseResumed',
  data: { caseId, by, resumedAt },
});
export const solved = (solvedAt: string, sla: unknown[] = []): CaseEvent =>
  ({ type: 'CaseSolved', data: { caseId, customerId, sla, solvedAt } }) as CaseEvent;
export const reopened = (reopenedAt: string, by: 'agent' | 'customer-reply' = 'agent'): CaseEvent => ({
  type: 'CaseReopened',
  data: { caseId, customerId, by, reopenedAt },
});

/** The customer's opening e-mail, as OpenCase records it. */
export const openedByCustomer: readonly CaseEvent[] = [caseOpened(), customerMessage('m-1', openedAt)];
