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
  return {
    customerId,
    alreadyForgotten: keyWasGone && newEvents.length === 0,
    forgottenEventRecorded: newEvents.length > 0,
    keyStorageCompacted,
    erasures,
  };
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
