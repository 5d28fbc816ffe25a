import {
  addMonths,
  type ItemCondition,
  type OrderLine,
  returnWindowClosesAt,
  rulesAt,
} from '@aftersales/domain';
import { catalog, failureRatePerMonth, repairIssues, returnRateByCategory, returnReasons } from './catalog';
import { giveFeedback } from './feedback';
import { DAY, type DeliveredOrder, HOUR, type Story } from './story';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What may follow a delivery: feedback on the order, a return of some lines (requested inside the
 * window, or after it — refused on purpose), repairs of warranted lines when they fail.
 */
export function afterDelivery(story: Story, order: DeliveredOrder): void {
  const { rng } = story;
  if (rng.chance(0.35)) {
    giveFeedback(
      story,
      order.deliveredAt + rng.between(1, 10) * DAY,
      { type: 'order', id: order.orderId },
      order.disappointing ? 'bad' : 'good',
    );
  }
  const returned = order.lines.filter((line) => rng.chance(returnRateByCategory[line.category] ?? 0.05));
  if (returned.length > 0) requestReturn(story, order, returned);
  const returnedLines = new Set(returned.map((line) => line.lineNo));
  for (const line of order.lines) {
    if (!returnedLines.has(line.lineNo)) repairs(story, order, line);
  }
}

function requestReturn(story: Story, order: DeliveredOrder, lines: readonly OrderLine[]): void {
  const { rng } = story;
  const rules = rulesAt(story.ctx.rules, iso(order.deliveredAt));
  // The window of the line that closes first bounds the whole request.
  const closesAt = Math.min(
    ...lines.map((line) => Date.parse(returnWindowClosesAt(iso(order.deliveredAt), line.category, rules))),
  );
  const late = rng.chance(0.05);
  const requestedAt = late
    ? closesAt + rng.between(1, 30) * DAY
    : order.deliveredAt + rng.between(0.02, 0.85) * (closesAt - order.deliveredAt);
  const returnId = story.id('r');
  const items = lines.map((line) => ({
    lineNo: line.lineNo,
    qty: rng.int(1, line.qty),
    ...rng.pick(returnReasons),
  }));
  const resolution = rng.weighted([
    ['refund', 65],
    ['exchange', 20],
    ['store-credit', 15],
  ] as const);
  const requested = story.add(
    requestedAt,
    { type: 'RequestReturn', data: { returnId, orderId: order.orderId, items, resolution } },
    late ? 'return-window-closed' : undefined,
  );
  if (!requested || late) return;

  let at = requestedAt + rng.between(2 * HOUR, 3 * DAY);
  if (rng.chance(0.1)) {
    const reason = rng.pick(['item shows heavy use', 'not bought from this shop', 'hygiene item']);
    if (story.add(at, { type: 'RejectReturn', data: { returnId, reason } }) && rng.chance(0.4)) {
      giveFeedback(story, at + rng.between(1, 5) * DAY, { type: 'return', id: returnId }, 'bad');
    }
    return;
  }
  if (!story.add(at, { type: 'ApproveReturn', data: { returnId } })) return;
  at += rng.between(2, 10) * DAY;
  const received = items.map((item) => ({
    lineNo: item.lineNo,
    qty: item.qty > 1 && rng.chance(0.05) ? item.qty - 1 : item.qty,
    condition: rng.weighted<ItemCondition>([
      ['new', 40],
      ['opened', 35],
      ['used', 15],
      ['damaged', 10],
    ]),
  }));
  if (!story.add(at, { type: 'ReceiveReturnItems', data: { returnId, items: received } })) return;
  at += rng.between(0.5, 4) * DAY;
  // Used or damaged goods come back with a restocking deduction.
  const value = received.reduce((sum, item) => {
    const unitPrice = order.lines.find((line) => line.lineNo === item.lineNo)?.unitPrice ?? 0;
    const share = item.condition === 'used' || item.condition === 'damaged' ? 0.85 : 1;
    return sum + Math.round(unitPrice * item.qty * share);
  }, 0);
  const amount = { amount: value, currency: order.currency };
  const resolved =
    resolution === 'refund'
      ? story.add(at, {
          type: 'RefundReturn',
          data: { returnId, amount, items: received.map(({ lineNo, qty }) => ({ lineNo, qty })) },
        })
      : resolution === 'exchange'
        ? story.add(at, {
            type: 'ExchangeReturn',
            data: { returnId, items: received.map(({ lineNo, qty }) => ({ lineNo, qty })) },
          })
        : story.add(at, { type: 'CreditReturnToStore', data: { returnId, amount } });
  if (resolved && rng.chance(0.3)) {
    giveFeedback(
      story,
      at + rng.between(1, 7) * DAY,
      { type: 'return', id: returnId },
      rng.chance(0.8) ? 'good' : 'bad',
    );
  }
}

