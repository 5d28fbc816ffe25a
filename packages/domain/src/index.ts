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
  RecordSlaAtRisk,
  RecordSlaBreaches,
  ReopenCase,
  ResumeCase,
  SolveCase,
} from './case/decide';
export { caseDecider } from './case/decide';
export { ESCALATION_AGENT, escalationCaseId, escalationFor, isLowScore } from './case/escalation';
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
  SlaAtRisk,
  SlaBreached,
  SlaOutcome,
} from './case/events';
export { CASE_CHANNELS, CASE_PRIORITIES } from './case/events';
export type { SlaClock } from './case/sla-clocks';
export {
  caseSlaClocks,
  nextSlaWake,
  slaClock,
  slaDeadlines,
  unrecordedAtRisk,
  unrecordedBreaches,
} from './case/sla-clocks';
export type { SlaMetric, SlaPolicy, SlaTargets } from './case/sla-policy';
export { defaultSlaPolicy, SLA_METRICS, slaPolicyProblem, slaTargetMinutes } from './case/sla-policy';
export { supportRulesProblem } from './case/support-rules';
export { closesAt, nextWatcherWake, watcherCommandsAt, watcherEventName } from './case/watcher';
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
export type { ChangePolicy, PolicyCommand, PolicyState } from './policy/decide';
export { policyDecider } from './policy/decide';
export type { PolicyChanged, PolicyEvent } from './policy/events';
export type { PolicyDocument, PolicyIssue } from './policy/schema';
export { parsePolicyDocument, policyDocumentSchema } from './policy/schema';
export { defaultPolicyEntry, latestPolicyVersion, policyTimeline, policyVersionAt } from './policy/timeline';
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
export { orderCommandForReturnEvent, reservationFor } from './return/order-link';
export type { ReturnReason } from './return/reasons';
export { isReturnReason, RETURN_REASONS } from './return/reasons';
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
export type { NotificationRules } from './shared/notification-rules';
export { defaultNotificationRules } from './shared/notification-rules';
export type {
  CurrencyEarning,
  DecisionContext,
  EffectiveRuleSet,
  RuleSet,
  RulesTimeline,
  TierRule,
} from './shared/rules';
export {
  DEFAULT_REPORTING_CALENDAR,
  defaultRules,
  defaultRulesTimeline,
  REPORTING_CALENDARS,
  type ReportingCalendar,
  type ReportingCalendarKind,
  reportingCalendarOf,
  rulesAt,
} from './shared/rules';
export type { CivilDate, SolarHijriDate } from './shared/solar-hijri';
export {
  epochDayOfSolarHijri,
  gregorianToSolarHijri,
  isSolarHijriLeapYear,
  PERSIAN_MONTH_NAMES,
  persianMonthName,
  SOLAR_HIJRI_RANGE,
  solarHijriFiscalYear,
  solarHijriFromEpochDay,
  solarHijriMonthLength,
  solarHijriQuarter,
  solarHijriToGregorian,
  solarHijriYearLength,
} from './shared/solar-hijri';
export { findUnsafeText, unsafeTextReason } from './shared/text';
export { addDays, addMonths, isBefore } from './shared/time';
export { isCurrency, isInstant } from './shared/validation';
export { isKnownTimezone, zoneOffsetMs } from './shared/zoned-time';
export type {
  IssueStoreCredit,
  SpendStoreCredit,
  StoreCreditCommand,
  StoreCreditContext,
} from './store-credit/decide';
export { storeCreditDecider } from './store-credit/decide';
export type { StoreCreditEvent, StoreCreditIssued, StoreCreditSpent } from './store-credit/events';
export type { CreditMovement, StoreCreditState } from './store-credit/ledger';
export { storeCreditBalances } from './store-credit/ledger';
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
export type {
  AggregateName,
  AnyDecider,
  ContextLoad,
  Decision,
  DomainCommand,
  Workflow,
} from './workflow/commands';
export { contextWith, deciderOf, targetOf, workflowOf } from './workflow/commands';
export { QUIET_AGGREGATES } from './workflow/quiet';
export type { Reaction } from './workflow/reactions';
export { CAUSED_EVENT_NAMESPACE, causedEventIndex, causedEventName, reactionsTo } from './workflow/reactions';
