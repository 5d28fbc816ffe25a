import type { DomainEventType } from '@aftersales/domain';
import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import { BI_SCHEMA } from '../read-models/shared/bi';
import { ident, runAll, type TableSpec, tableDdl, type ViewSpec, viewDdl } from '../read-models/shared/ddl';
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

export const timelineTable: TableSpec = {
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
};

export const caseCustomersTable: TableSpec = {
  name: 'case_customers',
  comment: 'Which customer a return or repair belongs to, for events that carry only the case id.',
  columns: [
    { name: 'subject_type', type: 'text NOT NULL', comment: 'return or repair.' },
    { name: 'subject_id', type: 'text NOT NULL', comment: 'Return or repair id.' },
    { name: 'customer_id', type: 'text NOT NULL', comment: 'Customer id.' },
  ],
  constraints: ['PRIMARY KEY (subject_type, subject_id)'],
};

/** The `bi` view over the timeline table. */
export const customerTimelineView = (schema: string): ViewSpec => ({
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

/** Operations read model: a customer timeline for support and audits. */
export const customerTimelineProjection: Projection = {
  name: 'ops_customer_timeline',
  version: 1,
  onError: 'stop',
  filter: { eventTypes: EVENT_TYPES },
  async setup(client: PoolClient, schema: string) {
    await runAll(client, [...tableDdl(schema, timelineTable), ...tableDdl(schema, caseCustomersTable)]);
  },
  async apply(client: PoolClient, events: readonly RecordedEvent[], schema: string) {
    // Column arrays for one INSERT ... SELECT FROM unnest(...): cheaper for Postgres to take
    // apart than a JSON document of rows.
    const rows = {
      position: [] as string[],
      customerId: [] as (string | null)[],
      occurredAt: [] as string[],
      recordedAt: [] as string[],
      kind: [] as string[],
      subjectType: [] as string[],
      subjectId: [] as string[],
      summary: [] as string[],
      eventId: [] as string[],
    };
    const cases = { type: [] as string[], id: [] as string[], customerId: [] as string[] };
    for (const event of events) {
      if (!eventTypeSet.has(event.type)) continue;
      const domainEvent = asDomainEvent(event);
      const entry = timelineEntry(domainEvent);
      if (!entry) continue;
      if (
        entry.customerId &&
        (domainEvent.type === 'ReturnRequested' || domainEvent.type === 'RepairRequested')
      ) {
        cases.type.push(entry.subjectType);
        cases.id.push(entry.subjectId);
        cases.customerId.push(entry.customerId);
      }
      rows.position.push(event.position.toString());
      rows.customerId.push(entry.customerId);
      rows.occurredAt.push(event.metadata.occurredAt);
      rows.recordedAt.push(event.recordedAt.toISOString());
      rows.kind.push(event.type);
      rows.subjectType.push(entry.subjectType);
      rows.subjectId.push(entry.subjectId);
      rows.summary.push(entry.summary);
      rows.eventId.push(event.metadata.eventId);
    }
    const s = ident(schema);
    if (cases.id.length > 0) {
      await client.query(
        `INSERT INTO ${s}.case_customers (subject_type, subject_id, customer_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
        [cases.type, cases.id, cases.customerId],
      );
    }
    if (rows.position.length === 0) return;
    // Rows without a customer (approvals, quotes, ...) take it from the case they belong to;
    // the lookup only runs for those (COALESCE stops at the first non-null).
    await client.query(
      `INSERT INTO ${s}.customer_timeline
         (position, customer_id, occurred_at, recorded_at, kind, subject_type, subject_id, summary, event_id)
       SELECT * FROM (
         SELECT r.position,
                COALESCE(r.customer_id, (SELECT c.customer_id FROM ${s}.case_customers c
                                          WHERE c.subject_type = r.subject_type AND c.subject_id = r.subject_id)),
                r.occurred_at, r.recorded_at, r.kind, r.subject_type, r.subject_id, r.summary, r.event_id
           FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[],
                       $7::text[], $8::text[], $9::text[])
                AS r(position, customer_id, occurred_at, recorded_at, kind, subject_type, subject_id, summary, event_id)
       ) AS resolved (position, customer_id) WHERE customer_id IS NOT NULL`,
      [
        rows.position,
        rows.customerId,
        rows.occurredAt,
        rows.recordedAt,
        rows.kind,
        rows.subjectType,
        rows.subjectId,
        rows.summary,
        rows.eventId,
      ],
    );
  },
  views(schema: string) {
    return viewDdl(BI_SCHEMA, customerTimelineView(schema));
  },
};
