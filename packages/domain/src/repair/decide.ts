import { requireDelivered } from '../order/guards';
import { currencyOf, type OrderState } from '../order/order';
import { requireRepairOutcome } from '../order/validate';
import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, unknownCommand, ValidationError } from '../shared/errors';
import type { Command, Money } from '../shared/event';
import type { DecisionContext } from '../shared/rules';
import {
  optionalText,
  requireCurrencyOf,
  requireInstant,
  requireMoney,
  requireText,
} from '../shared/validation';
import type { RepairEvent, RepairOutcome } from './events';
import { evolveRepair, initialRepairState, type RepairState, type RepairStatus } from './repair';
import { warrantyCoverage } from './warranty';

export type RequestRepair = Command<
  'RequestRepair',
  { repairId: string; orderId: string; lineNo: number; issue: string; serialNumber?: string }
>;
export type QuoteRepair = Command<'QuoteRepair', { repairId: string; amount: Money }>;
export type AcceptRepairQuote = Command<'AcceptRepairQuote', { repairId: string }>;
export type DeclineRepairQuote = Command<'DeclineRepairQuote', { repairId: string }>;
export type CompleteRepair = Command<'CompleteRepair', { repairId: string; outcome: RepairOutcome }>;
export type CancelRepair = Command<'CancelRepair', { repairId: string; reason: string }>;

export type RepairCommand =
  | RequestRepair
  | QuoteRepair
  | AcceptRepairQuote
  | DeclineRepairQuote
  | CompleteRepair
  | CancelRepair;

/** A request is decided against the order's state; the later steps need only the repair's own. */
export type RepairRequestContext = DecisionContext & Readonly<{ order: OrderState }>;
export type RepairDecisionContext = DecisionContext & Readonly<{ order?: OrderState }>;

type OpenRepair = Exclude<RepairState, { status: 'none' }>;

function refusal(code: string, state: OpenRepair): IllegalStateError {
  return new IllegalStateError(code, `repair ${state.repairId} is ${state.status}`, {
    repairId: state.repairId,
    status: state.status,
  });
}

/** Why a step cannot start from where the repair stands; the steps share the closed states. */
const closedCodes: Partial<Record<RepairStatus, string>> = {
  completed: 'repair-already-completed',
  cancelled: 'repair-cancelled',
  'quote-declined': 'repair-quote-declined',
};

function requireRepair(state: RepairState, repairId: string): OpenRepair {
  if (state.status === 'none') {
    throw new NotFoundError('repair-not-found', `repair ${repairId} was never requested`, { repairId });
  }
  return state;
}

/** 1. the item was delivered; 2. coverage is derived from the order's history at request time. */
function requestRepair(
  { data }: RequestRepair,
  state: RepairState,
  context: RepairDecisionContext,
): RepairEvent[] {
  const { order, now } = context;
  if (!order) throw new TypeError('RequestRepair is decided with the order state in its context');
  if (state.status !== 'none') throw refusal('repair-already-requested', state);
  const repairId = requireText(data.repairId, 'invalid-repair-id', 'repairId', 200);
  const issue = requireText(data.issue, 'invalid-issue', 'issue', 2_000);
  const serialNumber = optionalText(data.serialNumber, 'invalid-serial-number', 'serialNumber', 200);
  // A context built for another order is a caller's mistake, told apart from the order's own state.
  if (order.status !== 'none' && order.orderId !== data.orderId) {
    throw new ValidationError('order-mismatch', 'the order in the context is not the one named', {
      field: 'orderId',
    });
  }
  const delivered = requireDelivered(order, data.orderId);
  const line = delivered.lines.find((candidate) => candidate.lineNo === data.lineNo);
  if (!line) {
    throw new ValidationError('unknown-order-line', 'lineNo names no line of this order', {
      field: 'lineNo',
    });
  }
  const coverage = warrantyCoverage(delivered, line.lineNo, serialNumber, now, context.rules);
  return [
    {
      type: 'RepairRequested',
      data: {
        repairId,
        orderId: delivered.orderId,
        customerId: delivered.customerId,
        lineNo: line.lineNo,
        sku: line.sku,
        category: line.category,
        issue,
        ...(serialNumber === undefined ? {} : { serialNumber }),
        coverage,
        requestedAt: now,
      },
    },
  ];
}

