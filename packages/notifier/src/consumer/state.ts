import type { DomainEvent } from '@aftersales/domain';
import type pg from 'pg';
import type { OrderSnapshot } from '../rules/types';

/**
 * The notifier's own view of customers, orders and loyalty lots, kept from the events it
 * receives: what the rules and the dispatcher need, nothing more.
 */
export async function applyToState(client: pg.PoolClient, event: DomainEvent, now: Date): Promise<void> {
  switch (event.type) {
    case 'CustomerRegistered': {
      const d = event.data;
      await client.query(
        `INSERT INTO notifier.customers
                (customer_id, name, email, phone, language, timezone, consents, forgotten, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8)
         ON CONFLICT (customer_id) DO UPDATE SET name = $2, email = $3, phone = $4, language = $5,
                timezone = $6, consents = $7, updated_at = $8`,
        [
          d.customerId,
          d.name,
          d.email,
          d.phone ?? null,
          d.language,
          d.timezone,
          JSON.stringify(d.consents),
          now,
        ],
      );
      return;
    }
    case 'CustomerProfileChanged': {
      const c = event.data.changes;
      await client.query(
        `UPDATE notifier.customers SET name = COALESCE($2, name), email = COALESCE($3, email),
                phone = COALESCE($4, phone), language = COALESCE($5, language),
                timezone = COALESCE($6, timezone), updated_at = $7
          WHERE customer_id = $1`,
        [
          event.data.customerId,
          c.name ?? null,
          c.email ?? null,
          c.phone ?? null,
          c.language ?? null,
          c.timezone ?? null,
          now,
        ],
      );
      return;
    }
    case 'CustomerConsentsSet':
      await client.query(
        'UPDATE notifier.customers SET consents = $2, updated_at = $3 WHERE customer_id = $1',
        [event.data.customerId, JSON.stringify(event.data.consents), now],
      );
      return;
    case 'CustomerForgotten':
      // Personal data leaves the notifier too; decisions keep only ids.
      await client.query(
        `UPDATE notifier.customers SET name = NULL, email = NULL, phone = NULL, forgotten = true, updated_at = $2
          WHERE customer_id = $1`,
        [event.data.customerId, now],
      );
      return;
    case 'OrderPlaced': {
      const d = event.data;
      const lines = d.lines.map((l) => ({
        lineNo: l.lineNo,
        name: l.name,
        warrantyMonths: l.warrantyMonths,
      }));
      await client.query(
        `INSERT INTO notifier.orders (order_id, customer_id, currency, lines, status)
         VALUES ($1, $2, $3, $4, 'placed') ON CONFLICT (order_id) DO NOTHING`,
        [d.orderId, d.customerId, d.currency, JSON.stringify(lines)],
      );
      return;
    }
    case 'OrderShipped':
      await client.query(
        `UPDATE notifier.orders SET status = 'shipped', estimated_delivery_at = $2
          WHERE order_id = $1 AND status = 'placed'`,
        [event.data.orderId, event.data.estimatedDeliveryAt],
      );
      return;
    case 'ShipmentDelayed':
      await client.query('UPDATE notifier.orders SET estimated_delivery_at = $2 WHERE order_id = $1', [
        event.data.orderId,
        event.data.newEstimatedDeliveryAt,
      ]);
      return;
    case 'OrderDelivered':
      await client.query(
        `UPDATE notifier.orders SET status = 'delivered', delivered_at = $2 WHERE order_id = $1`,
        [event.data.orderId, event.data.deliveredAt],
      );
      return;
    case 'OrderCancelled':
      await client.query(`UPDATE notifier.orders SET status = 'cancelled' WHERE order_id = $1`, [
        event.data.orderId,
      ]);
      return;
    case 'PointsEarned': {
      const lots = event.data.lots;
      await client.query(
        `INSERT INTO notifier.loyalty_lots (lot_id, customer_id, points, remaining, expires_at)
         SELECT lot_id, $1, points, points, expires_at
           FROM unnest($2::text[], $3::int[], $4::timestamptz[]) AS t(lot_id, points, expires_at)
         ON CONFLICT (lot_id) DO NOTHING`,
        [
          event.data.customerId,
          lots.map((l) => l.lotId),
          lots.map((l) => l.points),
          lots.map((l) => l.expiresAt),
        ],
      );
      return;
    }
    case 'BonusPointsAwarded':
      await client.query(
        `INSERT INTO notifier.loyalty_lots (lot_id, customer_id, points, remaining, expires_at)
         VALUES ($1, $2, $3, $3, $4) ON CONFLICT (lot_id) DO NOTHING`,
        [event.data.lotId, event.data.customerId, event.data.points, event.data.expiresAt],
      );
      return;
    case 'PointsReversed':
      await reduceLots(
        client,
        event.data.lines.map((l) => ({ lotId: l.lotId, points: l.points })),
      );
      return;
    case 'PointsRedeemed':
      await reduceLots(client, event.data.allocations);
      return;
    case 'LoyaltyTierChanged':
    case 'ReturnQuantityReserved':
    case 'ReturnQuantityReleased':
    case 'OrderLineRepaired':
    case 'ReturnRequested':
    case 'ReturnApproved':
    case 'ReturnRejected':
    case 'ReturnItemsReceived':
    case 'ReturnRefunded':
    case 'ReturnExchanged':
    case 'ReturnStoreCredited':
    case 'RepairRequested':
    case 'RepairQuoted':
    case 'RepairQuoteAccepted':
    case 'RepairQuoteDeclined':
    case 'RepairCompleted':
    case 'RepairCancelled':
    case 'FeedbackSubmitted':
    case 'CaseOpened':
    case 'CaseMessageAdded':
    case 'CaseAssigned':
    case 'CasePriorityChanged':
    case 'CaseMarkedPending':
    case 'CaseResumed':
    case 'CaseSolved':
    case 'CaseReopened':
    case 'CaseClosed':
    case 'SlaBreached':
    case 'SlaAtRisk':
    case 'PolicyChanged':
    case 'StoreCreditIssued':
    case 'StoreCreditSpent':
      // No state of ours: these only trigger or cancel rules.
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

type EventOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/**
 * Applies events in their order, like `applyToState` one by one, but a run of consecutive
 * events of one type that has a set-based form goes in one statement: under load a batch is
 * mostly such runs, and a round trip per event was most of the batch's time. Within a run only
 * the last event per row counts for updates (each sets the same columns) and the first for
 * inserts that ignore conflicts, as applying them one by one would leave it.
 */
export async function applyAllToState(
  client: pg.PoolClient,
  events: readonly DomainEvent[],
  now: Date,
): Promise<void> {
  for (let start = 0; start < events.length; ) {
    const type = events[start]?.type;
    let end = start + 1;
    while (end < events.length && events[end]?.type === type) end++;
    const run = events.slice(start, end);
    if (run.length === 1 || !(await applyRun(client, run, now))) {
      for (const event of run) await applyToState(client, event, now);
    }
    start = end;
  }
}

/** One statement for a run of same-type events; false when the type has no set-based form. */
async function applyRun(client: pg.PoolClient, run: readonly DomainEvent[], now: Date): Promise<boolean> {
  const of = <T extends DomainEvent['type']>(type: T): EventOf<T>['data'][] =>
    run.filter((e): e is EventOf<T> => e.type === type).map((e) => e.data as EventOf<T>['data']);
  switch (run[0]?.type) {
    case 'ShipmentDelayed': {
      const last = lastBy(of('ShipmentDelayed'), (d) => d.orderId);
      await client.query(
        `UPDATE notifier.orders AS o SET estimated_delivery_at = v.at
           FROM unnest($1::text[], $2::timestamptz[]) AS v(order_id, at) WHERE o.order_id = v.order_id`,
        [last.map((d) => d.orderId), last.map((d) => d.newEstimatedDeliveryAt)],
      );
      return true;
    }
    case 'OrderDelivered': {
      const last = lastBy(of('OrderDelivered'), (d) => d.orderId);
      await client.query(
        `UPDATE notifier.orders AS o SET status = 'delivered', delivered_at = v.at
           FROM unnest($1::text[], $2::timestamptz[]) AS v(order_id, at) WHERE o.order_id = v.order_id`,
        [last.map((d) => d.orderId), last.map((d) => d.deliveredAt)],
      );
      return true;
    }
    case 'CustomerRegistered': {
      const last = lastBy(of('CustomerRegistered'), (d) => d.customerId);
      await client.query(
        `INSERT INTO notifier.customers
                (customer_id, name, email, phone, language, timezone, consents, forgotten, updated_at)
         SELECT customer_id, name, email, phone, language, timezone, consents, false, $8
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
                AS c(customer_id, name, email, phone, language, timezone, consents)
         ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                phone = EXCLUDED.phone, language = EXCLUDED.language, timezone = EXCLUDED.timezone,
                consents = EXCLUDED.consents, updated_at = EXCLUDED.updated_at`,
        [
          last.map((d) => d.customerId),
          last.map((d) => d.name),
          last.map((d) => d.email),
          last.map((d) => d.phone ?? null),
          last.map((d) => d.language),
          last.map((d) => d.timezone),
          last.map((d) => JSON.stringify(d.consents)),
          now,
        ],
      );
      return true;
    }
    case 'OrderPlaced': {
      const first = firstBy(of('OrderPlaced'), (d) => d.orderId);
      await client.query(
        `INSERT INTO notifier.orders (order_id, customer_id, currency, lines, status)
         SELECT order_id, customer_id, currency, lines, 'placed'
           FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS o(order_id, customer_id, currency, lines)
         ON CONFLICT (order_id) DO NOTHING`,
        [
          first.map((d) => d.orderId),
          first.map((d) => d.customerId),
          first.map((d) => d.currency),
          first.map((d) =>
            JSON.stringify(
              d.lines.map((l) => ({ lineNo: l.lineNo, name: l.name, warrantyMonths: l.warrantyMonths })),
            ),
          ),
        ],
      );
      return true;
    }
    default:
      return false;
  }
}

function lastBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    byKey.delete(key(item));
    byKey.set(key(item), item);
  }
  return [...byKey.values()];
}

function firstBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}

async function reduceLots(
  client: pg.PoolClient,
  allocations: readonly Readonly<{ lotId: string; points: number }>[],
): Promise<void> {
  if (allocations.length === 0) return;
  await client.query(
    `UPDATE notifier.loyalty_lots AS l SET remaining = GREATEST(0, l.remaining - a.points)
       FROM (SELECT lot_id, sum(points)::int AS points
               FROM unnest($1::text[], $2::int[]) AS t(lot_id, points) GROUP BY lot_id) AS a
      WHERE l.lot_id = a.lot_id`,
    [allocations.map((a) => a.lotId), allocations.map((a) => a.points)],
  );
}

export async function loadOrders(
  client: pg.PoolClient,
  orderIds: readonly string[],
): Promise<Map<string, OrderSnapshot>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await client.query<{
    order_id: string;
    customer_id: string;
    currency: string;
    status: string;
    lines: OrderSnapshot['lines'];
  }>('SELECT order_id, customer_id, currency, status, lines FROM notifier.orders WHERE order_id = ANY($1)', [
    orderIds,
  ]);
  return new Map(
    rows.map((row) => [
      row.order_id,
      {
        orderId: row.order_id,
        customerId: row.customer_id,
        currency: row.currency,
        status: row.status,
        lines: row.lines,
      },
    ]),
  );
}
