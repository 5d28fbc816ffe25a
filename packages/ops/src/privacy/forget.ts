import { customerDecider, defaultRulesTimeline, streams } from '@aftersales/domain';
import { type EventStore, handleCommand, type RecordedEvent } from '@aftersales/event-store';
import {
  type CustomerKeyStore,
  FORGOTTEN_MARKER,
  getPath,
  personalFieldRules,
  UNREADABLE_MARKER,
} from '@aftersales/privacy';
import type pg from 'pg';
import { notFound } from '../errors';
import type { ErasureOutcome, PersonalDataErasers } from './erasers';

export type ForgetDeps = Readonly<{
  store: EventStore;
  keys: CustomerKeyStore;
  erasers: PersonalDataErasers;
  pool: pg.Pool;
  clock: () => Date;
}>;

export type ForgetResult = Readonly<{
  customerId: string;
  /** True when the key was already destroyed and the log already said so. */
  alreadyForgotten: boolean;
  forgottenEventRecorded: boolean;
  /** Whether the key table was vacuumed right away (needs table ownership). */
  keyStorageCompacted: boolean;
  erasures: readonly ErasureOutcome[];
  /**
   * What was done so that no readable copy stays in the database files when forget returns:
   * the tables an eraser changed, rewritten (VACUUM FULL: their old row versions gone with the
   * old files; a plain VACUUM leaves the bytes in the page's free space), and
   * a checkpoint (the pages written out now, not minutes later). Either needs rights the
   * running role may lack (table owner; `pg_checkpoint` or superuser): what failed is listed.
   * The WAL and backups still hold the old values until they rotate (ops README).
   */
  storage: Readonly<{ vacuumed: readonly string[]; failed: readonly string[]; checkpointed: boolean }>;
}>;

/**
 * Forgets a customer (crypto-shredding), in an order that a crash at any step can be finished
 * by simply running it again:
 * 1. check the customer exists (an unknown id changes nothing);
 * 2. destroy the data key first: from here on the log holds no readable personal data;
 * 3. record `CustomerForgotten` through the domain's decider (it records nothing the second time);
 * 4. let every registered eraser drop its copies from read models and notifier tables.
 */
export async function forgetCustomer(
  deps: ForgetDeps,
  customerId: string,
  actor: string,
): Promise<ForgetResult> {
  const streamId = streams.customer(customerId);
  const history = await deps.store.readStream(streamId);
  if (history.length === 0) {
    throw notFound('unknown-customer', `no customer ${customerId} (stream ${streamId} is empty)`, {
      customerId,
    });
  }

  const knownValues = personalValuesOf(history);
  const { alreadyForgotten: keyWasGone } = await deps.keys.destroy(customerId);
  // Failing to vacuum leaves the old key version until autovacuum; reported, not fatal.
  const keyStorageCompacted = deps.keys.compact
    ? await deps.keys.compact().then(
        () => true,
        () => false,
      )
    : false;

  const now = deps.clock().toISOString();
  const { newEvents } = await handleCommand(
    deps.store,
    streamId,
    customerDecider,
    { type: 'ForgetCustomer', data: { customerId } },
    { context: { now, rules: defaultRulesTimeline }, metadata: { occurredAt: now, actor } },
  );

  const erasures = await deps.erasers.eraseAll(customerId, { pool: deps.pool, knownValues });
  const storage = await compactErased(deps.pool, erasures, keyStorageCompacted);
  return {
    customerId,
    alreadyForgotten: keyWasGone && newEvents.length === 0,
    forgottenEventRecorded: newEvents.length > 0,
    keyStorageCompacted,
    erasures,
    storage,
  };
}

/** Rewrites every table an eraser changed, then asks for a checkpoint (see `ForgetResult.storage`). */
async function compactErased(
  pool: pg.Pool,
  erasures: readonly ErasureOutcome[],
  keysCompacted: boolean,
): Promise<ForgetResult['storage']> {
  const tables = new Set<string>();
  for (const e of erasures) if (e.ok && e.rows > 0) for (const table of e.tables) tables.add(table);
  const vacuumed: string[] = [];
  const failed: string[] = [];
  for (const table of tables) {
    const quoted = table
      .split('.')
      .map((part) => `"${part.replace(/"/g, '""')}"`)
      .join('.');
    await rewrite(pool, quoted).then(
      () => vacuumed.push(table),
      () => failed.push(table),
    );
  }
  // Pages the vacuum cleaned are still only in shared buffers: write them out now.
  const checkpointed =
    (vacuumed.length > 0 || keysCompacted) &&
    (await pool.query('CHECKPOINT').then(
      () => true,
      () => false,
    ));
  return { vacuumed, failed, checkpointed };
}

/** Every personal value the stream still shows in the clear (read before the key goes). */
function personalValuesOf(history: readonly RecordedEvent[]): string[] {
  const values = new Set<string>();
  for (const event of history) {
    for (const path of personalFieldRules[event.type]?.fields ?? []) {
      const value = getPath(event.data, path);
      if (
        typeof value === 'string' &&
        value !== FORGOTTEN_MARKER &&
        value !== UNREADABLE_MARKER &&
        value !== ''
      ) {
        values.add(value);
      }
    }
  }
  return [...values];
}

/**
 * Rewrites a table (VACUUM FULL): a plain VACUUM frees a dead row version's space in its page
 * but leaves its bytes there until something overwrites them; the rewrite writes the live rows
 * to new files and removes the old ones. It locks the table while it copies (a moment for the
 * small tables erasers touch, longer for a large key table), waiting at most 5 s for the lock.
 */
async function rewrite(pool: pg.Pool, quotedTable: string): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query("SET lock_timeout = '5s'");
    await client.query(`VACUUM FULL ${quotedTable}`);
    return true;
  } finally {
    await client.query('RESET lock_timeout').catch(() => undefined);
    client.release();
  }
}
