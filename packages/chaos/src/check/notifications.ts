import type { RecordedEvent } from '@aftersales/event-store';
import { sleep } from '@aftersales/event-store';
import type pg from 'pg';

/**
 * "Every notification sent once, and consistent with the final history", from the notifier's
 * own tables held against the log: every event of the log handled; no (rule, subject) sent twice; no overdue reminder pending or
 * sent for an order that was delivered or cancelled; nothing at all for a cancelled order; every
 * delivered order's warranty reminder planned, every delay announced, every order still on its
 * way reminded; the notifier's view of each order's status equal to the log's.
 */
export type WrongMessage = Readonly<{ orderId: string | undefined; why: string }>;

/**
 * Waits until the notifier has handled every event of the log (each is marked in
 * `notifier.processed_events` once applied, or once dead-lettered: by id, since a count could
 * be made up by events written after the log was read) and its tables then stop changing for
 * `quietMs` (or the timeout). Quiet alone could be a message waiting out a redelivery delay.
 */
export async function waitForNotifier(
  pool: pg.Pool,
  quietMs: number,
  timeoutMs: number,
  log: readonly RecordedEvent[],
): Promise<boolean> {
  const ids = log.map((event) => event.metadata.eventId);
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const { rows } = await pool
      .query<{ fingerprint: string }>(
        `SELECT concat_ws('/',
           (SELECT count(*) FROM notifier.processed_events WHERE event_id = ANY($1::text[])),
           (SELECT max(position) FROM notifier.relay_checkpoints),
           (SELECT count(*) FROM notifier.processed_events),
           (SELECT count(*) FROM notifier.decisions),
           (SELECT count(*) FROM notifier.schedule WHERE status = 'pending')) AS fingerprint`,
        [ids],
      )
      .catch(() => ({ rows: [{ fingerprint: `error-${Date.now()}` }] }));
    const fingerprint = rows[0]?.fingerprint ?? '';
    const handled = Number(fingerprint.split('/')[0] ?? 0);
    if (fingerprint !== last || handled < ids.length) {
      last = fingerprint;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return true;
    await sleep(500);
  }
  return false;
}

type OrderHistory = {
  status: 'placed' | 'shipped' | 'delivered' | 'cancelled';
  shipmentId?: string;
  estimates: string[];
  delays: { shipmentId: string; estimate: string }[];
  warrantyLines: number[];
};

function historyOf(log: readonly RecordedEvent[], orderIds: ReadonlySet<string>): Map<string, OrderHistory> {
  const orders = new Map<string, OrderHistory>();
  for (const event of log) {
    const data = event.data as Record<string, unknown>;
    const orderId = typeof data.orderId === 'string' ? data.orderId : undefined;
    if (!orderId || !orderIds.has(orderId) || !event.streamId.startsWith('order-')) continue;
    const order = orders.get(orderId) ?? { status: 'placed', estimates: [], delays: [], warrantyLines: [] };
    orders.set(orderId, order);
    if (event.type === 'OrderPlaced') {
      const lines = (data.lines ?? []) as { lineNo?: number; warrantyMonths: number }[];
      order.warrantyLines = lines.flatMap((l, i) => (l.warrantyMonths > 0 ? [l.lineNo ?? i + 1] : []));
    } else if (event.type === 'OrderShipped') {
      order.status = 'shipped';
      order.shipmentId = String(data.shipmentId);
      order.estimates.push(String(data.estimatedDeliveryAt));
    } else if (event.type === 'ShipmentDelayed') {
      order.estimates.push(String(data.newEstimatedDeliveryAt));
      order.delays.push({
        shipmentId: String(data.shipmentId),
        estimate: String(data.newEstimatedDeliveryAt),
      });
    } else if (event.type === 'OrderDelivered') order.status = 'delivered';
    else if (event.type === 'OrderCancelled') order.status = 'cancelled';
  }
  return orders;
}

export async function checkNotifications(
  pool: pg.Pool,
  log: readonly RecordedEvent[],
  orderIds: ReadonlySet<string>,
): Promise<WrongMessage[]> {
  const wrong: WrongMessage[] = [];
  const orders = historyOf(log, orderIds);
  const { rows: handled } = await pool.query<{ event_id: string }>(
    'SELECT event_id FROM notifier.processed_events WHERE event_id = ANY($1::text[])',
    [log.map((event) => event.metadata.eventId)],
  );
  const handledIds = new Set(handled.map((r) => r.event_id));
  for (const event of log) {
    if (handledIds.has(event.metadata.eventId)) continue;
    const orderId = (event.data as { orderId?: unknown }).orderId;
    wrong.push({
      orderId: typeof orderId === 'string' ? orderId : undefined,
      why: `${event.type} ${event.metadata.eventId} (${event.streamId}) never handled by the notifier`,
    });
  }
  const twice = await pool.query<{ rule: string; subject_key: string; n: number }>(
    `SELECT rule, subject_key, count(*)::int AS n FROM notifier.decisions WHERE decision = 'sent'
      GROUP BY rule, subject_key HAVING count(*) > 1`,
  );
  for (const row of twice.rows) {
    wrong.push({
      orderId: row.subject_key.split(':')[0],
      why: `${row.rule} ${row.subject_key} sent ${row.n} times`,
    });
  }
  const { rows: planned } = await pool.query<{
    rule: string;
    subject_key: string;
    status: string;
    order_id: string;
  }>(
    `SELECT rule, subject_key, status, vars->>'orderId' AS order_id FROM notifier.schedule WHERE vars ? 'orderId'`,
  );
  const byOrder = new Map<string, typeof planned>();
  for (const row of planned) byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), row]);
  const { rows: known } = await pool.query<{ order_id: string; status: string }>(
    'SELECT order_id, status FROM notifier.orders',
  );
  const notifierStatus = new Map(known.map((r) => [r.order_id, r.status]));

  for (const [orderId, order] of orders) {
    const rows = byOrder.get(orderId) ?? [];
    const live = rows.filter((r) => r.status === 'pending' || r.status === 'sent');
    const has = (rule: string, subject: string) =>
      rows.some((r) => r.rule === rule && r.subject_key === subject);
    if (order.status === 'cancelled') {
      for (const r of live) wrong.push({ orderId, why: `${r.rule} ${r.status} for a cancelled order` });
    }
    if (order.status === 'delivered') {
      for (const r of live.filter((r) => r.rule === 'delivery-overdue')) {
        wrong.push({ orderId, why: `delivery-overdue ${r.status} for a delivered order` });
      }
      for (const lineNo of order.warrantyLines) {
        if (!has('warranty-expiring', `${orderId}:${lineNo}`)) {
          wrong.push({ orderId, why: `no warranty-expiring reminder for line ${lineNo}` });
        }
      }
    }
    if (order.status === 'shipped') {
      const latest = order.estimates.at(-1);
      if (
        latest &&
        !live.some((r) => r.rule === 'delivery-overdue' && r.subject_key === `${orderId}:${latest}`)
      ) {
        wrong.push({ orderId, why: `no pending delivery-overdue reminder for the estimate ${latest}` });
      }
    }
    for (const delay of order.delays) {
      if (!has('shipment-delayed', `${orderId}:${delay.shipmentId}:${delay.estimate}`)) {
        wrong.push({ orderId, why: `delay to ${delay.estimate} never announced` });
      }
    }
    const seen = notifierStatus.get(orderId);
    if (seen !== order.status) {
      wrong.push({
        orderId,
        why: `the notifier has the order ${seen ?? 'unknown'}, the log ${order.status}`,
      });
    }
  }
  return wrong;
}
