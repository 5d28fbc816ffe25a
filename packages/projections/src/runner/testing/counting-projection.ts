import type { RecordedEvent } from '@aftersales/event-store';
import type { PoolClient } from 'pg';
import { ident } from '../bookkeeping';
import type { Projection } from '../projection';

export type CountingOptions = Readonly<{
  name: string;
  onError?: 'skip' | 'stop';
  /** Events whose data has `poison: true` make apply throw while this returns true. */
  poisoned?: () => boolean;
  /** Called inside apply, after the writes and before commit (to crash mid-batch). */
  afterWrites?: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Also keep a view `bi.<name>_totals` over the counts, as the real read models do. */
  biView?: boolean;
}>;

/**
 * A test projection whose effects are NOT idempotent: it adds to counters, so an event applied
 * twice or lost shows up as a wrong count. Also keeps one row per event position, which makes a
 * duplicate fail loudly.
 */
export function countingProjection(options: CountingOptions): Projection {
  return {
    name: options.name,
    version: 1,
    onError: options.onError ?? 'stop',
    filter: { streamPrefixes: ['count-'] },
    async setup(client: PoolClient, schema: string) {
      const s = ident(schema);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.stream_counts (
        stream_id text PRIMARY KEY, events bigint NOT NULL, value_sum bigint NOT NULL, last_revision bigint NOT NULL)`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${s}.seen (position bigint PRIMARY KEY, stream_id text NOT NULL)`,
      );
    },
    async apply(client: PoolClient, events: readonly RecordedEvent[], schema: string) {
      const s = ident(schema);
      const perStream = new Map<string, { events: number; value: number; last: string }>();
      for (const event of events) {
        const data = event.data as { value?: number; poison?: boolean };
        if (data.poison && (options.poisoned?.() ?? true)) throw new Error(`poison event ${event.position}`);
        const entry = perStream.get(event.streamId) ?? { events: 0, value: 0, last: '0' };
        entry.events += 1;
        entry.value += data.value ?? 0;
        entry.last = event.revision.toString();
        perStream.set(event.streamId, entry);
      }
      const rows = [...perStream].map(([stream_id, e]) => ({
        stream_id,
        events: e.events,
        value: e.value,
        last: e.last,
      }));
      await client.query(
        `INSERT INTO ${s}.stream_counts AS t (stream_id, events, value_sum, last_revision)
         SELECT stream_id, events, value, last FROM jsonb_to_recordset($1::jsonb)
           AS r(stream_id text, events bigint, value bigint, last bigint)
         ON CONFLICT (stream_id) DO UPDATE SET events = t.events + EXCLUDED.events,
           value_sum = t.value_sum + EXCLUDED.value_sum, last_revision = EXCLUDED.last_revision`,
        [JSON.stringify(rows)],
      );
      await client.query(
        `INSERT INTO ${s}.seen (position, stream_id) SELECT * FROM unnest($1::bigint[], $2::text[])`,
        [events.map((e) => e.position.toString()), events.map((e) => e.streamId)],
      );
      await options.afterWrites?.(events);
    },
    ...(options.biView
      ? {
          views: (schema: string) => [
            `CREATE OR REPLACE VIEW bi.${ident(`${options.name}_totals`)} AS
               SELECT count(*)::bigint AS streams, coalesce(sum(events), 0)::bigint AS events
                 FROM ${ident(schema)}.stream_counts`,
          ],
        }
      : {}),
  };
}