/** Only an out-of-warranty repair is quoted: a covered one costs the customer nothing. */
function quoteRepair(
  { data }: QuoteRepair,
  state: RepairState,
  { now, order }: RepairDecisionContext,
): RepairEvent[] {
  const repair = requireRepair(state, data.repairId);
  const closed = closedCodes[repair.status];
  if (closed) throw refusal(closed, repair);
  if (repair.status !== 'requested') throw refusal('repair-already-quoted', repair);
  if (repair.coverage.inWarranty) throw refusal('repair-in-warranty', repair);
  const amount = requireCurrencyOf(
    requireMoney(data.amount, 'amount'),
    currencyOf(order, repair.orderId),
    'amount',
  );
  return [{ type: 'RepairQuoted', data: { repairId: repair.repairId, amount, quotedAt: now } }];
}

function requireQuoted(state: RepairState, repairId: string) {
  const repair = requireRepair(state, repairId);
  if (repair.status === 'quoted') return repair;
  if (repair.status === 'requested') throw refusal('repair-not-quoted', repair);
  if (repair.status === 'quote-accepted' || repair.status === 'quote-declined') {
    throw refusal('repair-quote-already-answered', repair);
  }
  throw refusal(closedCodes[repair.status] ?? 'repair-not-quoted', repair);
}

function acceptRepairQuote(
  { data }: AcceptRepairQuote,
  state: RepairState,
  { now }: DecisionContext,
): RepairEvent[] {
  const repair = requireQuoted(state, data.repairId);
  return [{ type: 'RepairQuoteAccepted', data: { repairId: repair.repairId, acceptedAt: now } }];
}

function declineRepairQuote(
  { data }: DeclineRepairQuote,
  state: RepairState,
  { now }: DecisionContext,
): RepairEvent[] {
  const repair = requireQuoted(state, data.repairId);
  return [{ type: 'RepairQuoteDeclined', data: { repairId: repair.repairId, declinedAt: now } }];
}

/** Work is done only when it is covered or the customer accepted the price. */
function completeRepair(
  { data }: CompleteRepair,
  state: RepairState,
  { now }: DecisionContext,
): RepairEvent[] {
  const repair = requireRepair(state, data.repairId);
  const closed = closedCodes[repair.status];
  if (closed) throw refusal(closed, repair);
  if (repair.status === 'quoted') throw refusal('repair-quote-not-accepted', repair);
  if (repair.status === 'requested' && !repair.coverage.inWarranty)
    throw refusal('repair-quote-required', repair);
  const outcome = requireRepairOutcome(data.outcome);
  return [
    {
      type: 'RepairCompleted',
      data: {
        repairId: repair.repairId,
        orderId: repair.orderId,
        customerId: repair.customerId,
        lineNo: repair.lineNo,
        ...(repair.serialNumber === undefined ? {} : { serialNumber: repair.serialNumber }),
        outcome,
        inWarranty: repair.coverage.inWarranty,
        completedAt: now,
      },
    },
  ];
}

function cancelRepair({ data }: CancelRepair, state: RepairState, { now }: DecisionContext): RepairEvent[] {
  const repair = requireRepair(state, data.repairId);
  const closed = closedCodes[repair.status];
  if (closed) throw refusal(closed, repair);
  const reason = requireText(data.reason, 'invalid-reason', 'reason');
  return [{ type: 'RepairCancelled', data: { repairId: repair.repairId, reason, cancelledAt: now } }];
}

function decide(command: RepairCommand, state: RepairState, context: RepairDecisionContext): RepairEvent[] {
  requireInstant(context.now, 'now');
  switch (command.type) {
    case 'RequestRepair':
      return requestRepair(command, state, context);
    case 'QuoteRepair':
      return quoteRepair(command, state, context);
    case 'AcceptRepairQuote':
      return acceptRepairQuote(command, state, context);
    case 'DeclineRepairQuote':
      return declineRepairQuote(command, state, context);
    case 'CompleteRepair':
      return completeRepair(command, state, context);
    case 'CancelRepair':
      return cancelRepair(command, state, context);
    default: {
      const _exhaustive: never = command;
      return unknownCommand(_exhaustive);
    }
  }
}

export const repairDecider: Decider<RepairCommand, RepairEvent, RepairState, RepairDecisionContext> = {
  initialState: initialRepairState,
  evolve: evolveRepair,
  decide,
};
