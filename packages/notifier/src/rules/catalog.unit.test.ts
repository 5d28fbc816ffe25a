import { type DomainEvent, defaultNotificationRules, type NotificationRules } from '@aftersales/domain';
import { describe, expect, it } from 'vitest';
import { ruleNamed } from './catalog';
import { rule } from './types';

const ctx = { notifications: defaultNotificationRules };

const placed = {
  type: 'OrderPlaced',
  data: { orderId: 'o-1', customerId: 'c-1', placedAt: '2026-03-01T10:00:00.000Z' },
} as unknown as DomainEvent;
const deliveredAt4 = {
  type: 'OrderDelivered',
  data: { orderId: 'o-1', customerId: 'c-1', deliveredAt: '2026-03-04T10:00:00.000Z' },
} as unknown as DomainEvent;

describe('a rule typed by its trigger', () => {
  it('is given only its own events: any other plans and cancels nothing, without calling it', () => {
    const seen: string[] = [];
    const watched = rule({
      name: 'win-back',
      class: 'marketing',
      when: 'test',
      trigger: ['OrderPlaced'],
      plan: (e) => {
        seen.push(`plan ${e.data.orderId}`);
        return [];
      },
      cancelWhen: {
        on: ['OrderDelivered'],
        keys: (e) => {
          seen.push(`keys ${e.data.orderId}`);
          return [e.data.orderId];
        },
      },
    });
    expect(watched.plan(deliveredAt4, ctx)).toEqual([]);
    expect(watched.cancelWhen?.keys(placed)).toEqual([]);
    expect(seen).toEqual([]);
    expect(watched.cancelWhen?.keys(deliveredAt4)).toEqual(['o-1']);
    watched.plan(placed, ctx);
    expect(seen).toEqual(['keys o-1', 'plan o-1']);
  });

  it('in the catalogue: the win-back of an order, cancelled by the next order of the customer', () => {
    const winBack = ruleNamed('win-back');
    const [planned] = winBack?.plan(placed, ctx) ?? [];
    expect(planned).toMatchObject({
      subjectKey: 'c-1:o-1',
      cancelKey: 'c-1',
      dueAt: '2026-05-30T10:00:00.000Z',
    });
    expect(winBack?.plan(deliveredAt4, ctx)).toEqual([]);
    expect(winBack?.cancelWhen?.keys(placed)).toEqual(['c-1']);
  });
});

/** The numbers of the rules come from the policy's `notifications` section given to `plan`. */
const named = (name: string) => {
  const found = ruleNamed(name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
};
const delivered = {
  type: 'OrderDelivered',
  data: { orderId: 'ord-1', customerId: 'cus-1', deliveredAt: '2026-04-01T10:00:00.000Z' },
} as unknown as DomainEvent;
const shipped = {
  type: 'OrderShipped',
  data: { orderId: 'ord-1', customerId: 'cus-1', estimatedDeliveryAt: '2026-04-03T18:00:00.000Z' },
} as unknown as DomainEvent;
const feedback = (csat: number, nps?: number) =>
  ({
    type: 'FeedbackSubmitted',
    data: {
      feedbackId: 'fb-1',
      customerId: 'cus-1',
      subject: { type: 'order', id: 'ord-1' },
      csat,
      ...(nps === undefined ? {} : { nps }),
      submittedAt: '2026-04-05T10:00:00.000Z',
    },
  }) as unknown as DomainEvent;
const withRules = (changes: Partial<NotificationRules>) => ({
  notifications: { ...defaultNotificationRules, ...changes },
});

describe('rule timing from the policy', () => {
  it('feedback request: delivered + 3 days by default, + the policy days otherwise', () => {
    const request = named('feedback-request');
    expect(request.plan(delivered, withRules({}))[0]?.dueAt).toBe('2026-04-04T10:00:00.000Z');
    const five = withRules({ feedbackRequest: { afterDays: 5, perCustomer: { count: 2, withinDays: 10 } } });
    expect(request.plan(delivered, five)[0]?.dueAt).toBe('2026-04-06T10:00:00.000Z');
    expect(request.perCustomerLimit?.(five.notifications)).toEqual({
      count: 2,
      withinMs: 10 * 86_400_000,
      reason: 'survey-throttle',
    });
  });

  it('delivery overdue: estimate + the policy hours', () => {
    const overdue = named('delivery-overdue');
    expect(overdue.plan(shipped, withRules({}))[0]?.dueAt).toBe('2026-04-04T18:00:00.000Z');
    expect(overdue.plan(shipped, withRules({ deliveryOverdue: { afterHours: 6 } }))[0]?.dueAt).toBe(
      '2026-04-04T00:00:00.000Z',
    );
  });

  it('low score: the thresholds of the policy decide what escalates', () => {
    const escalation = named('low-score-escalation');
    expect(escalation.plan(feedback(3, 7), withRules({}))).toHaveLength(0);
    const strict = withRules({ lowScore: { csatAtMost: 3, npsAtMost: 6 } });
    expect(escalation.plan(feedback(3, 7), strict).map((p) => p.audience)).toEqual(['customer', 'support']);
  });
});
