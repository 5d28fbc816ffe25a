// The public entry of @aftersales/domain. Explicit named exports only; types kept apart.
// Sorted by module path (Biome keeps it so): append, then run `biome check --write`.

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
export { orderLine, reservedQuantity, returnableQuantity } from './order/order';
export type { OrderLineInput } from './order/validate';
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
export type { DecisionContext, EffectiveRuleSet, RuleSet, RulesTimeline } from './shared/rules';
export { defaultRules, defaultRulesTimeline, rulesAt } from './shared/rules';
export { addDays, addMonths, isBefore } from './shared/time';
export { isCurrency, isInstant } from './shared/validation';
export type { StreamCategory } from './streams';
export { streams } from './streams';
