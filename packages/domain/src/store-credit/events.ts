import type { Event, Instant, Money } from '../shared/event';

/**
 * Credit issued by a return (stream `store-credit-{customerId}`): lines settled as store credit,
 * or what an exchange's cheaper replacement left over. `creditId` names that settlement.
 */
export type StoreCreditIssued = Event<
  'StoreCreditIssued',
  {
    customerId: string;
    creditId: string;
    returnId: string;
    orderId: string;
    amount: Money;
    issuedAt: Instant;
  }
>;
/** Credit spent against an order; `spendingId` is the caller's, so a retry spends once. */
export type StoreCreditSpent = Event<
  'StoreCreditSpent',
  { customerId: string; spendingId: string; orderId: string; amount: Money; spentAt: Instant }
>;

export type StoreCreditEvent = StoreCreditIssued | StoreCreditSpent;
