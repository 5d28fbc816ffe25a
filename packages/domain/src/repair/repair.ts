import type { Instant, Money } from '../shared/event';
import type { RepairEvent, RepairOutcome, WarrantyCoverage } from './events';

/**
 * A repair's lifecycle; coverage is fixed at request time from the order's history:
 *
 *   requested ──(in warranty)──────────────────────────────▶ completed
 *   requested ──(out of warranty)──▶ quoted ──▶ quote-accepted ──▶ completed
 *                                          └──▶ quote-declined
 *   requested | quoted | quote-accepted ──▶ cancelled
 */
export const repairLifecycle = {
  none: ['requested'],
  requested: ['quoted', 'completed', 'cancelled'],
  quoted: ['quote-accepted', 'quote-declined', 'cancelled'],
  'quote-accepted': ['completed', 'cancelled'],
  'quote-declined': [],
  completed: [],
  cancelled: [],
} as const satisfies Record<string, readonly string[]>;

export type RepairStatus = keyof typeof repairLifecycle;

type RequestFacts = Readonly<{
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
  /** The price offered for an out-of-warranty repair, once quoted. */
  quote?: Money;
}>;

export type RepairState =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'requested' }> & RequestFacts)
  | (Readonly<{ status: 'quoted'; quote: Money; quotedAt: Instant }> & RequestFacts)
  | (Readonly<{ status: 'quote-accepted'; quote: Money; acceptedAt: Instant }> & RequestFacts)
  | (Readonly<{ status: 'quote-declined'; quote: Money; declinedAt: Instant }> & RequestFacts)
  | (Readonly<{ status: 'completed'; outcome: RepairOutcome; completedAt: Instant }> & RequestFacts)
  | (Readonly<{ status: 'cancelled'; cancelledAt: Instant; cancellationReason: string }> & RequestFacts);

export function initialRepairState(): RepairState {
  return { status: 'none' };
}

export function evolveRepair(state: RepairState, event: RepairEvent): RepairState {
  switch (event.type) {
    case 'RepairRequested': {
      const {
        repairId,
        orderId,
        customerId,
        lineNo,
        sku,
        category,
        issue,
        serialNumber,
        coverage,
        requestedAt,
      } = event.data;
      return {
        status: 'requested',
        repairId,
        orderId,
        customerId,
        lineNo,
        sku,
        category,
        issue,
        ...(serialNumber === undefined ? {} : { serialNumber }),
        coverage,
        requestedAt,
      };
    }
    case 'RepairQuoted':
      if (state.status !== 'requested') return state;
      return { ...state, status: 'quoted', quote: event.data.amount, quotedAt: event.data.quotedAt };
    case 'RepairQuoteAccepted':
      if (state.status !== 'quoted') return state;
      return { ...state, status: 'quote-accepted', acceptedAt: event.data.acceptedAt };
    case 'RepairQuoteDeclined':
      if (state.status !== 'quoted') return state;
      return { ...state, status: 'quote-declined', declinedAt: event.data.declinedAt };
    case 'RepairCompleted':
      if (state.status !== 'requested' && state.status !== 'quote-accepted') return state;
      return {
        ...state,
        status: 'completed',
        outcome: event.data.outcome,
        completedAt: event.data.completedAt,
      };
    case 'RepairCancelled':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: 'cancelled',
        cancelledAt: event.data.cancelledAt,
        cancellationReason: event.data.reason,
      };
    default: {
      const _exhaustive: never = event;
      // An event type this version does not know changes nothing.
      return state;
    }
  }
}
