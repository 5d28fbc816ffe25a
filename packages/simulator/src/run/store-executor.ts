import {
  customerDecider,
  type DecisionContext,
  DomainError,
  type DomainEvent,
  type FeedbackSubject,
  type FeedbackSubjectFacts,
  feedbackDecider,
  feedbackSubjectFacts,
  loyaltyDecider,
  type OrderEvent,
  type OrderState,
  orderCommandForReturnEvent,
  orderDecider,
  type RulesTimeline,
  repairDecider,
  returnDecider,
  streams,
  subjectStream,
} from '@aftersales/domain';
import {
  aggregateStream,
  type CommandDecider,
  type CommandMetadata,
  type DecidedEvent,
  type EventStore,
  type HandledEvent,
  handleCommand,
} from '@aftersales/event-store';
import type { PlannedCommand, SimCommand } from '../plan/types';
import { runFollowUps } from './follow-ups';
import type { CommandOutcome, Executor } from './outcome';

/** A feedback's subject as its stream holds it (see the domain's `feedbackSubjectFacts`). */
async function feedbackSubjectOf(store: EventStore, subject: FeedbackSubject): Promise<FeedbackSubjectFacts> {
  const { state: events } = await aggregateStream(
    store,
    subjectStream(subject),
    (all: DomainEvent[], event: DomainEvent) => {
      all.push(event);
      return all;
    },
    [],
  );
  return feedbackSubjectFacts(subject, events);
}

export type StoreExecutorOptions = Readonly<{ store: EventStore; rules: RulesTimeline; actor?: string }>;

type Handled = Readonly<{ events: readonly HandledEvent<DecidedEvent>[]; state: unknown }>;

/**
 * Decides each planned command with the domain's deciders through the one command shell, straight
 * against the store (bulk volumes, no HTTP), composing the same steps the command API does:
 * a return request reserves on its order first, and the reactions follow (see follow-ups).
 */
