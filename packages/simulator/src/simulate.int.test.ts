import { defaultRules, policyDecider } from '@aftersales/domain';
import { handleCommand, PostgresEventStore } from '@aftersales/event-store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
// The command API has no package entry yet; its test harness pieces are reached by path, as tests do.
import { buildApp } from '../../command-api/src/app';
import { migrateApiSchema } from '../../command-api/src/db/schema';
import { ApiKeyRepository } from '../../ops/src/keys/api-keys';
import { countPlan, planSimulation } from './plan/plan';
import { type SimulateOptions, type SimulationSummary, simulate } from './simulate';

// Seed 12 at this size plans repairs, refunds, a rejection and refusals on purpose (an overdrawn
// redemption, a late return), so every path of the outcome check runs.
const small = { seed: 12, until: '2026-09-01T00:00:00.000Z', months: 18, customers: 30 } as const;

/**
 * Counted by SQL rather than `readAll`: the store's readers stop below the oldest transaction open
 * anywhere on the server (its global-order guarantee), and other databases' tests share the server.
 */
async function eventTypesIn(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ type: string; n: number }>(
      'SELECT type, count(*)::int AS n FROM event_store.events GROUP BY type',
    );
    return Object.fromEntries(rows.map((row) => [row.type, row.n]));
  } finally {
    await client.end();
  }
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** What the store must hold after the plan ran, derived from the plan itself. */
function expectHistoryOfPlan(types: Record<string, number>, summary: SimulationSummary) {
  const plan = planSimulation(small);
  const { byType, refusals } = countPlan(plan);
  const planned = (type: string) => byType[type] ?? 0;
  const withComment = plan.commands.filter(
    (c) => !c.expectedRejection && c.command.type === 'SubmitFeedback' && c.command.data.comment,
  ).length;

  expect(refusals).toBeGreaterThan(0);
  expect(summary.surprises).toEqual([]);
  expect(Object.values(summary.refusedAsPlanned).reduce((a, b) => a + b, 0)).toBe(refusals);
  expect(summary.applied).toBe(plan.commands.length - refusals);
  expect(total(types)).toBe(summary.eventsAppended);
  expect(types).toEqual(summary.eventTypes);

  expect(types.CustomerRegistered).toBe(small.customers);
  expect(types.CustomerProfileChanged ?? 0).toBe(planned('ChangeCustomerProfile'));
  expect(types.OrderPlaced).toBe(planned('PlaceOrder'));
  expect(types.OrderShipped).toBe(planned('ShipOrder'));
  expect(types.ShipmentDelayed ?? 0).toBe(planned('DelayShipment'));
  expect(types.OrderDelivered).toBe(planned('DeliverOrder'));
  expect(types.OrderCancelled ?? 0).toBe(planned('CancelOrder'));
  expect(types.ReturnRequested ?? 0).toBe(planned('RequestReturn'));
  expect(types.ReturnQuantityReserved ?? 0).toBe(planned('RequestReturn'));
  expect(types.ReturnQuantityReleased ?? 0).toBe(planned('RejectReturn'));
  expect(types.ReturnRefunded ?? 0).toBe(planned('RefundReturn'));
  expect(types.RepairRequested ?? 0).toBe(planned('RequestRepair'));
  expect(types.RepairCompleted ?? 0).toBe(planned('CompleteRepair'));
  expect(types.OrderLineRepaired ?? 0).toBe(planned('CompleteRepair'));
  expect(types.FeedbackSubmitted ?? 0).toBe(planned('SubmitFeedback'));
  // The loyalty reactions: delivery earns, refund and exchange reverse, a comment earns the bonus.
  expect(types.PointsEarned).toBe(planned('DeliverOrder'));
  expect(types.PointsReversed ?? 0).toBe(planned('RefundReturn') + planned('ExchangeReturn'));
  // Store credit of a return is issued on the customer's ledger.
  expect(types.StoreCreditIssued ?? 0).toBe(planned('CreditReturnToStore'));
  expect(types.BonusPointsAwarded ?? 0).toBe(withComment);
  expect(types.PointsRedeemed ?? 0).toBe(planned('RedeemPoints'));
}

describe('simulate via the store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase('sim_store');
    store = await PostgresEventStore.connect({ connectionString: db.url });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('appends the planned history with the loyalty reactions, refusing only what the plan meant', async () => {
    const summary = await simulate({ ...small, via: 'store', store, progress: false });
    expect(summary.orders).toBeGreaterThan(small.customers);
    expectHistoryOfPlan(await eventTypesIn(db.url), summary);
  });

  it('a re-run finds every command done by the first and appends nothing', async () => {
    const before = await eventTypesIn(db.url);
    const again = await simulate({ ...small, via: 'store', store, progress: false });
    expect(again.surprises).toEqual([]);
    expect(again.eventsAppended).toBe(0);
    expect(again.replayed).toBeGreaterThan(0);
    expect(await eventTypesIn(db.url)).toEqual(before);
  });
});

