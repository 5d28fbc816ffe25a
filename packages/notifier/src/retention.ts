import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from './clock';
import { DAY_MS, HOUR_MS } from './clock';

/**
 * How long the notifier keeps what grows with every event and message (infra/CONFIG.md):
 * - `notifier.processed_events` (the per-event dedupe): `processedEventsHours` (default 192 h,
 *   longer than the relay stream keeps a message, 168 h), and only below the lowest relay
 *   checkpoint: a record the relay could still republish, or the stream still redeliver, stays.
 *   The per-stream revisions (`notifier.stream_revisions`) catch a repeat after that anyway.
 * - `notifier.decisions` (what BI reads): `decisionsDays` (default 400), except the last
 *   decision of a message still pending (a deferral waiting to fall due). The schedule row and
 *   the sent ledger, one row per message, are kept: they are what keeps a message from being
 *   sent twice.
 * - `notifier.dead_letters`: resolved ones `deadLettersDays` after they were resolved (default
 *   30); an unresolved letter waits for an operator however old it is.
 */
export type NotifierRetention = Readonly<{
  processedEventsHours: number;
  decisionsDays: number;
  deadLettersDays: number;
}>;

export const defaultNotifierRetention: NotifierRetention = {
  processedEventsHours: 192,
  decisionsDays: 400,
  deadLettersDays: 30,
};

/** The JetStream duplicate window: no dedupe record younger than it is ever removed. */
const DUPLICATE_WINDOW_MS = 2 * 60_000;
/** Rows per DELETE: short statements, no long lock on the hot tables. */
const BATCH = 5_000;

export type PurgeCounts = Readonly<{ processedEvents: number; decisions: number; deadLetters: number }>;

async function inBatches(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await run();
    total += removed;
    if (removed < BATCH) return total;
  }
}

/** Removes what is past its horizon (see `NotifierRetention`); returns how many rows went. */
export async function purgeNotifierHistory(
  pool: pg.Pool,
  now: Date,
  retention: NotifierRetention = defaultNotifierRetention,
): Promise<PurgeCounts> {
  const processedBefore = new Date(
    now.getTime() - Math.max(DUPLICATE_WINDOW_MS, retention.processedEventsHours * HOUR_MS),
  );
  const processedEvents = await inBatches(async () => {
    const result = await pool.query(
      `DELETE FROM notifier.processed_events
        WHERE event_id IN (
          SELECT event_id FROM notifier.processed_events
           WHERE processed_at < $1
             AND position < (SELECT min(position) FROM notifier.relay_checkpoints)
           LIMIT $2)`,
      [processedBefore, BATCH],
    );
    return result.rowCount ?? 0;
  });
  const decisionsBefore = new Date(now.getTime() - retention.decisionsDays * DAY_MS);
  const decisions = await inBatches(async () => {
    const result = await pool.query(
      `DELETE FROM notifier.decisions
        WHERE id IN (
          SELECT d.id FROM notifier.decisions d
           WHERE d.at < $1
             AND NOT EXISTS (
               SELECT 1 FROM notifier.schedule s
                WHERE s.rule = d.rule AND s.subject_key = d.subject_key AND s.status = 'pending')
           LIMIT $2)`,
      [decisionsBefore, BATCH],
    );
    return result.rowCount ?? 0;
  });
  const lettersBefore = new Date(now.getTime() - retention.deadLettersDays * DAY_MS);
  const deadLetters = await inBatches(async () => {
    const result = await pool.query(
      `DELETE FROM notifier.dead_letters
        WHERE id IN (SELECT id FROM notifier.dead_letters WHERE resolved_at < $1 LIMIT $2)`,
      [lettersBefore, BATCH],
    );
    return result.rowCount ?? 0;
  });
  return { processedEvents, decisions, deadLetters };
}

/** Purges at start and then every `everyMs` (default hourly); a failed purge is tried at the next tick. */
export function schedulePurges(
  pool: pg.Pool,
  clock: Clock,
  log: Logger,
  retention: NotifierRetention,
  everyMs = HOUR_MS,
): () => void {
  const purge = () =>
    purgeNotifierHistory(pool, clock.now(), retention)
      .then((counts) => {
        if (counts.processedEvents + counts.decisions + counts.deadLetters > 0) {
          log.info(counts, 'notifier history purged past its retention');
        }
      })
      .catch((err: unknown) => log.warn({ err }, 'notifier purge failed; trying again at the next tick'));
  const timer = setInterval(purge, everyMs);
  timer.unref();
  void purge();
  return () => clearInterval(timer);
}
