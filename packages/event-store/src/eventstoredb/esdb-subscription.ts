import type { AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import type { Logger } from 'pino';
import { backoffDelay, sleep } from '../backoff';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../port';
import { reconnectBackoff } from '../subscription/change-signal';
import { mapEsdbError } from './esdb-errors';
import { matches, serverFilter, toRecordedEvent } from './esdb-events';
import { advance, nextStart, reportOutOfOrder, startCursor } from './esdb-positions';

/**
 * A catch-up subscription to `$all` with a server-side filter. When the server drops it (restart,
 * network), it resubscribes from the server position of the last event it saw, with backoff,
 * forever; only `close()` ends it. Events come out strictly after `options.after` (a prepare
 * position, see `esdb-positions.ts`), each once.
 */
export function esdbSubscription(
  client: EventStoreDBClient,
  options: SubscribeOptions,
  log?: Logger,
): Subscription {
  const abort = new AbortController();
  let current: AllStreamSubscription | undefined;
  let cursor = startCursor(options.after);

  async function* run(): AsyncGenerator<RecordedEvent> {
    let failures = 0;
    while (!abort.signal.aborted) {
      const subscription = client.subscribeToAll({
        fromPosition: nextStart(cursor),
        filter: serverFilter(options.filter),
      });
      current = subscription;
      try {
        for await (const resolved of subscription) {
          failures = 0;
          const event = resolved.event;
          if (!event) continue;
          const step = advance(cursor, event.position);
          if (step.outOfOrder) reportOutOfOrder(log, event.position, cursor.after);
          cursor = step.cursor;
          if (step.pass && matches(event, options.filter)) yield toRecordedEvent(event);
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
      await sleep(backoffDelay(reconnectBackoff, failures - 1), abort.signal);
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
