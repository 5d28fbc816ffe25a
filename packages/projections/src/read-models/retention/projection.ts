import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import type { Projection } from '../../runner/projection';
import { ident, runAll, tableDdl, viewDdl } from '../shared/ddl';
import { domainEventsOf } from '../shared/events';
import { recordReportingCalendars } from '../shared/reporting-calendar';
import { writeTableRows } from '../shared/table-sql';
import { collectRetention, RETENTION_EVENT_TYPES, type RetentionEvent } from './collect';
import { retentionFunctions, retentionMetricViews, retentionViews } from './metrics';
import { retentionTables } from './tables';

const eventTypeSet: ReadonlySet<string> = new Set(RETENTION_EVENT_TYPES);

const POLICY_CHANGED = new Set(['PolicyChanged']);

async function applyBatch(client: PoolClient, events: readonly RecordedEvent[], schema: string) {
  // The reporting calendar of each policy version, for every period view (bi schema).
  await recordReportingCalendars(client, domainEventsOf<'PolicyChanged'>(events, POLICY_CHANGED));
  const batch = collectRetention(domainEventsOf<RetentionEvent['type']>(events, eventTypeSet));
  for (const rows of batch) await writeTableRows(client, schema, rows);
}

/** Facts and metric views for customer retention. */
export const retentionProjection: Projection = {
  name: 'retention',
  // 2: the reason code of each returned line (retention_return_items.reason).
  // 3: each line's settlement (retention_return_items.settled_at): closed when every line is.
  // 4: periods in the reporting calendar (bi.reporting_calendar, kept from PolicyChanged).
  version: 4,
  filter: { eventTypes: [...RETENTION_EVENT_TYPES, 'PolicyChanged'] },
  async setup(client, schema) {
    await runAll(client, [
      `CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`,
      ...retentionTables.flatMap((table) => tableDdl(schema, table)),
      ...retentionFunctions(schema),
      ...retentionMetricViews(schema).flatMap((view) => viewDdl(schema, view)),
    ]);
  },
  apply: applyBatch,
  views: retentionViews,
};
