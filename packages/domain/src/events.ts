import type { CaseEvent } from './case/events';
import type { CustomerEvent } from './customer/events';
import type { FeedbackEvent } from './feedback/events';
import type { LoyaltyEvent } from './loyalty/events';
import type { OrderEvent } from './order/events';
import type { PolicyEvent } from './policy/events';
import type { RepairEvent } from './repair/events';
import type { ReturnEvent } from './return/events';
import type { StoreCreditEvent } from './store-credit/events';

/** Every domain event of the system, one discriminated union. */
export type DomainEvent =
  | CustomerEvent
  | OrderEvent
  | ReturnEvent
  | RepairEvent
  | FeedbackEvent
  | LoyaltyEvent
  | CaseEvent
  | PolicyEvent
  | StoreCreditEvent;
export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
