import type {
  CaseCommand,
  CustomerCommand,
  FeedbackCommand,
  Instant,
  OrderCommand,
  RedeemPoints,
  RepairCommand,
  ReturnCommand,
} from '@aftersales/domain';

/** The commands a shop's services send (the order-side effects of returns and repairs are the system's). */
export type SimCommand =
  | Exclude<CustomerCommand, { type: 'ForgetCustomer' }>
  | Exclude<OrderCommand, { type: 'ReserveReturnQuantity' | 'ReleaseReturnQuantity' | 'RecordLineRepaired' }>
  | ReturnCommand
  | RepairCommand
  | FeedbackCommand
  | RedeemPoints
  // The desk's commands; the SLA watcher's own (breaches, at-risk, closing) are the system's.
  | Exclude<CaseCommand, { type: 'RecordSlaBreaches' | 'RecordSlaAtRisk' | 'CloseCase' }>;

export type SimCommandType = SimCommand['type'];

export type PlannedCommand = Readonly<{
  /** Position in the whole plan (business-time order). */
  seq: number;
  /** Commands of one customer run one after another, in plan order; customers run side by side. */
  customerId: string;
  occurredAt: Instant;
  command: SimCommand;
  /** The refusal this command provokes on purpose (a return after its window), by error code. */
  expectedRejection?: string;
  /** Stable across runs of the same seed and until: a re-run through the API is answered, not repeated. */
  idempotencyKey: string;
}>;

export type SimulationPlan = Readonly<{
  seed: number;
  /** Part of every id, derived from seed and until, so two different histories never share ids. */
  runTag: string;
  from: Instant;
  until: Instant;
  customers: number;
  commands: readonly PlannedCommand[];
}>;

/** A command while a customer's story is written: times in epoch milliseconds. */
export type Draft = {
  at: number;
  key: string;
  command: SimCommand;
  expectedRejection?: string;
};

/** A redemption at checkout, sized once the ledger up to its instant is known. */
export type RedemptionDraft = {
  at: number;
  key: string;
  redemption: Readonly<{
    customerId: string;
    redemptionId: string;
    /** Share of the available points to spend; `overdraw` asks for more than there is, on purpose. */
    share: number;
    overdraw: boolean;
  }>;
};

export type StoryItem = Draft | RedemptionDraft;
