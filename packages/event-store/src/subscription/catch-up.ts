import type { RecordedEvent, SubscribeOptions, Subscription } from '../port';
import { backoffMs, type ChangeSignal, sleep } from './change-signal';

export type CatchUpSource = Readonly<{
  /** Events strictly after `after`, in position order, at most `maxCount`. */
  readBatch: (after: bigint | undefined, maxCount: number) => Promise<RecordedEvent[]>;
  /** Told when new events may be readable (local appends, LISTEN/NOTIFY). */
  changes: ChangeSignal;
  /** Fallback poll when no wake-up comes (writers elsewhere, a lost notification). */
  pollIntervalMs: number;
}>;

/**
 * A catch-up subscription over a store that can read "all after a position": pages through the
 * history, then waits for a wake-up or the poll interval, forever. Read errors are reported via
 * `onRetry` and retried with backoff; the loop only ends when `close()` is called.
 * `maxCount` in the options is the page size of each read.
 */
export function catchUpSubscription(source: CatchUpSource, options: SubscribeOptions = {}): Subscription {
  const abort = new AbortController();
  const pageSize = options.maxCount ?? 1_000;
  let after = options.after;

  async function* run(): AsyncGenerator<RecordedEvent> {
    let failures = 0;
    let quickLooks = 0;
    let wokenByChange = false;
    let prefetched: Promise<RecordedEvent[]> | undefined;
    while (!abort.signal.aborted) {
      const version = source.changes.current;
      let page: RecordedEvent[];
      try {
        page = await (prefetched ?? source.readBatch(after, pageSize));
        failures = 0;
      } catch (err) {
        prefetched = undefined;
        failures++;
        options.onRetry?.(err, failures);
        await sleep(backoffMs(failures), abort.signal);
        continue;
      }
      prefetched = undefined;
      const lastOfPage = page[page.length - 1];
      if (page.length === pageSize && lastOfPage) {
        // Catching up: fetch the next page while this one is handed out.
        prefetched = source.readBatch(lastOfPage.position, pageSize);
        // Awaited (and its error handled) on the next turn; this only avoids an unhandled rejection on close.
        prefetched.catch(() => undefined);
      }
      for (const event of page) {
        if (abort.signal.aborted) return;
        // Defensive: never hand out an event at or before the last one.
        if (after !== undefined && event.position <= after) continue;
        after = event.position;
        yield event;
      }
      if (page.length === pageSize) continue;
      // Woken by an append but nothing readable yet (a transaction still open elsewhere holds
      // the visible horizon back): look again soon rather than after a full poll interval.
      quickLooks = page.length === 0 && wokenByChange ? quickLooks + 1 : 0;
      const waitMs =
        quickLooks > 0 && quickLooks < 8
          ? Math.min(source.pollIntervalMs, 5 * 2 ** quickLooks)
          : source.pollIntervalMs;
      const before = source.changes.current;
      await source.changes.wait(version, waitMs, abort.signal);
      wokenByChange = source.changes.current !== before || before !== version;
    }
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      abort.abort();
    },
  };
}
