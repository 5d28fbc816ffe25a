import type { EventStore, RecordedEvent } from '@aftersales/event-store';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { sleep } from './backoff';
import { grantBiRoles } from './bi-role';
import { createViews, ident, schemaFor } from './bookkeeping';
import { resolveReplayedDeadLetters, writeDeadLetter } from './dead-letters';
import { errorMessage } from './errors';
import type { Projection } from './projection';
import { inTransaction } from './transaction';

/** The schema a rebuild fills before it is swapped in. */
export const stagingOf = (schema: string) => `${schema}__rebuild`;

export class RebuildFailedError extends Error {
  readonly code = 'rebuild-failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RebuildFailedError';
  }
}

/**
 * Applies a batch; when it throws, redoes it event by event behind savepoints so a poison event
 * is treated as the live runner treats it (dead letter, then skip or fail) — the rebuilt tables
 * must equal the incremental ones.
 */
export async function applyIsolating(
  client: PoolClient,
  projection: Projection,
  events: readonly RecordedEvent[],
  schema: string,
  log: Logger,
): Promise<void> {
  await client.query('SAVEPOINT batch');
  try {
    await projection.apply(client, events, schema);
    return;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT batch');
  }
  for (const event of events) {
    await client.query('SAVEPOINT one');
    try {
      await projection.apply(client, [event], schema);
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT one');
      if ((projection.onError ?? 'stop') === 'stop') {
        throw new RebuildFailedError(
          `${projection.name}: poison event at position ${event.position} (${event.type}): ${errorMessage(err)}`,
          { cause: err },
        );
      }
      log.error(
        { projection: projection.name, position: event.position.toString() },
        'poison event skipped in rebuild',
      );
      await writeDeadLetter(client, projection.name, event, err);
    }
  }
}

/** How long the swap waits for one lock, and how often it tries before the rebuild fails. */
const SWAP_LOCK_TIMEOUT_MS = 5_000;
const SWAP_ATTEMPTS = 6;

/**
 * Swaps the rebuilt schema in (see `swapOnce`). Dropping the old tables and views needs them to
 * itself, and a BI query still reading them holds that up: the swap then waits at most
 * SWAP_LOCK_TIMEOUT_MS per try — the live runner, paused behind the checkpoint row, waits no
 * longer — and tries again, a few times, before the rebuild fails with the reason.
 */
export async function swapIn(
  store: EventStore,
  pool: Pool,
  projection: Projection,
  replayedTo: bigint | null,
  log: Logger,
  since: Date,
): Promise<bigint | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await swapOnce(store, pool, projection, replayedTo, log, since);
    } catch (err) {
      if ((err as { code?: string }).code !== '55P03') throw err;
      if (attempt >= SWAP_ATTEMPTS) {
        throw new RebuildFailedError(
          `swap of ${projection.name} gave up after ${attempt} tries: a session keeps its tables or views in use`,
          { cause: err },
        );
      }
      log.warn({ projection: projection.name, attempt }, 'swap waits: a table or view is in use');
      await sleep(200 * attempt);
    }
  }
}

/**
 * One transaction: lock the checkpoint row (pauses the live runner), apply what was appended
 * since the replay, rename the live schema away and staging in, recreate views and grants,
 * drop the old schema and take over the checkpoint.
 */
async function swapOnce(
  store: EventStore,
  pool: Pool,
  projection: Projection,
  replayedTo: bigint | null,
  log: Logger,
  /** Database time the rebuild began: dead letters older than it and not failed again are resolved. */
  since: Date,
): Promise<bigint | null> {
  const live = schemaFor(projection);
  const staging = stagingOf(live);
  const old = `${live}__old`;
  return inTransaction(pool, async (client) => {
    await client.query(`SET LOCAL lock_timeout = ${SWAP_LOCK_TIMEOUT_MS}`);
    await client.query('SELECT 1 FROM projections.projection_status WHERE name = $1 FOR UPDATE', [
      projection.name,
    ]);
    // Catch up to the head as it stands now, not to a moving one: appends go on meanwhile (they
    // do not wait for this transaction), and whatever comes after `target` is the live runner's,
    // which resumes from the checkpoint this transaction leaves.
    const target = await store.headPosition();
    let position = replayedTo;
    let lastEvent: RecordedEvent | undefined;
    while (position === null || position < target) {
      const page = await store.readAll({
        ...(position === null ? {} : { after: position }),
        maxCount: 5000,
        ...(projection.filter ? { filter: projection.filter } : {}),
      });
      const tail = page.filter((event) => event.position <= target);
      const last = tail.at(-1);
      if (!last) break;
      await applyIsolating(client, projection, tail, staging, log);
      position = last.position;
      lastEvent = last;
      if (tail.length < page.length) break;
    }
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [live]);
    if (exists.rowCount) {
      await client.query(`DROP SCHEMA IF EXISTS ${ident(old)} CASCADE`);
      await client.query(`ALTER SCHEMA ${ident(live)} RENAME TO ${ident(old)}`);
    }
    await client.query(`ALTER SCHEMA ${ident(staging)} RENAME TO ${ident(live)}`);
    // Dropping the old tables also drops the bi views over them; they are recreated right after.
    await client.query(`DROP SCHEMA IF EXISTS ${ident(old)} CASCADE`);
    await createViews(client, projection, live);
    await grantBiRoles(client, [live]);
    await client.query(
      `UPDATE projections.projection_status
          SET position = $2, version = $3, schema_name = $4, rebuilt_at = now(), position_changed_at = now(),
              last_processed_at = now(), last_event_at = COALESCE($5, last_event_at),
              state = CASE WHEN state = 'stopped' THEN 'standby' ELSE state END,
              last_error = CASE WHEN state = 'stopped' THEN NULL ELSE last_error END
        WHERE name = $1`,
      [
        projection.name,
        position?.toString() ?? null,
        projection.version,
        live,
        lastEvent?.recordedAt ?? null,
      ],
    );
    const resolved = await resolveReplayedDeadLetters(client, projection.name, since, position);
    if (resolved > 0)
      log.info({ projection: projection.name, resolved }, 'dead letters applied by the rebuild');
    return position;
  });
}
