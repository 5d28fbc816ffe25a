import type { FeedbackSubject } from './feedback/events';

/** Stream names. The category prefix (before the first `-`) is what subscriptions filter on. */
export const streams = {
  customer: (customerId: string) => `customer-${customerId}`,
  order: (orderId: string) => `order-${orderId}`,
  return: (returnId: string) => `return-${returnId}`,
  repair: (repairId: string) => `repair-${repairId}`,
  loyalty: (customerId: string) => `loyalty-${customerId}`,
  feedback: (subject: FeedbackSubject) => `feedback-${subject.type}-${subject.id}`,
  case: (caseId: string) => `case-${caseId}`,
  /** One stream for the shop's policy document: every version, in the order recorded. */
  policy: () => 'policy',
  storeCredit: (customerId: string) => `store-credit-${customerId}`,
} as const;

export type StreamCategory = keyof typeof streams;
