import type { CaseCommand } from '../case/decide';
import { caseDecider } from '../case/decide';
import type { CustomerCommand } from '../customer/decide';
import { customerDecider } from '../customer/decide';
import type { DomainEvent } from '../events';
import type { FeedbackCommand } from '../feedback/decide';
import { feedbackDecider } from '../feedback/decide';
import { feedbackSubjectFacts, subjectStream } from '../feedback/subject';
import type { LoyaltyCommand } from '../loyalty/decide';
import { loyaltyDecider } from '../loyalty/decide';
import type { OrderCommand } from '../order/decide';
import { orderDecider } from '../order/decide';
import type { PolicyCommand } from '../policy/decide';
import { policyDecider } from '../policy/decide';
import type { RepairCommand } from '../repair/decide';
import { repairDecider } from '../repair/decide';
import type { ReturnCommand } from '../return/decide';
import { returnDecider } from '../return/decide';
import { reservationFor } from '../return/order-link';
import type { DecisionContext } from '../shared/rules';
import type { StoreCreditCommand } from '../store-credit/decide';
import { storeCreditDecider } from '../store-credit/decide';
import { streams } from '../streams';

/** Every command of the system, one discriminated union. */
export type DomainCommand =
  | CustomerCommand
  | OrderCommand
  | ReturnCommand
  | RepairCommand
  | LoyaltyCommand
  | FeedbackCommand
  | CaseCommand
  | StoreCreditCommand
  | PolicyCommand;

/** A command for the aggregate that decides it, on the stream it is decided on. */
export type Decision =
  | Readonly<{ aggregate: 'customer'; stream: string; command: CustomerCommand }>
  | Readonly<{ aggregate: 'order'; stream: string; command: OrderCommand }>
  | Readonly<{ aggregate: 'return'; stream: string; command: ReturnCommand }>
  | Readonly<{ aggregate: 'repair'; stream: string; command: RepairCommand }>
  | Readonly<{ aggregate: 'loyalty'; stream: string; command: LoyaltyCommand }>
  | Readonly<{ aggregate: 'feedback'; stream: string; command: FeedbackCommand }>
  | Readonly<{ aggregate: 'case'; stream: string; command: CaseCommand }>
  | Readonly<{ aggregate: 'store-credit'; stream: string; command: StoreCreditCommand }>
  | Readonly<{ aggregate: 'policy'; stream: string; command: PolicyCommand }>;

export type AggregateName = Decision['aggregate'];

/**
 * A decider with its types erased, as a runner that handles any decision holds it. Sound because
 * a `Decision` pairs each command with the aggregate whose decider takes it (see `deciderOf`).
 */
export type AnyDecider = Readonly<{
  initialState: () => unknown;
  evolve: (state: unknown, event: DomainEvent) => unknown;
  decide: (command: DomainCommand, state: unknown, context: DecisionContext) => readonly DomainEvent[];
}>;

const deciders = {
  customer: customerDecider,
  order: orderDecider,
  return: returnDecider,
  repair: repairDecider,
  loyalty: loyaltyDecider,
  feedback: feedbackDecider,
  case: caseDecider,
  'store-credit': storeCreditDecider,
  policy: policyDecider,
} as const;

/** The decider of an aggregate (the one place its types are erased). */
export const deciderOf = (aggregate: AggregateName): AnyDecider =>
  deciders[aggregate] as unknown as AnyDecider;

/**
 * A stream the decision reads besides its own, and what its fold adds to the context (a return
 * request needs the order, feedback its subject's facts). Pure: the runner reads, this folds.
 */
export type ContextLoad = Readonly<{
  stream: string;
  initialState: () => unknown;
  evolve: (state: unknown, event: DomainEvent) => unknown;
  into: (context: DecisionContext, folded: unknown) => DecisionContext;
}>;

/** What one command means across streams (DESIGN.md's flows), as data for the one runner. */
export type Workflow = Readonly<{
  /** The decision the command is: its stream is the one `If-Match` and `ETag` speak of. */
  target: Decision;
  /** The command starts its stream (a registration, an order, a request…). */
  createsStream: boolean;
  /** Read afresh for the target's decision, after the effects before it. */
  loads: readonly ContextLoad[];
  /**
   * Effects on other streams that must hold before the target is recorded, each idempotent: the
   * runner first checks that the target would be accepted, so a refusal leaves none behind.
   * The reactions to what the target records follow from `reactionsTo`.
   */
  before: readonly Decision[];
}>;

const orderState = (orderId: string): ContextLoad => ({
  stream: streams.order(orderId),
  initialState: () => orderDecider.initialState(),
  evolve: deciderOf('order').evolve,
  into: (context, order) => ({ ...context, order }),
});

const customerState = (customerId: string): ContextLoad => ({
  stream: streams.customer(customerId),
  initialState: () => customerDecider.initialState(),
  evolve: deciderOf('customer').evolve,
  into: (context, customer) => ({ ...context, customer }),
});

