import { IllegalStateError, NotFoundError } from '../shared/errors';
import type { DeliveredOrder, OrderState } from './order';

/** Refusals shared by the order's commands, each telling where the order stands. */

export type ExistingOrder = Exclude<OrderState, { status: 'none' }>;

export function requireOrder(state: OrderState, orderId: string): ExistingOrder {
  if (state.status === 'none') {
    throw new NotFoundError('order-not-found', `order ${orderId} was never placed`, { orderId });
  }
  return state;
}

export function illegal(code: string, order: ExistingOrder, message: string): IllegalStateError {
  return new IllegalStateError(code, message, { orderId: order.orderId, status: order.status });
}

/** The refusal for a command that needs a delivered order, told by where the order stands. */
export function requireDelivered(state: OrderState, orderId: string): DeliveredOrder {
  const order = requireOrder(state, orderId);
  if (order.status === 'delivered') return order;
  if (order.status === 'cancelled') throw illegal('order-cancelled', order, 'the order was cancelled');
  throw illegal('order-not-delivered', order, 'the order has not been delivered');
}
