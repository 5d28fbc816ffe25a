import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import type { Projection } from '../../runner/projection';
import { ident, runAll, tableDdl } from '../shared/ddl';
import { domainEventsOf } from '../shared/events';
import {
  caseRow,
  cycleRows,
  feedbackRow,
  foldCases,
  type StoredCase,
  SUPPORT_EVENT_TYPES,
  type SupportEvent,
} from './collect';
import { supportTables } from './tables';
import { supportViews } from './views';

const eventTypeSet: ReadonlySet<string> = new Set(SUPPORT_EVENT_TYPES);

/**
 * Rows as one JSON array into one statement, typed by the table itself
 * (`jsonb_populate_recordset`): `replace` overwrites a row with the same key, else it is kept.
 */
async function upsert(
  client: PoolClient,
  table: string,
  rows: readonly Record<string, unknown>[],
  key: string,
  mode: 'replace' | 'keep',
) {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const keys = new Set(key.split(',').map((k) => k.trim()));
  const set = columns
    .filter((c) => !keys.has(c))
    .map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`)
    .join(', ');
  const names = columns.map(ident).join(', ');
  await client.query(
    `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (${key}) DO ${mode === 'replace' ? `UPDATE SET ${set}` : 'NOTHING'}`,
    [JSON.stringify(rows)],
  );
}

/**
 * 1. the stored states of the cases the batch touches; 2. the batch folded onto them with the
 * domain's `evolve`; 3. each touched case's row, its SLA cycles and its state written back;
 * 4. feedback about cases and the customers' orders.
 */
async function applyBatch(client: PoolClient, recorded: readonly RecordedEvent[], schema: string) {
  const s = ident(schema);
  const events = domainEventsOf<SupportEvent['type']>(recorded, eventTypeSet);
  const caseIds = [
    ...new Set(events.flatMap((e) => ('caseId' in e.data ? [(e.data as { caseId: string }).caseId] : []))),
  ];
  const stored = new Map<string, StoredCase>();
  if (caseIds.length > 0) {
    const { rows } = await client.query<{ case_id: string; state: StoredCase }>(
      `SELECT case_id, state FROM ${s}.support_case_states WHERE case_id = ANY($1::text[])`,
      [caseIds],
    );
    for (const row of rows) stored.set(row.case_id, row.state);
  }
  const touched = [...foldCases(events, stored)].filter(([, c]) => c.state.status !== 'none');
  await upsert(
    client,
    `${s}.support_case_states`,
    touched.map(([caseId, c]) => ({ case_id: caseId, state: c })),
    'case_id',
    'replace',
  );
  await upsert(
    client,
    `${s}.support_cases`,
    touched.map(([id, c]) => caseRow(id, c)),
    'case_id',
    'replace',
  );
  await upsert(
    client,
    `${s}.support_sla_cycles`,
    touched.flatMap(([id, c]) => cycleRows(id, c)),
    'case_id, metric, cycle',
    'replace',
  );
  const feedback = events.flatMap((e) => (e.type === 'FeedbackSubmitted' ? [feedbackRow(e)] : []));
  await upsert(
    client,
    `${s}.support_case_feedback`,
    feedback.filter((row) => row !== null),
    'feedback_id',
    'keep',
  );
  const placed = events.flatMap((e) =>
    e.type === 'OrderPlaced'
      ? [
          {
            order_id: e.data.orderId,
            customer_id: e.data.customerId,
            placed_at: e.data.placedAt,
            cancelled_at: null,
          },
        ]
      : [],
  );
  await upsert(client, `${s}.support_orders`, placed, 'order_id', 'keep');
  const cancelled = events.flatMap((e) =>
    e.type === 'OrderCancelled' ? [{ order_id: e.data.orderId, cancelled_at: e.data.cancelledAt }] : [],
  );
  if (cancelled.length > 0) {
    await client.query(
      `UPDATE ${s}.support_orders o SET cancelled_at = c.cancelled_at
         FROM jsonb_to_recordset($1::jsonb) AS c(order_id text, cancelled_at timestamptz)
        WHERE o.order_id = c.order_id`,
      [JSON.stringify(cancelled)],
    );
  }
}

/** Support cases, their SLA cycles and the figures BI reads about them. */
export const supportProjection: Projection = {
  name: 'support',
  version: 1,
  filter: { eventTypes: SUPPORT_EVENT_TYPES },
  async setup(client, schema) {
    await runAll(client, [
      `CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`,
      ...supportTables.flatMap((table) => tableDdl(schema, table)),
    ]);
  },
  apply: applyBatch,
  views: supportViews,
};
