import type { DomainEventType } from '@aftersales/domain';
import type { OperatorActionRecorded } from './audit/operator-action';

/**
 * Every event type the log may hold, checked by the compiler against the domain's union, so an
 * operator's `--type` typo is caught instead of silently exporting nothing.
 */
const knownTypes = {
  CustomerRegistered: true,
  CustomerProfileChanged: true,
  CustomerConsentsSet: true,
  CustomerForgotten: true,
  OrderPlaced: true,
  OrderShipped: true,
  ShipmentDelayed: true,
  OrderDelivered: true,
  OrderCancelled: true,
  ReturnQuantityReserved: true,
  ReturnQuantityReleased: true,
  OrderLineRepaired: true,
  ReturnRequested: true,
  ReturnApproved: true,
  ReturnRejected: true,
  ReturnItemsReceived: true,
  ReturnRefunded: true,
  ReturnExchanged: true,
  ReturnStoreCredited: true,
  RepairRequested: true,
  RepairQuoted: true,
  RepairQuoteAccepted: true,
  RepairQuoteDeclined: true,
  RepairCompleted: true,
  RepairCancelled: true,
  FeedbackSubmitted: true,
  PointsEarned: true,
  PointsReversed: true,
  BonusPointsAwarded: true,
  PointsRedeemed: true,
  LoyaltyTierChanged: true,
  CaseOpened: true,
  CaseMessageAdded: true,
  CaseAssigned: true,
  CasePriorityChanged: true,
  CaseMarkedPending: true,
  CaseResumed: true,
  CaseSolved: true,
  CaseReopened: true,
  CaseClosed: true,
  SlaBreached: true,
  SlaAtRisk: true,
  PolicyChanged: true,
  StoreCreditIssued: true,
  StoreCreditSpent: true,
  OperatorActionRecorded: true,
} as const satisfies Record<DomainEventType | OperatorActionRecorded['type'], true>;

export const KNOWN_EVENT_TYPES: readonly string[] = Object.keys(knownTypes);

export const isKnownEventType = (type: string): boolean => Object.hasOwn(knownTypes, type);
