import { escalationCaseId, isLowScore, isTimezone } from '@aftersales/domain';
import { describe, expect, it } from 'vitest';
import { countPlan, customerCommands, planSimulation } from './plan';

const options = { seed: 7, until: '2026-06-01T00:00:00.000Z', months: 24, customers: 120 };

describe('planSimulation', () => {
  it('gives the same command sequence for the same seed', () => {
    const first = planSimulation(options);
    const second = planSimulation(options);
    expect(first.commands.length).toBeGreaterThan(options.customers);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('gives another history for another seed or another end', () => {
    const base = planSimulation(options);
    const otherSeed = planSimulation({ ...options, seed: 8 });
    const otherEnd = planSimulation({ ...options, until: '2026-07-01T00:00:00.000Z' });
    expect(otherSeed.runTag).not.toBe(base.runTag);
    expect(otherEnd.runTag).not.toBe(base.runTag);
    expect(JSON.stringify(otherSeed.commands)).not.toBe(JSON.stringify(base.commands));
  });

  it("keeps a customer's story whatever the number of customers", () => {
    const small = planSimulation({ ...options, customers: 10 });
    const large = planSimulation(options);
    const customerId = small.commands[0]?.customerId;
    const of = (plan: typeof small) => plan.commands.filter((c) => c.customerId === customerId);
    expect(customerId).toBeDefined();
    expect(JSON.stringify(of(large).map(({ seq: _, ...c }) => c))).toBe(
      JSON.stringify(of(small).map(({ seq: _, ...c }) => c)),
    );
  });

  it('orders commands by business time inside the history, with unique idempotency keys', () => {
    const plan = planSimulation(options);
    const times = plan.commands.map((c) => Date.parse(c.occurredAt));
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? t))).toBe(true);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(plan.from));
    expect(Math.max(...times)).toBeLessThan(Date.parse(plan.until));
    expect(new Set(plan.commands.map((c) => c.idempotencyKey)).size).toBe(plan.commands.length);
    expect(plan.commands.map((c) => c.seq)).toEqual(plan.commands.map((_, i) => i));
  });

  it('registers each customer first, in a language with a matching time zone', () => {
    const plan = planSimulation(options);
    const zones = {
      fa: ['Asia/Tehran'],
      ar: ['Asia/Riyadh', 'Asia/Dubai'],
      en: ['Europe/London', 'America/New_York'],
    };
    const seen = new Set<string>();
    for (const { customerId, command } of plan.commands) {
      if (!seen.has(customerId)) expect(command.type).toBe('RegisterCustomer');
      seen.add(customerId);
      if (command.type !== 'RegisterCustomer') continue;
      expect(zones[command.data.language]).toContain(command.data.timezone);
      expect(isTimezone(command.data.timezone)).toBe(true);
    }
    const languages = new Set(
      plan.commands.flatMap((c) => (c.command.type === 'RegisterCustomer' ? [c.command.data.language] : [])),
    );
    expect([...languages].sort()).toEqual(['ar', 'en', 'fa']);
  });

  it('covers the whole after-sales life and repeat customers', () => {
    const plan = planSimulation({ ...options, customers: 400 });
    const { byType, refusals } = countPlan(plan);
    for (const type of [
      'PlaceOrder',
      'ShipOrder',
      'DelayShipment',
      'DeliverOrder',
      'CancelOrder',
      'RequestReturn',
      'ApproveReturn',
      'RejectReturn',
      'ReceiveReturnItems',
      'RefundReturn',
      'ExchangeReturn',
      'CreditReturnToStore',
      'RequestRepair',
      'QuoteRepair',
      'AcceptRepairQuote',
      'DeclineRepairQuote',
      'CompleteRepair',
      'SubmitFeedback',
      'RedeemPoints',
    ]) {
      expect(byType[type], type).toBeGreaterThan(0);
    }
    expect(refusals).toBeGreaterThan(0);
    const ordersPerCustomer = new Map<string, number>();
    for (const { customerId, command } of plan.commands) {
      if (command.type === 'PlaceOrder')
        ordersPerCustomer.set(customerId, (ordersPerCustomer.get(customerId) ?? 0) + 1);
    }
    const counts = [...ordersPerCustomer.values()];
    expect(counts.some((n) => n === 1)).toBe(true);
    expect(counts.some((n) => n >= 4)).toBe(true);
  });

  it('writes the same story for a customer index on its own', () => {
    const plan = planSimulation(options);
    const alone = customerCommands({ ...options }, plan.runTag, 3);
    const inPlan = plan.commands.filter((c) => c.customerId === alone.customerId);
    expect(inPlan.map((c) => c.idempotencyKey)).toEqual(alone.drafts.map((d) => `sim:${d.key}`));
  });

  it('works every escalation: unsolved only when the low score came in the last 30 days', () => {
    let escalations = 0;
    let unsolved = 0;
    // Several seeds (a history is placed relative to its end), so some low scores come in late.
    const { until } = options;
    for (let seed = 1; seed <= 8; seed++) {
      const plan = planSimulation({ ...options, seed });
      const solved = new Set(
        plan.commands.flatMap(({ command }) => (command.type === 'SolveCase' ? [command.data.caseId] : [])),
      );
      for (const { command, expectedRejection, occurredAt } of plan.commands) {
        if (expectedRejection || command.type !== 'SubmitFeedback') continue;
        if (!isLowScore({ ...command.data, submittedAt: occurredAt })) continue;
        escalations++;
        if (solved.has(escalationCaseId(command.data.feedbackId))) continue;
        unsolved++;
        expect(Date.parse(until) - Date.parse(occurredAt)).toBeLessThan(30 * 24 * 3_600_000);
      }
    }
    expect(escalations).toBeGreaterThan(30);
    expect(unsolved).toBeGreaterThan(0);
    expect(unsolved / escalations).toBeLessThan(0.1);
  });
});