const DAY_MS = 86_400_000;

/** Days from each order's delivery to each return requested on it, as the plan has them. */
function returnDelays(plan: ReturnType<typeof planSimulation>): number[] {
  const deliveredAt = new Map<string, number>();
  const delays: number[] = [];
  for (const { command, occurredAt, expectedRejection } of plan.commands) {
    if (command.type === 'DeliverOrder') deliveredAt.set(command.data.orderId, Date.parse(occurredAt));
    if (command.type === 'RequestReturn' && !expectedRejection) {
      const delivered = deliveredAt.get(command.data.orderId);
      if (delivered !== undefined) delays.push((Date.parse(occurredAt) - delivered) / DAY_MS);
    }
  }
  return delays;
}

describe('simulate via the store, under the policy the store holds', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase('sim_policy');
    store = await PostgresEventStore.connect({ connectionString: db.url });
    // A week to return, recorded before the history begins (as an import of the shop's past would).
    const since = '2020-01-01T00:00:00.000Z';
    await handleCommand(
      store,
      'policy',
      policyDecider,
      {
        type: 'ChangePolicy',
        data: {
          document: { ...defaultRules, returns: { windowDays: 7, windowDaysByCategory: {} } },
          author: 'ops',
          reason: 'a week to return',
        },
      },
      { context: { now: since, rules: [] }, metadata: { occurredAt: since, actor: 'ops' } },
    );
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('plans and decides by the policy stream, not by the built-in rules', async () => {
    // The built-in 30 days: the plan asks for some returns more than a week after delivery.
    expect(Math.max(...returnDelays(planSimulation(small)))).toBeGreaterThan(7);

    const summary = await simulate({ ...small, via: 'store', store, progress: false });
    expect(summary.surprises).toEqual([]);
    expect(summary.returns).toBeGreaterThan(0);
    // Every return the store accepted was asked for within 7 days of its delivery.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ days: number; version: number }>(
        `SELECT extract(epoch FROM (r.data->>'requestedAt')::timestamptz - (d.data->>'deliveredAt')::timestamptz)
                / 86400 AS days, (r.metadata->>'policyVersion')::int AS version
           FROM event_store.events r
           JOIN event_store.events d ON d.type = 'OrderDelivered' AND d.data->>'orderId' = r.data->>'orderId'
          WHERE r.type = 'ReturnRequested'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(Math.max(...rows.map((row) => Number(row.days)))).toBeLessThanOrEqual(7);
      // Each names the version that decided it.
      expect(new Set(rows.map((row) => row.version))).toEqual(new Set([1]));
    } finally {
      await client.end();
    }
  });
});

describe('simulate via the API', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let pool: pg.Pool;
  let close: () => Promise<void>;
  let options: SimulateOptions;

  beforeAll(async () => {
    db = await createTestDatabase('sim_api');
    store = await PostgresEventStore.connect({ connectionString: db.url });
    pool = new pg.Pool({ connectionString: db.url, max: 20 });
    await migrateApiSchema(pool);
    const apiKey = await new ApiKeyRepository(pool).create('simulator', ['commands:write', 'support']);
    const app = await buildApp({ store, pool, logger: false, config: { rateLimitPerMinute: 1_000_000 } });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
    options = { ...small, via: 'api', url, apiKey, concurrency: 8, progress: false };
  });
  afterAll(async () => {
    await close?.();
    await pool?.end();
    await store?.close();
    await db?.drop();
  });

  it('sends every command over HTTP with its business time, and the API performs the reactions', async () => {
    const summary = await simulate(options);
    const types = await eventTypesIn(db.url);
    expectHistoryOfPlan(types, summary);
    const [first] = await store.readStream(`customer-${planSimulation(small).commands[0]?.customerId}`);
    expect(first?.metadata.occurredAt).toBe(planSimulation(small).commands[0]?.occurredAt);
  });

  it('a re-run is answered from the idempotency records: nothing is appended twice', async () => {
    const before = await eventTypesIn(db.url);
    const again = await simulate(options);
    expect(again.surprises).toEqual([]);
    expect(await eventTypesIn(db.url)).toEqual(before);
    expect(again.eventsAppended).toBe(total(before));
  });
});