export function storeExecutor(options: StoreExecutorOptions): Executor {
  const { store, rules } = options;
  const actor = options.actor ?? 'simulator';

  return async (planned: PlannedCommand): Promise<CommandOutcome> => {
    const context: DecisionContext = { now: planned.occurredAt, rules };
    const metadata: CommandMetadata = {
      occurredAt: planned.occurredAt,
      correlationId: planned.idempotencyKey,
      causationId: planned.idempotencyKey,
      actor,
    };
    const handle = async <C, E extends DecidedEvent, S, Ctx>(
      streamId: string,
      decider: CommandDecider<C, E, S, Ctx>,
      command: C,
      ctx: Ctx,
    ): Promise<Handled> => {
      const result = await handleCommand(store, streamId, decider, command, { context: ctx, metadata });
      return { events: result.newEvents, state: result.state };
    };
    const orderOf = async (orderId: string) =>
      (await aggregateStream(store, streams.order(orderId), orderDecider.evolve, orderDecider.initialState()))
        .state;

    const decideOn = async (command: SimCommand): Promise<Handled[]> => {
      switch (command.type) {
        case 'RegisterCustomer':
        case 'ChangeCustomerProfile':
        case 'SetConsents':
          return [await handle(streams.customer(command.data.customerId), customerDecider, command, context)];
        case 'PlaceOrder':
        case 'ShipOrder':
        case 'DelayShipment':
        case 'DeliverOrder':
        case 'CancelOrder':
          return [await handle(streams.order(command.data.orderId), orderDecider, command, context)];
        case 'RequestReturn': {
          // 1. decide the request against the order, appending nothing (a refusal leaves no reservation);
          // 2. reserve its quantities on the order; 3. record the request against the order as it now is.
          const returnStream = streams.return(command.data.returnId);
          const current = await aggregateStream(
            store,
            returnStream,
            returnDecider.evolve,
            returnDecider.initialState(),
          );
          const order = await orderOf(command.data.orderId);
          const [requested] = returnDecider.decide(command, current.state, { ...context, order });
          const reserve = requested ? orderCommandForReturnEvent(requested) : undefined;
          const reserved = reserve
            ? await handle(streams.order(command.data.orderId), orderDecider, reserve, context)
            : undefined;
          const after = reserved ? (reserved.state as typeof order) : order;
          const request = await handle(returnStream, returnDecider, command, { ...context, order: after });
          return reserved ? [reserved, request] : [request];
        }
        case 'ApproveReturn':
        case 'RejectReturn':
        case 'ReceiveReturnItems':
        case 'RefundReturn':
        case 'ExchangeReturn':
        case 'CreditReturnToStore':
          return [await handle(streams.return(command.data.returnId), returnDecider, command, context)];
        case 'RequestRepair': {
          const order = await orderOf(command.data.orderId);
          return [
            await handle(streams.repair(command.data.repairId), repairDecider, command, {
              ...context,
              order,
            }),
          ];
        }
        case 'QuoteRepair':
        case 'AcceptRepairQuote':
        case 'DeclineRepairQuote':
        case 'CompleteRepair':
        case 'CancelRepair':
          return [await handle(streams.repair(command.data.repairId), repairDecider, command, context)];
        case 'SubmitFeedback': {
          const subject = await feedbackSubjectOf(store, command.data.subject);
          return [
            await handle(streams.feedback(command.data.subject), feedbackDecider, command, {
              ...context,
              subject,
            }),
          ];
        }
        case 'RedeemPoints':
          return [await handle(streams.loyalty(command.data.customerId), loyaltyDecider, command, context)];
        default: {
          const _exhaustive: never = command;
          throw new TypeError(`no stream for ${(_exhaustive as SimCommand).type}`);
        }
      }
    };

    try {
      const handled = await decideOn(planned.command);
      const eventTypes = handled.flatMap((h) => h.events.map((e) => e.type));
      const target = handled.at(-1);
      if (target) {
        const sources = target.events as readonly HandledEvent<DomainEvent>[];
        eventTypes.push(...(await runFollowUps({ store, rules, actor }, sources, target.state)));
      }
      return { status: 'applied', eventTypes };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const earlier = await earlierRun(planned);
      if (earlier) return earlier;
      return { status: 'refused', code: err.code, message: err.message };
    }
  };

  /**
   * A refusal of a command this plan already ran (a re-run of the same seed): its events carry the
   * command's key as causation. Then it counts as done, and its reactions are completed (their
   * deterministic ids make that a no-op when they happened), as the API does for a repeat.
   */
  async function earlierRun(planned: PlannedCommand): Promise<CommandOutcome | null> {
    const streamId = targetStream(planned.command);
    const recorded = await store.readStream(streamId);
    const mine = recorded.filter((r) => r.metadata.causationId === planned.idempotencyKey);
    if (mine.length === 0) return null;
    const sources = mine.map((r) => ({ type: r.type, data: r.data, metadata: r.metadata }));
    const state = recorded.reduce(
      (folded, r) => evolveAny(streamId, folded, { type: r.type, data: r.data }),
      initialAny(streamId),
    );
    const eventTypes = await runFollowUps(
      { store, rules, actor },
      sources as unknown as readonly HandledEvent<DomainEvent>[],
      state,
    );
    return { status: 'applied', eventTypes, replayed: true };
  }
}

/** The stream a command is decided on (for a return request: the return's, not the order's). */
function targetStream(command: SimCommand): string {
  switch (command.type) {
    case 'RegisterCustomer':
    case 'ChangeCustomerProfile':
    case 'SetConsents':
      return streams.customer(command.data.customerId);
    case 'PlaceOrder':
    case 'ShipOrder':
    case 'DelayShipment':
    case 'DeliverOrder':
    case 'CancelOrder':
      return streams.order(command.data.orderId);
    case 'RequestReturn':
    case 'ApproveReturn':
    case 'RejectReturn':
    case 'ReceiveReturnItems':
    case 'RefundReturn':
    case 'ExchangeReturn':
    case 'CreditReturnToStore':
      return streams.return(command.data.returnId);
    case 'RequestRepair':
    case 'QuoteRepair':
    case 'AcceptRepairQuote':
    case 'DeclineRepairQuote':
    case 'CompleteRepair':
    case 'CancelRepair':
      return streams.repair(command.data.repairId);
    case 'SubmitFeedback':
      return streams.feedback(command.data.subject);
    case 'RedeemPoints':
      return streams.loyalty(command.data.customerId);
    default: {
      const _exhaustive: never = command;
      throw new TypeError(`no stream for ${(_exhaustive as SimCommand).type}`);
    }
  }
}

/** Only the order's folded state matters to the reactions (the earn rule reads the placed lines). */
const initialAny = (streamId: string): unknown =>
  streamId.startsWith('order-') ? orderDecider.initialState() : null;
const evolveAny = (streamId: string, state: unknown, event: { type: string; data: unknown }): unknown =>
  streamId.startsWith('order-')
    ? orderDecider.evolve(state as OrderState, event as unknown as OrderEvent)
    : null;