/** Warranted lines fail now and then; a line repaired once may fail again (repair warranty). */
function repairs(story: Story, order: DeliveredOrder, line: OrderLine): void {
  const { rng } = story;
  const rate = failureRatePerMonth[line.category];
  if (line.warrantyMonths === 0 || rate === undefined) return;
  const serialised = catalog.find((item) => item.sku === line.sku)?.serialised ?? false;
  const serialNumber = serialised
    ? `SN${line.sku.replace('-', '')}${rng.int(10_000_000, 99_999_999)}`
    : undefined;
  const warrantyEnds = Date.parse(addMonths(iso(order.deliveredAt), line.warrantyMonths));
  let failsAt = order.deliveredAt + rng.exponential(1 / rate) * 30 * DAY;
  let coveredUntil = warrantyEnds;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (failsAt - order.deliveredAt > 40 * 30 * DAY) return;
    const completedAt = repair(story, order, line, failsAt, failsAt < coveredUntil, serialNumber);
    if (completedAt === null || !rng.chance(0.12)) return;
    // The same item back soon after a repair is covered by the repair's own warranty.
    const days = rulesAt(story.ctx.rules, iso(completedAt)).warranty.repairWarrantyDays;
    coveredUntil = Math.max(warrantyEnds, completedAt + days * DAY);
    failsAt = completedAt + rng.between(10, 150) * DAY;
  }
}

/** One repair from request to completion; returns when it put a working item back, or null. */
function repair(
  story: Story,
  order: DeliveredOrder,
  line: OrderLine,
  requestedAt: number,
  inWarranty: boolean,
  serialNumber: string | undefined,
): number | null {
  const { rng } = story;
  const repairId = story.id('p');
  const request = {
    repairId,
    orderId: order.orderId,
    lineNo: line.lineNo,
    issue: rng.pick(repairIssues),
    ...(serialNumber ? { serialNumber } : {}),
  };
  if (!story.add(requestedAt, { type: 'RequestRepair', data: request })) return null;
  let at = requestedAt + rng.between(1, 3) * DAY;
  if (inWarranty && rng.chance(0.04)) {
    story.add(at, { type: 'CancelRepair', data: { repairId, reason: 'customer withdrew the request' } });
    return null;
  }
  if (!inWarranty) {
    const amount = { amount: Math.round(line.unitPrice * rng.between(0.15, 0.4)), currency: order.currency };
    if (!story.add(at, { type: 'QuoteRepair', data: { repairId, amount } })) return null;
    at += rng.between(0.5, 4) * DAY;
    if (rng.chance(0.4)) {
      if (story.add(at, { type: 'DeclineRepairQuote', data: { repairId } }) && rng.chance(0.3)) {
        giveFeedback(
          story,
          at + rng.between(1, 5) * DAY,
          { type: 'repair', id: repairId },
          'bad',
          'feedback-subject-not-ready',
        );
      }
      return null;
    }
    if (!story.add(at, { type: 'AcceptRepairQuote', data: { repairId } })) return null;
  }
  at += rng.between(3, 18) * DAY;
  const outcome = rng.weighted([
    ['repaired', 75],
    ['replaced', 15],
    ['refunded', 5],
    ['unrepairable', 5],
  ] as const);
  if (!story.add(at, { type: 'CompleteRepair', data: { repairId, outcome } })) return null;
  if (rng.chance(0.35)) {
    const good = outcome === 'repaired' || outcome === 'replaced';
    giveFeedback(
      story,
      at + rng.between(1, 9) * DAY,
      { type: 'repair', id: repairId },
      good ? 'good' : 'bad',
    );
  }
  // Only a repaired or replaced item carries the repair's own warranty.
  return outcome === 'repaired' || outcome === 'replaced' ? at : null;
}
