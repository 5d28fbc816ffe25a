import {
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
  START,
} from '@eventstore/db-client';
import type { Logger } from 'pino';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../port';
import { backoffMs, sleep } from '../subscription/change-signal';
import { mapEsdbError } from './esdb-errors';
import { isAfter, matches, serverFilter, toRecordedEvent } from './esdb-events';

/**
 * A catch-up subscription to `$all` with a server-side filter. When the server drops it (restart,
 * network), it resubscribes from the last position it handed out, with backoff, forever; only
 * `close()` ends it.
 */
export function esdbSubscription(
  client: EventStoreDBClient,
  options: SubscribeOptions,
  log?: Logger,
): Subscription {
  const abort = new AbortController();
  let current: AllStreamSubscription | undefined;
  let last: Position | undefined =
    options.after === undefined ? undefined : { commit: options.after, prepare: options.after };

  async function* run(): AsyncGenerator<RecordedEvent> {
    let failures = 0;
    while (!abort.signal.aborted) {
      const subscription = client.subscribeToAll({
        fromPosition: last ?? START,
        filter: serverFilter(options.filter),
      });
      current = subscription;
      try {
        for await (const resolved of subscription) {
          failures = 0;
          const event = resolved.event;
          if (!event || !isAfter(event.position, last)) continue;
          if (last && event.position.commit === last.commit) {
            // Two events sharing a commit position cannot both have a distinct bigint position.
            log?.warn({ position: event.position.commit }, 'EventStoreDB events share a commit position');
          }
          last = event.position;
          if (matches(event, options.filter)) yield toRecordedEvent(event);
          if (abort.signal.aborted) return;
        }
        if (abort.signal.aborted) return;
        failures++;
        options.onRetry?.(new Error('EventStoreDB subscription ended'), failures);
      } catch (err) {
        if (abort.signal.aborted) return;
        failures++;
        options.onRetry?.(mapEsdbError(err), failures);
        log?.warn({ err, attempt: failures }, 'EventStoreDB subscription dropped; resubscribing');
      } finally {
        await subscription.unsubscribe().catch(() => undefined);
      }
      await sleep(backoffMs(failures), abort.signal);
    }
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      abort.abort();
      await current?.unsubscribe().catch(() => undefined);
    },
  };
}
