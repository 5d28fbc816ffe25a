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
      // No state of ours: these only trigger or cancel rules.
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
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
