import type { Event, Instant, Money } from '../shared/event';

export type RepairOutcome = 'repaired' | 'replaced' | 'refunded' | 'unrepairable';
/** Derived from history at request time, never a manual tick. */
export type WarrantyCoverage = Readonly<
  | { inWarranty: true; basis: 'product-warranty' | 'repair-warranty'; coveredUntil: Instant }
  | { inWarranty: false; basis: 'none'; expiredAt?: Instant }
>;

export type RepairRequested = Event<
  'RepairRequested',
  {
    repairId: string;
    orderId: string;
    customerId: string;
    lineNo: number;
    sku: string;
    category: string;
    issue: string;
    serialNumber?: string;
    coverage: WarrantyCoverage;
    requestedAt: Instant;
  }
>;
export type RepairQuoted = Event<'RepairQuoted', { repairId: string; amount: Money; quotedAt: Instant }>;
export type RepairQuoteAccepted = Event<'RepairQuoteAccepted', { repairId: string; acceptedAt: Instant }>;
export type RepairQuoteDeclined = Event<'RepairQuoteDeclined', { repairId: string; declinedAt: Instant }>;
export type RepairCompleted = Event<
  'RepairCompleted',
  {
    repairId: string;
    orderId: string;
    customerId: string;
    lineNo: number;
    serialNumber?: string;
    outcome: RepairOutcome;
    inWarranty: boolean;
    completedAt: Instant;
  }
>;
export type RepairCancelled = Event<
  'RepairCancelled',
  { repairId: string; reason: string; cancelledAt: Instant }
>;

export type RepairEvent =
  | RepairRequested
  | RepairQuoted
  | RepairQuoteAccepted
  | RepairQuoteDeclined
  | RepairCompleted
  | RepairCancelled;
