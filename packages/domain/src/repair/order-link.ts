import type { RecordLineRepaired } from '../order/decide';
import type { RepairCompleted } from './events';

/**
 * A completed repair is also recorded on its order (`order-{id}`), so a later repair of the same
 * line can derive its repair warranty from the order's history. The order command is idempotent
 * by repair id: relaying the same completion twice records it once.
 */
export function recordLineRepairedCommand(event: RepairCompleted): RecordLineRepaired {
  const { orderId, repairId, lineNo, serialNumber, outcome, completedAt } = event.data;
  return {
    type: 'RecordLineRepaired',
    data: {
      orderId,
      repairId,
      lineNo,
      ...(serialNumber === undefined ? {} : { serialNumber }),
      outcome,
      completedAt,
    },
  };
}
