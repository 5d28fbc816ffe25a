import {
  type CustomerCommand,
  customerDecider,
  defaultRulesTimeline,
  type LoyaltyCommand,
  loyaltyDecider,
  type OrderCommand,
  orderDecider,
  streams,
} from '@aftersales/domain';
import { createPostgresEventStore, type EventStore, handleCommand } from '@aftersales/event-store';
import { PostgresKeyStore, ShreddingEventStore } from '@aftersales/privacy';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support';
import { Operations } from '../src/ops';
import { defaultErasers } from '../src/privacy/default-erasers';
import { PersonalDataErasers } from '../src/privacy/erasers';

/** A fresh database with the real Postgres store, wrapped as the services wrap it. */
export async function opsFixture(prefix: string) {
  const db: TestDatabase = await createTestDatabase(prefix);
  const inner = await createPostgresEventStore({ connectionString: db.url, maxConnections: 4 });
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // Dropping the database at the end terminates connections a package may still hold (the
  // projections' lock connection); that is expected here, not a failure.
  pool.on('error', () => {});
  const keys = new PostgresKeyStore(pool);
  const store = new ShreddingEventStore(inner, keys);
  const erasers = new PersonalDataErasers(defaultErasers());
  const ops = new Operations({ store, pool, keys, erasers });
  /**
   * Waits until `readAll` sees every committed row. The store reads below the oldest running
   * transaction id, and that horizon is cluster-wide: a transaction open in another test's or
   * benchmark's database hides our newest rows from `readAll` (never from `readStream`) until it
   * ends. Waits up to 45 s.
   */
  const settle = async () => {
    const { rows } = await pool.query<{ last: string | null }>(
      'SELECT max(position)::text AS last FROM event_store.events',
    );
    const last = BigInt(rows[0]?.last ?? '0');
    for (let attempt = 0; attempt < 900 && (await inner.headPosition()) < last; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    db,
    inner,
    settle,
    pool,
    keys,
    store,
    erasers,
    ops,
    close: async () => {
      await inner.close();
      await pool.end();
      await db.drop();
    },
  };
}

export type Personal = Readonly<{ name: string; email: string; phone?: string }>;

const now = () => new Date().toISOString();

export async function registerCustomer(
  store: EventStore,
  customerId: string,
  personal: Personal,
  occurredAt = now(),
) {
  const command: CustomerCommand = {
    type: 'RegisterCustomer',
    data: { customerId, ...personal, language: 'en', timezone: 'Europe/Berlin' },
  };
  return handleCommand(store, streams.customer(customerId), customerDecider, command, {
    context: { now: occurredAt, rules: defaultRulesTimeline },
    metadata: { occurredAt, actor: 'test' },
  });
}

export async function changeEmail(store: EventStore, customerId: string, email: string, occurredAt = now()) {
  const command: CustomerCommand = {
    type: 'ChangeCustomerProfile',
    data: { customerId, changes: { email } },
  };
  return handleCommand(store, streams.customer(customerId), customerDecider, command, {
    context: { now: occurredAt, rules: defaultRulesTimeline },
    metadata: { occurredAt, actor: 'test' },
  });
}

export async function placeOrder(store: EventStore, orderId: string, customerId: string, occurredAt = now()) {
  const command: OrderCommand = {
    type: 'PlaceOrder',
    data: {
      orderId,
      customerId,
      currency: 'EUR',
      lines: [
        { sku: 'KETTLE-1', name: 'Kettle', category: 'kitchen', qty: 2, unitPrice: 4999, warrantyMonths: 24 },
      ],
    },
  };
  return handleCommand(store, streams.order(orderId), orderDecider, command, {
    context: { now: occurredAt, rules: defaultRulesTimeline },
    metadata: { occurredAt, actor: 'test' },
  });
}

const LINES = [
  { sku: 'KETTLE-1', name: 'Kettle', category: 'kitchen', qty: 2, unitPrice: 4999, warrantyMonths: 24 },
] as const;

/** Ships and delivers an order, then earns its loyalty points, as the follow-ups would. */
export async function deliverAndEarn(
  store: EventStore,
  orderId: string,
  customerId: string,
  deliveredAt: string,
) {
  const step = (command: OrderCommand) =>
    handleCommand(store, streams.order(orderId), orderDecider, command, {
      context: { now: deliveredAt, rules: defaultRulesTimeline },
      metadata: { occurredAt: deliveredAt, actor: 'test' },
    });
  await step({
    type: 'ShipOrder',
    data: {
      orderId,
      shipmentId: `${orderId}-s`,
      carrier: 'DHL',
      trackingNumber: 'T1',
      estimatedDeliveryAt: deliveredAt,
    },
  });
  await step({ type: 'DeliverOrder', data: { orderId } });
  const earn: LoyaltyCommand = {
    type: 'EarnPointsForDelivery',
    data: {
      customerId,
      orderId,
      currency: 'EUR',
      deliveredAt,
      lines: LINES.map((line, index) => ({ ...line, lineNo: index + 1 })),
    },
  };
  await handleCommand(store, streams.loyalty(customerId), loyaltyDecider, earn, {
    context: { now: deliveredAt, rules: defaultRulesTimeline },
    metadata: { occurredAt: deliveredAt, actor: 'test' },
  });
}

/** The operator actions recorded so far, read from the table (every committed row). */
export async function recordedActions(pool: pg.Pool): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query<{ data: Record<string, unknown> }>(
    `SELECT data FROM event_store.events WHERE type = 'OperatorActionRecorded' ORDER BY position`,
  );
  return rows.map((row) => row.data);
}

export const caller = { operator: 'test-operator', via: 'cli' } as const;
