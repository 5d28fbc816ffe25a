import type { RepairOutcome } from '../repair/events';
import { IllegalStateError } from '../shared/errors';
import type { Command, Instant } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import { requireInstant, requireText } from '../shared/validation';
import type { LineQuantity, OrderEvent } from './events';
import { illegal, requireDelivered, requireOrder } from './guards';
import { type OrderState, returnableQuantity } from './order';
import { requireKnownLine, requireLineQuantities, requireRepairOutcome } from './validate';

/** Commands other aggregates send to a delivered order: return reservations and repairs. */

export type ReserveReturnQuantity = Command<
  'ReserveReturnQuantity',
  { orderId: string; returnId: string; items: readonly LineQuantity[] }
>;
export type ReleaseReturnQuantity = Command<'ReleaseReturnQuantity', { orderId: string; returnId: string }>;
export type RecordLineRepaired = Command<
  'RecordLineRepaired',
  {
    orderId: string;
    repairId: string;
    lineNo: number;
    serialNumber?: string;
    outcome: RepairOutcome;
    completedAt: Instant;
  }
>;

function sameItems(a: readonly LineQuantity[], b: readonly LineQuantity[]): boolean {
  const key = (items: readonly LineQuantity[]) =>
    [...items]
      .sort((x, y) => x.lineNo - y.lineNo)
      .map((item) => `${item.lineNo}:${item.qty}`)
      .join(',');
  return key(a) === key(b);
}

/**
 * The consistency boundary for returns: a request holds its units here, so two concurrent
 * requests cannot both claim the last unit (the second append fails on the expected revision,
 * and its retry sees the first reservation).
 */
export function reserveReturnQuantity(
  { data }: ReserveReturnQuantity,
  state: OrderState,
  { now }: DecisionContext,
): OrderEvent[] {
  const order = requireDelivered(state, data.orderId);
  const returnId = requireText(data.returnId, 'invalid-return-id', 'returnId', 200);
  const items = requireLineQuantities(data.items, order.lines, 'return-has-no-items');
  const existing = order.returnReservations[returnId];
  if (existing) {
    if (sameItems(existing, items)) return [];
    throw illegal('return-already-reserved', order, `return ${returnId} already holds other quantities`);
  }
  if (order.releasedReturnIds.includes(returnId)) {
    throw illegal('return-reservation-released', order, `return ${returnId} was released and is closed`);
  }
  for (const item of items) {
    const available = returnableQuantity(order, item.lineNo);
    if (item.qty > available) {
      throw new IllegalStateError(
        'return-quantity-exceeded',
        `line ${item.lineNo} has ${available} returnable`,
        {
          orderId: order.orderId,
          lineNo: item.lineNo,
          requested: item.qty,
          available,
        },
      );
    }
  }
  return [
    { type: 'ReturnQuantityReserved', data: { orderId: order.orderId, returnId, items, reservedAt: now } },
  ];
}

/** Releasing what is not held (never reserved, or released already) records nothing. */
export function releaseReturnQuantity(
  { data }: ReleaseReturnQuantity,
  state: OrderState,
  { now }: DecisionContext,
): OrderEvent[] {
  const order = requireOrder(state, data.orderId);
  if (order.status !== 'delivered' || !order.returnReservations[data.returnId]) return [];
  return [
    {
      type: 'ReturnQuantityReleased',
      data: { orderId: order.orderId, returnId: data.returnId, releasedAt: now },
    },
  ];
}

/** Idempotent by repair id: the repair stream's completion may be relayed more than once. */
export function recordLineRepaired({ data }: RecordLineRepaired, state: OrderState): OrderEvent[] {
  const order = requireDelivered(state, data.orderId);
  const repairId = requireText(data.repairId, 'invalid-repair-id', 'repairId', 200);
  if (order.repairs.some((repair) => repair.repairId === repairId)) return [];
  const serialNumber =
    data.serialNumber === undefined
      ? undefined
      : requireText(data.serialNumber, 'invalid-serial-number', 'serialNumber', 200);
  return [
    {
      type: 'OrderLineRepaired',
      data: {
        orderId: order.orderId,
        repairId,
        lineNo: requireKnownLine(data.lineNo, order.lines),
        ...(serialNumber === undefined ? {} : { serialNumber }),
        outcome: requireRepairOutcome(data.outcome),
        completedAt: requireInstant(data.completedAt, 'completedAt'),
      },
    },
  ];
}
