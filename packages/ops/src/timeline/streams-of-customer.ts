import type { EventStore } from '@aftersales/event-store';
import type pg from 'pg';

/**
 * Which streams belong to a customer: those opened by an event naming them (an order placed,
 * a return or repair requested, feedback given). Returns stream ids, oldest first.
 */
export type CustomerStreamFinder = (customerId: string) => Promise<string[]>;

export const OPENING_EVENTS = [
  'OrderPlaced',
  'ReturnRequested',
  'RepairRequested',
  'FeedbackSubmitted',
] as const;
const PAGE = 1000;

/** Any store: a filtered scan of the log through the port. */
export function finderOverPort(store: EventStore): CustomerStreamFinder {
  return async (customerId) => {
    const found = new Set<string>();
    let after: bigint | undefined;
    for (;;) {
      const page = await store.readAll({
        ...(after === undefined ? {} : { after }),
        maxCount: PAGE,
        filter: { eventTypes: OPENING_EVENTS },
      });
      for (const event of page) {
        if ((event.data as { customerId?: unknown }).customerId === customerId) found.add(event.streamId);
      }
      const last = page[page.length - 1];
      if (!last || page.length < PAGE) return [...found];
      after = last.position;
    }
  };
}

/**
 * The Postgres store: one query over every committed row. `readAll` only shows rows below the
 * oldest running transaction, and that horizon is cluster-wide, so a long transaction anywhere
 * on the server (a bulk load in another database) would hide recent streams from an audit.
 * `customerId` sits in clear text in these events (only name, email and phone are sealed).
 */
export function finderOverPostgres(pool: pg.Pool): CustomerStreamFinder {
  return async (customerId) => {
    const { rows } = await pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM event_store.events
        WHERE type = ANY($1::text[]) AND data->>'customerId' = $2
        GROUP BY stream_id ORDER BY min(position)`,
      [OPENING_EVENTS, customerId],
    );
    return rows.map((row) => row.stream_id);
  };
}