/** A feedback's (or a case's) subject as its own stream holds it: its events, then its facts. */
const subjectFacts = (subject: Parameters<typeof subjectStream>[0]): ContextLoad => ({
  stream: subjectStream(subject),
  initialState: () => [],
  evolve: (events, event) => [...(events as DomainEvent[]), event],
  into: (context, events) => ({
    ...context,
    subject: feedbackSubjectFacts(subject, events as DomainEvent[]),
  }),
});

const creating = new Set<DomainCommand['type']>([
  'RegisterCustomer',
  'PlaceOrder',
  'RequestReturn',
  'RequestRepair',
  'SubmitFeedback',
  'OpenCase',
]);

/** The target decision of a command: which aggregate decides it, on which stream. */
export function targetOf(command: DomainCommand): Decision {
  switch (command.type) {
    case 'RegisterCustomer':
    case 'ChangeCustomerProfile':
    case 'SetConsents':
    case 'ForgetCustomer':
      return { aggregate: 'customer', stream: streams.customer(command.data.customerId), command };
    case 'PlaceOrder':
    case 'ShipOrder':
    case 'DelayShipment':
    case 'DeliverOrder':
    case 'CancelOrder':
    case 'ReserveReturnQuantity':
    case 'ReleaseReturnQuantity':
    case 'RecordLineRepaired':
      return { aggregate: 'order', stream: streams.order(command.data.orderId), command };
    case 'RequestReturn':
    case 'ApproveReturn':
    case 'RejectReturn':
    case 'ReceiveReturnItems':
    case 'RefundReturn':
    case 'ExchangeReturn':
    case 'CreditReturnToStore':
      return { aggregate: 'return', stream: streams.return(command.data.returnId), command };
    case 'RequestRepair':
    case 'QuoteRepair':
    case 'AcceptRepairQuote':
    case 'DeclineRepairQuote':
    case 'CompleteRepair':
    case 'CancelRepair':
      return { aggregate: 'repair', stream: streams.repair(command.data.repairId), command };
    case 'EarnPointsForDelivery':
    case 'ReversePointsForRefund':
    case 'AwardFeedbackBonus':
    case 'RedeemPoints':
      return { aggregate: 'loyalty', stream: streams.loyalty(command.data.customerId), command };
    case 'SubmitFeedback':
      return { aggregate: 'feedback', stream: streams.feedback(command.data.subject), command };
    case 'RecordSlaBreaches':
    case 'RecordSlaAtRisk':
    case 'OpenCase':
    case 'AddCaseMessage':
    case 'AssignCase':
    case 'ChangeCasePriority':
    case 'MarkCasePending':
    case 'ResumeCase':
    case 'SolveCase':
    case 'ReopenCase':
    case 'CloseCase':
      return { aggregate: 'case', stream: streams.case(command.data.caseId), command };
    case 'IssueStoreCredit':
    case 'SpendStoreCredit':
      return { aggregate: 'store-credit', stream: streams.storeCredit(command.data.customerId), command };
    case 'ChangePolicy':
      return { aggregate: 'policy', stream: streams.policy(), command };
    default: {
      const _exhaustive: never = command;
      throw new TypeError(`no aggregate decides ${(_exhaustive as DomainCommand).type}`);
    }
  }
}

/** What the target's decision reads besides its own stream. */
function loadsOf(command: DomainCommand): readonly ContextLoad[] {
  switch (command.type) {
    case 'RequestReturn':
    case 'RequestRepair':
    case 'SpendStoreCredit':
      return [orderState(command.data.orderId)];
    case 'SubmitFeedback':
      return [subjectFacts(command.data.subject)];
    case 'OpenCase':
      return [
        customerState(command.data.customerId),
        ...(command.data.subject ? [subjectFacts(command.data.subject)] : []),
      ];
    default:
      return [];
  }
}

/** The effects that must hold first: a return request reserves its quantities on the order. */
function beforeOf(command: DomainCommand): readonly Decision[] {
  if (command.type !== 'RequestReturn') return [];
  const reserve = reservationFor(command.data);
  return [{ aggregate: 'order', stream: streams.order(reserve.data.orderId), command: reserve }];
}

/** The workflow of a command. Pure. */
export function workflowOf(command: DomainCommand): Workflow {
  return {
    target: targetOf(command),
    createsStream: creating.has(command.type),
    loads: loadsOf(command),
    before: beforeOf(command),
  };
}

/** The context a decision is made in: the base, with what each load's folded stream adds. */
export const contextWith = (
  base: DecisionContext,
  loaded: readonly Readonly<{ load: ContextLoad; folded: unknown }>[],
): DecisionContext => loaded.reduce((context, { load, folded }) => load.into(context, folded), base);
