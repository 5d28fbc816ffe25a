// The public entry of @aftersales/domain. Explicit named exports only; types kept apart.
// Sorted by module path (Biome keeps it so): append, then run `biome check --write`.

export type { CaseState, CaseStatus, OpenedCase, SlaCycle } from './case/case';
export { breachKey, caseLifecycle } from './case/case';
export type {
  AddCaseMessage,
  AssignCase,
  CaseCommand,
  CaseDecisionContext,
  CaseOpenContext,
  ChangeCasePriority,
  CloseCase,
  MarkCasePending,
  OpenCase,
  RecordSlaBreaches,
  ReopenCase,
  ResumeCase,
  SolveCase,
} from './case/decide';
export { caseDecider } from './case/decide';
export type {
  CaseAssigned,
  CaseAssignee,
  CaseAuthor,
  CaseChannel,
  CaseClosed,
  CaseEvent,
  CaseMarkedPending,
  CaseMessageAdded,
  CaseOpened,
  CasePriority,
  CasePriorityChanged,
  CaseReopened,
  CaseResumed,
  CaseSolved,
  CaseSubject,
  MessageDirection,
  SlaBreached,
  SlaOutcome,
} from './case/events';
export { CASE_CHANNELS, CASE_PRIORITIES } from './case/events';
export type { SlaClock } from './case/sla-clocks';
export { caseSlaClocks, slaClock, slaDeadlines, unrecordedBreaches } from './case/sla-clocks';
export type { SlaMetric, SlaPolicy, SlaTargets } from './case/sla-policy';
export { defaultSlaPolicy, SLA_METRICS, slaPolicyProblem, slaTargetMinutes } from './case/sla-policy';
export { supportRulesProblem } from './case/support-rules';
export type { CustomerState } from './customer/customer';
export { noConsents } from './customer/customer';
export type {
  ChangeCustomerProfile,
  CustomerCommand,
  ForgetCustomer,
  RegisterCustomer,
  SetConsents,
} from './customer/decide';
export { customerDecider } from './customer/decide';
export type {
  Channel,
  Consents,
  CustomerConsentsSet,
  CustomerEvent,
  CustomerForgotten,
  CustomerProfileChanged,
  CustomerRegistered,
  PersonalData,
  Purpose,
} from './customer/events';
export { isTimezone } from './customer/validate';
export type { DomainEvent, DomainEventOf, DomainEventType } from './events';
export type { FeedbackCommand, FeedbackContext, SubmitFeedback } from './feedback/decide';
export { feedbackDecider } from './feedback/decide';
export type {
  FeedbackEvent,
  FeedbackSubject,
  FeedbackSubjectType,
  FeedbackSubmitted,
} from './feedback/events';
export type { FeedbackState } from './feedback/feedback';
export type { FeedbackSubjectFacts } from './feedback/subject';
export {
  caseFeedbackFacts,
  feedbackSubjectFacts,
  orderFeedbackFacts,
  repairFeedbackFacts,
  returnFeedbackFacts,
  subjectStream,
} from './feedback/subject';
export { cumulativeReversal, linePoints } from './loyalty/arithmetic';
export type {
  CurrencySpend,
  LedgerSource,
  LotBalance,
  LoyaltyBalance,
} from './loyalty/balance';
export { balanceAsOf, lotBalancesAsOf, tierAsOf } from './loyalty/balance';
export type {
  AwardFeedbackBonus,
  EarnPointsForDelivery,
  LoyaltyCommand,
  RedeemPoints,
  ReversePointsForRefund,
} from './loyalty/decide';
export { loyaltyDecider } from './loyalty/decide';
export type {
  BonusPointsAwarded,
  EarnedLot,
  LoyaltyEvent,
  LoyaltyTierChanged,
  NoPointsReason,
  PointsEarned,
  PointsRedeemed,
  PointsReversed,
  ReversedLine,
  Tier,
} from './loyalty/events';
export type { BonusLot, Lot, LotMovement, LotPhase, LoyaltyState, OrderLot } from './loyalty/ledger';
export {
  evolveLoyalty,
  initialLoyaltyState,
  loyaltyEventTime,
} from './loyalty/ledger';
export type { LoyaltyReaction } from './loyalty/policy';
export { bonusForFeedback, earnOnDelivery, reverseOnRefund } from './loyalty/policy';
export { currencyEarning, TIER_RANK } from './loyalty/tier';
export type {
  CancelOrder,
  DelayShipment,
  DeliverOrder,
  OrderCommand,
  PlaceOrder,
  RecordLineRepaired,
  ReleaseReturnQuantity,
  ReserveReturnQuantity,
  ShipOrder,
} from './order/decide';
export { orderDecider } from './order/decide';
export type {
  LineQuantity,
  OrderCancelled,
  OrderDelivered,
  OrderEvent,
  OrderLine,
  OrderLineRepaired,
  OrderPlaced,
  OrderShipped,
  ReturnQuantityReleased,
  ReturnQuantityReserved,
  ShipmentDelayed,
} from './order/events';
export type { DeliveredOrder, EstimateRevision, LineRepair, OrderState, OrderStatus } from './order/order';
export { currencyOf, orderLine, reservedQuantity, returnableQuantity } from './order/order';
export type { OrderLineInput } from './order/validate';
export type {
  AcceptRepairQuote,
  CancelRepair,
  CompleteRepair,
  DeclineRepairQuote,
  QuoteRepair,
  RepairCommand,
  RepairDecisionContext,
  RepairRequestContext,
  RequestRepair,
} from './repair/decide';
export { repairDecider } from './repair/decide';
export type {
  RepairCancelled,
  RepairCompleted,
  RepairEvent,
  RepairOutcome,
  RepairQuoteAccepted,
  RepairQuoteDeclined,
  RepairQuoted,
  RepairRequested,
  WarrantyCoverage,
} from './repair/events';
export { recordLineRepairedCommand } from './repair/order-link';
export type { RepairState, RepairStatus } from './repair/repair';
export { repairLifecycle } from './repair/repair';
export { warrantyCoverage } from './repair/warranty';
export type {
  ApproveReturn,
  CreditReturnToStore,
  ExchangeReturn,
  ReceiveReturnItems,
  RefundReturn,
  RejectReturn,
  RequestReturn,
  ReturnCommand,
  ReturnDecisionContext,
  ReturnRequestContext,
} from './return/decide';
export { returnDecider } from './return/decide';
export type {
  ItemCondition,
  ReturnApproved,
  ReturnEvent,
  ReturnExchanged,
  ReturnItem,
  ReturnItemsReceived,
  ReturnRefunded,
  ReturnRejected,
  ReturnRequested,
  ReturnResolution,
  ReturnStoreCredited,
} from './return/events';
export { orderCommandForReturnEvent } from './return/order-link';
export type { ReceivedItem, ReturnState, ReturnStatus } from './return/return';
export { returnLifecycle } from './return/return';
export { returnWindowClosesAt, returnWindowDays } from './return/window';
export type { ShopCalendar, Weekday, WorkingPeriod } from './shared/business-time';
export {
  addBusinessMinutes,
  addBusinessMs,
  businessMinutesBetween,
  businessMsBetween,
  calendarProblem,
  WEEKDAYS,
} from './shared/business-time';
export {
  decimalToMinor,
  EXPONENT_NOT_TWO,
  formatMoney,
  isMoneyCurrency,
  minorToDecimal,
  minorUnitDigits,
  NO_MINOR_UNIT,
} from './shared/currency';
export type { Decider } from './shared/decider';
export {
  ConcurrencyError,
  DomainError,
  IllegalStateError,
  NotFoundError,
  unknownCommand,
  ValidationError,
} from './shared/errors';
export type { Command, Event, EventMetadata, Instant, Language, Money } from './shared/event';
export { LANGUAGES } from './shared/event';
export type {
  CurrencyEarning,
  DecisionContext,
  EffectiveRuleSet,
  RuleSet,
  RulesTimeline,
  TierRule,
} from './shared/rules';
export { defaultRules, defaultRulesTimeline, rulesAt } from './shared/rules';
export { findUnsafeText, unsafeTextReason } from './shared/text';
export { addDays, addMonths, isBefore } from './shared/time';
export { isCurrency, isInstant } from './shared/validation';
export { isKnownTimezone, zoneOffsetMs } from './shared/zoned-time';
export type { StreamCategory } from './streams';
export { streams } from './streams';
export type { EventUpcaster, SchemaVersioned } from './upcasting';
export {
  createUpcasting,
  currentSchemaVersion,
  currentSchemaVersions,
  domainUpcasters,
  legacyShipmentId,
  SchemaVersionError,
  upcastData,
  upcastEvent,
} from './upcasting';
export type { Reaction } from './workflow/reactions';
export { CAUSED_EVENT_NAMESPACE, causedEventName, reactionsTo } from './workflow/reactions';
