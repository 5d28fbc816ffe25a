import type { DomainEvent } from '@aftersales/domain';
import { streamOf } from '../src/operational/scenario';

/** A simulated event with its stream and business time, ready to be stored. */
export type SimulatedEvent = Readonly<{ streamId: string; event: DomainEvent; occurredAt: string }>;

/** Small deterministic PRNG (mulberry32): the same seed gives the same history. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const EVENT_TIME_KEYS = new Set(
  'registeredAt placedAt shippedAt delayedAt deliveredAt cancelledAt reservedAt requestedAt approvedAt receivedAt refundedAt completedAt submittedAt awardedAt earnedAt reversedAt redeemedAt'.split(
    ' ',
  ),
);
const CATEGORIES = ['audio', 'phones', 'kitchen', 'garden', 'toys'];

/**
 * An endless, coherent after-sales history: customers register, order, get deliveries (some
 * late, some cancelled), earn points, return, repair, give feedback and redeem. Generated
 * lazily, customer by customer, so memory stays flat however long the history is.
 */
export function* simulateHistory(seed = 42): Generator<SimulatedEvent> {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)] as T;
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  for (let c = 0; ; c++) {
    const customerId = `c${c}`;
    let t = start + (c % 500) * DAY * 1.3 + rand() * DAY;
    const at = () => new Date(t).toISOString();
    const out: DomainEvent[] = [];
    const email = { transactional: true, marketing: rand() < 0.5 };
    out.push({
      type: 'CustomerRegistered',
      data: {
        customerId,
        name: `Customer ${c}`,
        email: `c${c}@example.com`,
        language: pick(['fa', 'ar', 'en'] as const),
        timezone: 'Asia/Tehran',
        consents: { email, sms: { transactional: false, marketing: false } },
        registeredAt: at(),
      },
    });
    const orders = 1 + Math.floor(rand() * 4);
    for (let o = 0; o < orders; o++) {
      t += rand() * 40 * DAY;
      const orderId = `o${c}-${o}`;
      const lines = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => ({
        lineNo: i + 1,
        sku: `SKU-${Math.floor(rand() * 200)}`,
        name: 'Item',
        category: pick(CATEGORIES),
        qty: 1 + Math.floor(rand() * 3),
        unitPrice: 500 + Math.floor(rand() * 20_000),
        warrantyMonths: 24,
      }));
      out.push({
        type: 'OrderPlaced',
        data: { orderId, customerId, currency: 'EUR', lines, placedAt: at() },
      });
      if (rand() < 0.05) {
        t += DAY / 2;
        out.push({
          type: 'OrderCancelled',
          data: { orderId, customerId, reason: 'changed mind', cancelledAt: at() },
        });
        continue;
      }
      t += DAY;
      const promised = new Date(t + 3 * DAY).toISOString();
      const shipmentId = `s${c}-${o}`;
      out.push({
        type: 'OrderShipped',
        data: {
          orderId,
          customerId,
          shipmentId,
          carrier: 'DHL',
          trackingNumber: shipmentId,
          estimatedDeliveryAt: promised,
          shippedAt: at(),
        },
      });
      let late = false;
      if (rand() < 0.2) {
        late = true;
        t += DAY;
        const newEstimate = new Date(t + 4 * DAY).toISOString();
        out.push({
          type: 'ShipmentDelayed',
          data: {
            orderId,
            customerId,
            shipmentId,
            previousEstimatedDeliveryAt: promised,
            newEstimatedDeliveryAt: newEstimate,
            reason: 'weather',
            delayedAt: at(),
          },
        });
      }
      t += (late ? 4.5 : 2) * DAY;
      const deliveredAt = at();
      out.push({ type: 'OrderDelivered', data: { orderId, customerId, deliveredAt } });
      const lots = lines.map((line) => ({
        lotId: `${orderId}-${line.lineNo}`,
        lineNo: line.lineNo,
        qty: line.qty,
        spend: line.qty * line.unitPrice,
        points: Math.floor((line.qty * line.unitPrice) / 100),
        availableAt: new Date(t + 30 * DAY).toISOString(),
        expiresAt: new Date(t + 365 * DAY).toISOString(),
      }));
      out.push({
        type: 'PointsEarned',
        data: {
          customerId,
          orderId,
          currency: 'EUR',
          tier: 'bronze',
          multiplier: 1,
          lots,
          earnedAt: deliveredAt,
        },
      });
      const first = lines[0];
      const firstLot = lots[0];
      if (!first || !firstLot) continue;
      if (rand() < 0.1) {
        const returnId = `r${c}-${o}`;
        t += 5 * DAY;
        const items = [{ lineNo: 1, qty: 1 }];
        out.push({ type: 'ReturnQuantityReserved', data: { orderId, returnId, items, reservedAt: at() } });
        out.push({
          type: 'ReturnRequested',
          data: {
            returnId,
            orderId,
            customerId,
            items: [
              {
                lineNo: 1,
                sku: first.sku,
                category: first.category,
                qty: 1,
                reason: 'damaged',
                resolution: 'refund',
              },
            ],
            resolution: 'refund',
            requestedAt: at(),
          },
        });
        t += DAY;
        out.push({ type: 'ReturnApproved', data: { returnId, orderId, approvedAt: at() } });
        t += 3 * DAY;
        out.push({
          type: 'ReturnItemsReceived',
          data: { returnId, orderId, items: [{ lineNo: 1, qty: 1, condition: 'opened' }], receivedAt: at() },
        });
        out.push({
          type: 'ReturnRefunded',
          data: {
            returnId,
            orderId,
            customerId,
            amount: { amount: first.unitPrice, currency: 'EUR' },
            items,
            refundedAt: at(),
          },
        });
        const points = Math.floor(firstLot.points / first.qty);
        out.push({
          type: 'PointsReversed',
          data: {
            customerId,
            orderId,
            returnId,
            lines: [{ lotId: firstLot.lotId, lineNo: 1, qty: 1, points, spend: first.unitPrice }],
            reversedAt: at(),
          },
        });
      } else if (rand() < 0.06) {
        const repairId = `p${c}-${o}`;
        t += 60 * DAY;
        out.push({
          type: 'RepairRequested',
          data: {
            repairId,
            orderId,
            customerId,
            lineNo: 1,
            sku: first.sku,
            category: first.category,
            issue: 'does not start',
            coverage: {
              inWarranty: true,
              basis: 'product-warranty',
              coveredUntil: new Date(t + 600 * DAY).toISOString(),
            },
            requestedAt: at(),
          },
        });
        t += 7 * DAY;
        out.push({
          type: 'RepairCompleted',
          data: {
            repairId,
            orderId,
            customerId,
            lineNo: 1,
            outcome: 'repaired',
            inWarranty: true,
            completedAt: at(),
          },
        });
        out.push({
          type: 'OrderLineRepaired',
          data: { orderId, repairId, lineNo: 1, outcome: 'repaired', completedAt: at() },
        });
      }
      if (rand() < 0.3) {
        t += DAY;
        const withComment = rand() < 0.5;
        const subject = { type: 'order' as const, id: orderId };
        out.push({
          type: 'FeedbackSubmitted',
          data: {
            feedbackId: `f${c}-${o}`,
            customerId,
            subject,
            csat: 1 + Math.floor(rand() * 5),
            nps: Math.floor(rand() * 11),
            ...(withComment ? { comment: 'fine' } : {}),
            submittedAt: at(),
          },
        });
        if (withComment) {
          out.push({
            type: 'BonusPointsAwarded',
            data: {
              customerId,
              lotId: `bonus-${orderId}`,
              reason: 'feedback-comment',
              subject,
              points: 50,
              awardedAt: at(),
              expiresAt: new Date(t + 365 * DAY).toISOString(),
            },
          });
        }
      }
      if (rand() < 0.1 && firstLot.points > 10) {
        t += 31 * DAY;
        const points = Math.floor(firstLot.points / 2);
        out.push({
          type: 'PointsRedeemed',
          data: {
            customerId,
            redemptionId: `x${c}-${o}`,
            points,
            allocations: [{ lotId: firstLot.lotId, points }],
            redeemedAt: at(),
          },
        });
      }
    }
    for (const event of out) {
      const data = event.data as Record<string, unknown>;
      const key = Object.keys(data).find((k) => EVENT_TIME_KEYS.has(k));
      const occurredAt = key ? String(data[key]) : new Date(t).toISOString();
      yield { streamId: streamOf(event), event, occurredAt };
    }
  }
}
