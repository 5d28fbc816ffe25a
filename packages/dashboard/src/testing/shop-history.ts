import type { DomainEvent } from '@aftersales/domain';

/**
 * A believable, deterministic shop history for the dashboard's tests: customers arriving month
 * by month over the 14 months before `now`, coming back or not, with shipments (some delayed),
 * cancellations, returns, repairs, feedback and loyalty points. The tests never hard-code a
 * figure from it: they compare the page with what the read models compute from it.
 */
type Timed = readonly [at: number, event: DomainEvent];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Park–Miller generator: the same seed gives the same history on every run. */
function random(seed: number) {
  let state = seed % 2_147_483_647 || 1;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

const CATALOG = [
  ['KETTLE', 'kitchen', 4_900],
  ['MUG-SET', 'kitchen', 1_900],
  ['LAMP', 'lighting', 7_500],
  ['BULB-4', 'lighting', 1_200],
  ['HEADPHONES', 'audio', 12_900],
  ['SPEAKER', 'audio', 8_900],
  ['HOSE', 'garden', 2_900],
  ['TOWELS', 'textiles', 3_500],
  ['TV-55', 'audio', 64_900],
  ['SOFA', 'furniture', 89_000],
] as const;

export type ShopHistoryOptions = Readonly<{ now?: Date; customers?: number; seed?: number }>;

export function shopHistory(options: ShopHistoryOptions = {}): DomainEvent[] {
  const now = (options.now ?? new Date()).getTime();
  const rnd = random(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const current = new Date(now);
  const firstMonth = Date.UTC(current.getUTCFullYear(), current.getUTCMonth() - 14, 1);
  const monthStart = (m: number) => new Date(firstMonth).setUTCMonth(new Date(firstMonth).getUTCMonth() + m);
  const events: Timed[] = [];
  const add = (at: number, event: DomainEvent) => {
    if (at < now - DAY) events.push([at, event]);
  };
  let orderNo = 0;

  for (let c = 1; c <= (options.customers ?? 60); c++) {
    const customerId = `cus-${String(c).padStart(3, '0')}`;
    let month = Math.floor(rnd() * rnd() * 14);
    let loyalty = 0.55 + rnd() * 0.35;
    while (month < 14) {
      const placedAt = monthStart(month) + Math.floor(rnd() * 27) * DAY + 9 * 3_600_000;
      if (placedAt >= now - 20 * DAY) break;
      const orderId = `ord-${String(++orderNo).padStart(4, '0')}`;
      const lines = Array.from({ length: rnd() < 0.3 ? 2 : 1 }, (_, i) => {
        const [sku, category, unitPrice] = pick(CATALOG);
        const qty = rnd() < 0.2 ? 2 : 1;
        return { lineNo: i + 1, sku, name: sku.toLowerCase(), category, qty, unitPrice, warrantyMonths: 24 };
      });
      add(placedAt, {
        type: 'OrderPlaced',
        data: { orderId, customerId, currency: 'EUR', lines, placedAt: iso(placedAt) },
      });
      if (rnd() < 0.05) {
        const at = placedAt + DAY;
        add(at, {
          type: 'OrderCancelled',
          data: { orderId, customerId, reason: 'changed mind', cancelledAt: iso(at) },
        });
      } else {
        const delivered = shipAndDeliver(add, rnd, orderId, customerId, placedAt);
        afterDelivery(add, rnd, { orderId, customerId, lines, delivered });
      }
      // Most customers come back less and less often.
      month += 1 + Math.floor(rnd() * 3);
      if (rnd() > loyalty) break;
      loyalty *= 0.92;
    }
  }
  return events.sort((a, b) => a[0] - b[0]).map(([, event]) => event);
}

type Add = (at: number, event: DomainEvent) => void;

function shipAndDeliver(add: Add, rnd: () => number, orderId: string, customerId: string, placedAt: number) {
  const shippedAt = placedAt + DAY;
  const promised = shippedAt + 4 * DAY;
  const shipmentId = `${orderId}-s1`;
  add(shippedAt, {
    type: 'OrderShipped',
    data: {
      orderId,
      customerId,
      shipmentId,
      carrier: rnd() < 0.5 ? 'post' : 'courier',
      trackingNumber: `TRK-${orderId}`,
      estimatedDeliveryAt: iso(promised),
      shippedAt: iso(shippedAt),
    },
  });
  let delivered = promised - Math.floor(rnd() * 2) * DAY;
  if (rnd() < 0.2) {
    const revised = promised + 2 * DAY;
    add(promised - DAY, {
      type: 'ShipmentDelayed',
      data: {
        orderId,
        customerId,
        shipmentId,
        previousEstimatedDeliveryAt: iso(promised),
        newEstimatedDeliveryAt: iso(revised),
        reason: 'weather',
        delayedAt: iso(promised - DAY),
      },
    });
    delivered = revised + Math.floor(rnd() * 2) * DAY;
  }
  add(delivered, { type: 'OrderDelivered', data: { orderId, customerId, deliveredAt: iso(delivered) } });
  return delivered;
}

type Line = Readonly<{ lineNo: number; sku: string; category: string; qty: number; unitPrice: number }>;

function afterDelivery(
  add: Add,
  rnd: () => number,
  order: Readonly<{ orderId: string; customerId: string; lines: readonly Line[]; delivered: number }>,
) {
  const { orderId, customerId, lines, delivered } = order;
  const lots = lines.map((line) => ({
    lotId: `${orderId}:${line.lineNo}`,
    lineNo: line.lineNo,
    qty: line.qty,
    spend: line.qty * line.unitPrice,
    points: Math.floor((line.qty * line.unitPrice) / 100),
    availableAt: iso(delivered + 30 * DAY),
    expiresAt: iso(delivered + 365 * DAY),
  }));
  add(delivered, {
    type: 'PointsEarned',
    data: {
      customerId,
      orderId,
      currency: 'EUR',
      tier: 'bronze',
      multiplier: 1,
      lots,
      earnedAt: iso(delivered),
    },
  });
  const feedback = (
    subject: { type: 'order' | 'return' | 'repair'; id: string },
    at: number,
    mood: number,
  ) => {
    const csat = Math.max(1, Math.min(5, Math.round(mood * 4 + 1 + (rnd() - 0.5))));
    const nps = Math.max(0, Math.min(10, Math.round(mood * 10 + (rnd() - 0.5) * 3)));
    const comment = rnd() < 0.3 ? 'thanks' : undefined;
    const feedbackId = `fb-${subject.type}-${subject.id}`;
    add(at, {
      type: 'FeedbackSubmitted',
      data: {
        feedbackId,
        customerId,
        subject,
        csat,
        nps,
        ...(comment ? { comment } : {}),
        submittedAt: iso(at),
      },
    });
    if (comment) {
      add(at, {
        type: 'BonusPointsAwarded',
        data: {
          customerId,
          lotId: `bonus-${feedbackId}`,
          reason: 'feedback-comment',
          subject,
          points: 50,
          awardedAt: iso(at),
          expiresAt: iso(at + 365 * DAY),
        },
      });
    }
  };
  if (rnd() < 0.5) feedback({ type: 'order', id: orderId }, delivered + 4 * DAY, 0.45 + rnd() * 0.55);

  const line = lines[0];
  const lot = lots[0];
  if (!line || !lot) return;
  const roll = rnd();
  if (roll < 0.12) {
    const returnId = `ret-${orderId}`;
    const requested = delivered + 5 * DAY;
    add(requested, {
      type: 'ReturnRequested',
      data: {
        returnId,
        orderId,
        customerId,
        resolution: 'refund',
        requestedAt: iso(requested),
        items: [
          {
            lineNo: line.lineNo,
            sku: line.sku,
            category: line.category,
            qty: 1,
            reason: 'defective',
            resolution: 'refund',
          },
        ],
      },
    });
    if (rnd() < 0.2) {
      add(requested + DAY, {
        type: 'ReturnRejected',
        data: { returnId, orderId, reason: 'worn', rejectedAt: iso(requested + DAY) },
      });
      return;
    }
    add(requested + DAY, {
      type: 'ReturnApproved',
      data: { returnId, orderId, approvedAt: iso(requested + DAY) },
    });
    const received = requested + 4 * DAY;
    add(received, {
      type: 'ReturnItemsReceived',
      data: {
        returnId,
        orderId,
        items: [{ lineNo: line.lineNo, qty: 1, condition: 'used' }],
        receivedAt: iso(received),
      },
    });
    const refunded = received + 2 * DAY;
    add(refunded, {
      type: 'ReturnRefunded',
      data: {
        returnId,
        orderId,
        customerId,
        amount: { amount: line.unitPrice, currency: 'EUR' },
        items: [{ lineNo: line.lineNo, qty: 1 }],
        refundedAt: iso(refunded),
      },
    });
    const points = Math.floor(lot.points / line.qty);
    add(refunded, {
      type: 'PointsReversed',
      data: {
        customerId,
        orderId,
        returnId,
        lines: [
          { lotId: lot.lotId, lineNo: line.lineNo, qty: 1, points, spend: line.unitPrice, from: 'pending' },
        ],
        reversedAt: iso(refunded),
      },
    });
    if (rnd() < 0.7) feedback({ type: 'return', id: returnId }, refunded + DAY, rnd());
  } else if (roll < 0.2) {
    const repairId = `rep-${orderId}`;
    const requested = delivered + (20 + Math.floor(rnd() * 40)) * DAY;
    add(requested, {
      type: 'RepairRequested',
      data: {
        repairId,
        orderId,
        customerId,
        lineNo: line.lineNo,
        sku: line.sku,
        category: line.category,
        issue: 'stopped working',
        coverage: { inWarranty: true, basis: 'product-warranty', coveredUntil: iso(delivered + 730 * DAY) },
        requestedAt: iso(requested),
      },
    });
    const completed = requested + (2 + Math.floor(rnd() * 12)) * DAY + Math.floor(rnd() * 20) * 3_600_000;
    add(completed, {
      type: 'RepairCompleted',
      data: {
        repairId,
        orderId,
        customerId,
        lineNo: line.lineNo,
        outcome: rnd() < 0.8 ? 'repaired' : 'replaced',
        inWarranty: true,
        completedAt: iso(completed),
      },
    });
    if (rnd() < 0.7) feedback({ type: 'repair', id: repairId }, completed + DAY, rnd());
  }
}
