import type { DomainEventType } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import { BI_SCHEMA } from '../read-models/shared/bi';
import { ident, runAll, tableDdl, viewDdl } from '../read-models/shared/ddl';
import { asDomainEvent } from '../read-models/shared/events';
import type { Projection } from '../runner/projection';
import { timelineEntry } from './summaries';

// Every event that tells part of a customer's story; reservations and line repairs are
// bookkeeping twins of return and repair events and would only repeat them.
const EVENT_TYPES: readonly DomainEventType[] = [
  'CustomerRegistered',
  'CustomerProfileChanged',
  'CustomerConsentsSet',
  'CustomerForgotten',
  'OrderPlaced',
  'OrderShipped',
  'ShipmentDelayed',
  'OrderDelivered',
  'OrderCancelled',
  'ReturnRequested',
  'ReturnApproved',
  'ReturnRejected',
  'ReturnItemsReceived',
  'ReturnRefunded',
  'ReturnExchanged',
  'ReturnStoreCredited',
  'RepairRequested',
  'RepairQuoted',
  'RepairQuoteAccepted',
  'RepairQuoteDeclined',
  'RepairCompleted',
  'RepairCancelled',
  'FeedbackSubmitted',
  'PointsEarned',
  'PointsReversed',
  'BonusPointsAwarded',
  'PointsRedeemed',
  'LoyaltyTierChanged',
];
const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

const timelineTable = {
  name: 'customer_timeline',
  comment:
    'One row per event relevant to a customer, in store order: time, kind, subject and a short summary. Holds no personal data.',
  columns: [
    {
      name: 'position',
      type: 'bigint NOT NULL',
      comment: 'Global store position of the event (unique, orders the timeline).',
    },
    { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer id.' },
    { name: 'occurred_at', type: 'timestamptz NOT NULL', comment: 'Business time of the event (UTC).' },
    { name: 'recorded_at', type: 'timestamptz NOT NULL', comment: 'Store time of the event (UTC).' },
    { name: 'kind', type: 'text NOT NULL', comment: 'Event type, e.g. OrderShipped.' },
    {
      name: 'subject_type',
      type: 'text NOT NULL',
      comment: 'customer, order, return, repair, loyalty or feedback.',
    },
    { name: 'subject_id', type: 'text NOT NULL', comment: 'Id of the subject (order id, return id, ...).' },
    {
      name: 'summary',
      type: 'text NOT NULL',
      comment: 'Short human summary; never names, contacts or free text.',
    },
    { name: 'event_id', type: 'text NOT NULL', comment: 'Event id, to find the event in the log.' },
  ],
  constraints: ['PRIMARY KEY (position)'],
  indexes: [{ name: 'customer_timeline_customer_idx', on: '(customer_id, position)' }],
} as const;

const subjectsTable = {
  name: 'case_customers',
  comment: 'Which customer a return or repair belongs to, for events that carry only the case id.',
  columns: [
    { name: 'subject_type', type: 'text NOT NULL', comment: 'return or repair.' },
    { name: 'subject_id', type: 'text NOT NULL', comment: 'Return or repair id.' },
    { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer id.' },
  ],
  constraints: ['PRIMARY KEY (subject_type, subject_id)'],
} as const;

/** Operations read model: a customer timeline for support and audits. */
export const customerTimelineProjection: Projection = {
  name: 'ops_customer_timeline',
  version: 1,
  onError: 'stop',
  filter: { eventTypes: EVENT_TYPES },
  async setup(client: PoolClient, schema: string) {
    await runAll(client, [...tableDdl(schema, timelineTable), ...tableDdl(schema, subjectsTable)]);
  },
  async apply(client: PoolClient, events: readonly RecordedEvent[], schema: string) {
    const rows: Record<string, string | null>[] = [];
    const cases: Record<string, string>[] = [];
    for (const event of events) {
      if (!eventTypeSet.has(event.type)) continue;
      const domainEvent = asDomainEvent(event);
      const entry = timelineEntry(domainEvent);
      if (!entry) continue;
      if (
        entry.customerId &&
        (domainEvent.type === 'ReturnRequested' || domainEvent.type === 'RepairRequested')
      ) {
        cases.push({
          subject_type: entry.subjectType,
          subject_id: entry.subjectId,
          customer_id: entry.customerId,
        });
      }
      rows.push({
        position: event.position.toString(),
        customer_id: entry.customerId,
        occurred_at: event.metadata.occurredAt ?? event.recordedAt.toISOString(),
        recorded_at: event.recordedAt.toISOString(),
        kind: event.type,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        summary: entry.summary,
        event_id: event.metadata.eventId,
      });
    }
    const s = ident(schema);
    if (cases.length > 0) {
      await client.query(
        `INSERT INTO ${s}.case_customers (subject_type, subject_id, customer_id)
         SELECT subject_type, subject_id, customer_id
           FROM jsonb_to_recordset($1::jsonb) AS r(subject_type text, subject_id text, customer_id text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(cases)],
      );
    }
    if (rows.length === 0) return;
    // Rows without a customer (approvals, quotes, ...) take it from the case they belong to.
    await client.query(
      `INSERT INTO ${s}.customer_timeline
         (position, customer_id, occurred_at, recorded_at, kind, subject_type, subject_id, summary, event_id)
       SELECT r.position, COALESCE(r.customer_id, c.customer_id), r.occurred_at, r.recorded_at, r.kind,
              r.subject_type, r.subject_id, r.summary, r.event_id
         FROM jsonb_to_recordset($1::jsonb) AS r(position bigint, customer_id text, occurred_at timestamptz,
              recorded_at timestamptz, kind text, subject_type text, subject_id text, summary text, event_id text)
         LEFT JOIN ${s}.case_customers c ON c.subject_type = r.subject_type AND c.subject_id = r.subject_id
        WHERE COALESCE(r.customer_id, c.customer_id) IS NOT NULL`,
      [JSON.stringify(rows)],
    );
  },
  views(schema: string) {
    return viewDdl(BI_SCHEMA, {
      name: 'ops_customer_timeline',
      comment: 'A customer timeline: what happened to whom and when, without personal data.',
      columns: [
        { name: 'customer_id', comment: 'Customer id.' },
        { name: 'occurred_at', comment: 'Business time.' },
        { name: 'kind', comment: 'Event type.' },
        { name: 'subject_type', comment: 'customer, order, return, repair, loyalty or feedback.' },
        { name: 'subject_id', comment: 'Subject id.' },
        { name: 'summary', comment: 'Short summary.' },
        { name: 'position', comment: 'Store position (orders events of one customer).' },
      ],
      query: `SELECT customer_id, occurred_at, kind, subject_type, subject_id, summary, position
  FROM ${ident(schema)}.customer_timeline`,
    });
  },
};
