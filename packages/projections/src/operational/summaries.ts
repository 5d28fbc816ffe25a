import type { DomainEvent } from '@aftersales/domain';
import { minorToDecimal } from '@aftersales/domain';

/** What a timeline row is about. */
export type TimelineEntry = Readonly<{
  customerId: string | null;
  subjectType: 'customer' | 'order' | 'return' | 'repair' | 'loyalty' | 'feedback';
  subjectId: string;
  summary: string;
}>;

/** Operator-facing, locale-free: the exact decimal by the ISO 4217 exponent and the code. */
const money = (amount: number, currency: string) => `${minorToDecimal(amount, currency)} ${currency}`;
const day = (instant: string) => instant.slice(0, 10);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One short line per event a customer would recognise. Never personal data: no names, e-mail
 * addresses, phone numbers, nor free text (comments, issue descriptions, reasons), which may
 * contain any of those. `null` for internal bookkeeping events that are not part of the story.
 */
export function timelineEntry(event: DomainEvent): TimelineEntry | null {
  switch (event.type) {
    case 'CustomerRegistered':
      return customer(event.data.customerId, `Registered (language ${event.data.language})`);
    case 'CustomerProfileChanged':
      return customer(
        event.data.customerId,
        `Profile changed: ${Object.keys(event.data.changes).sort().join(', ')}`,
      );
    case 'CustomerConsentsSet': {
      const given = Object.entries(event.data.consents).flatMap(([channel, purposes]) =>
        Object.entries(purposes)
          .filter(([, on]) => on)
          .map(([purpose]) => `${channel} ${purpose}`),
      );
      return customer(event.data.customerId, `Consents set: ${given.length ? given.join(', ') : 'none'}`);
    }
    case 'CustomerForgotten':
      return customer(event.data.customerId, 'Personal data forgotten');
    case 'OrderPlaced': {
      const d = event.data;
      const units = d.lines.reduce((sum, l) => sum + l.qty, 0);
      const total = d.lines.reduce((sum, l) => sum + l.qty * l.unitPrice, 0);
      return order(
        d.customerId,
        d.orderId,
        `Order placed: ${plural(units, 'item')}, ${money(total, d.currency)}`,
      );
    }
    case 'OrderShipped':
      return order(
        event.data.customerId,
        event.data.orderId,
        `Shipped with ${event.data.carrier}, delivery expected ${day(event.data.estimatedDeliveryAt)}`,
      );
    case 'ShipmentDelayed':
      return order(
        event.data.customerId,
        event.data.orderId,
        `Delivery delayed from ${day(event.data.previousEstimatedDeliveryAt)} to ${day(event.data.newEstimatedDeliveryAt)}`,
      );
    case 'OrderDelivered':
      return order(event.data.customerId, event.data.orderId, 'Order delivered');
    case 'OrderCancelled':
      return order(event.data.customerId, event.data.orderId, 'Order cancelled');
    case 'ReturnQuantityReserved':
    case 'ReturnQuantityReleased':
    case 'OrderLineRepaired':
      return null;
    case 'ReturnRequested': {
      const units = event.data.items.reduce((sum, i) => sum + i.qty, 0);
      return ret(
        event.data.customerId,
        event.data.returnId,
        `Return requested: ${plural(units, 'item')} for ${event.data.resolution}`,
      );
    }
    case 'ReturnApproved':
      return ret(null, event.data.returnId, 'Return approved');
    case 'ReturnRejected':
      return ret(null, event.data.returnId, 'Return rejected');
    case 'ReturnItemsReceived':
      return ret(
        null,
        event.data.returnId,
        `Returned items received: ${plural(
          event.data.items.reduce((s, i) => s + i.qty, 0),
          'item',
        )}`,
      );
    case 'ReturnRefunded':
      return ret(
        event.data.customerId,
        event.data.returnId,
        `Refunded ${money(event.data.amount.amount, event.data.amount.currency)}`,
      );
    case 'ReturnExchanged':
      return ret(event.data.customerId, event.data.returnId, 'Items exchanged');
    case 'ReturnStoreCredited':
      return ret(
        event.data.customerId,
        event.data.returnId,
        `Store credit ${money(event.data.amount.amount, event.data.amount.currency)}`,
      );
    case 'RepairRequested':
      return repair(
        event.data.customerId,
        event.data.repairId,
        `Repair requested for ${event.data.sku} (${event.data.coverage.inWarranty ? 'in warranty' : 'out of warranty'})`,
      );
    case 'RepairQuoted':
      return repair(
        null,
        event.data.repairId,
        `Repair quoted at ${money(event.data.amount.amount, event.data.amount.currency)}`,
      );
    case 'RepairQuoteAccepted':
      return repair(null, event.data.repairId, 'Repair quote accepted');
    case 'RepairQuoteDeclined':
      return repair(null, event.data.repairId, 'Repair quote declined');
    case 'RepairCompleted':
      return repair(event.data.customerId, event.data.repairId, `Repair completed: ${event.data.outcome}`);
    case 'RepairCancelled':
      return repair(null, event.data.repairId, 'Repair cancelled');
    case 'FeedbackSubmitted': {
      const d = event.data;
      const parts = [
        `CSAT ${d.csat}`,
        ...(d.nps === undefined ? [] : [`NPS ${d.nps}`]),
        ...(d.comment ? ['with comment'] : []),
      ];
      return {
        customerId: d.customerId,
        subjectType: 'feedback',
        subjectId: `${d.subject.type}-${d.subject.id}`,
        summary: `Feedback on ${d.subject.type}: ${parts.join(', ')}`,
      };
    }
    case 'PointsEarned': {
      const { data } = event;
      if (data.noPointsReason === 'currency-not-priced') {
        return loyalty(
          data.customerId,
          `Earned no points on order ${data.orderId}: the loyalty rules do not price ${data.currency}`,
        );
      }
      const points = data.lots.reduce((sum, lot) => sum + lot.points, 0);
      return loyalty(
        data.customerId,
        `Earned ${plural(points, 'point')} on order ${data.orderId} (${data.tier})`,
      );
    }
    case 'PointsReversed': {
      const points = event.data.lines.reduce((sum, line) => sum + line.points, 0);
      return loyalty(
        event.data.customerId,
        `${plural(points, 'point')} reversed after return ${event.data.returnId}`,
      );
    }
    case 'BonusPointsAwarded':
      return loyalty(event.data.customerId, `Bonus of ${plural(event.data.points, 'point')} for feedback`);
    case 'PointsRedeemed':
      return loyalty(event.data.customerId, `Redeemed ${plural(event.data.points, 'point')}`);
    case 'LoyaltyTierChanged':
      return loyalty(event.data.customerId, `Tier changed from ${event.data.from} to ${event.data.to}`);
    case 'CaseOpened':
    case 'CaseMessageAdded':
    case 'CaseAssigned':
    case 'CasePriorityChanged':
    case 'CaseMarkedPending':
    case 'CaseResumed':
    case 'CaseSolved':
    case 'CaseReopened':
    case 'CaseClosed':
    case 'SlaBreached':
    case 'SlaAtRisk':
    case 'PolicyChanged':
    case 'StoreCreditIssued':
    case 'StoreCreditSpent':
      // Support cases come into the timeline with their own read models (cases, SLA figures);
      // the policy belongs to no customer (its versions: `pnpm ops policy history`); the
      // store-credit ledger is read with its balance (`GET /v1/store-credit/{customerId}`), and
      // its issue shows here already as the return's ReturnStoreCredited.
      return null;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

const customer = (id: string, summary: string): TimelineEntry => ({
  customerId: id,
  subjectType: 'customer',
  subjectId: id,
  summary,
});
const order = (customerId: string, id: string, summary: string): TimelineEntry => ({
  customerId,
  subjectType: 'order',
  subjectId: id,
  summary,
});
const ret = (customerId: string | null, id: string, summary: string): TimelineEntry => ({
  customerId,
  subjectType: 'return',
  subjectId: id,
  summary,
});
const repair = (customerId: string | null, id: string, summary: string): TimelineEntry => ({
  customerId,
  subjectType: 'repair',
  subjectId: id,
  summary,
});
const loyalty = (customerId: string, summary: string): TimelineEntry => ({
  customerId,
  subjectType: 'loyalty',
  subjectId: customerId,
  summary,
});
