import { backoffDelay, sleep } from '../backoff';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../port';
import { type ChangeSignal, reconnectBackoff } from './change-signal';

export type PageSource<T> = Readonly<{
  /** Items strictly after `after`, in position order, at most `maxCount`. */
  readBatch: (after: bigint | undefined, maxCount: number) => Promise<readonly T[]>;
  /** Told when new events may be readable (local appends, LISTEN/NOTIFY). */
  changes: ChangeSignal;
  /** Fallback poll when no wake-up comes (writers elsewhere, a lost notification). */
  pollIntervalMs: number;
}>;

export type CatchUpSource = PageSource<RecordedEvent>;

/** A catch-up subscription that hands out each read of the store as one array (never empty). */
export interface PageSubscription<T> extends AsyncIterable<readonly T[]> {
  /** Stops the subscription; the iterator ends. */
  close(): Promise<void>;
}

type Positioned = Readonly<{ position: bigint }>;

/**
 * A catch-up subscription over a store that can read "all after a position": pages through the
 * history, then waits for a wake-up or the poll interval, forever. Read errors are reported via
 * `onRetry` and retried with backoff; the loop only ends when `close()` is called.
 * `maxCount` in the options is the page size of each read.
 */
export function catchUpPages<T extends Positioned>(
  source: PageSource<T>,
  options: SubscribeOptions = {},
): PageSubscription<T> {
  const abort = new AbortController();
  const pageSize = options.maxCount ?? 1_000;
  let after = options.after;

  async function* run(): AsyncGenerator<readonly T[]> {
    let failures = 0;
    let quickLooks = 0;
    let wokenByChange = false;
    let prefetched: Promise<readonly T[]> | undefined;
    while (!abort.signal.aborted) {
      const version = source.changes.current;
      let page: readonly T[];
      try {
        page = await (prefetched ?? source.readBatch(after, pageSize));
        failures = 0;
      } catch (err) {
        prefetched = undefined;
        failures++;
        options.onRetry?.(err, failures);
        await sleep(backoffDelay(reconnectBackoff, failures - 1), abort.signal);
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
      const fresh = after === undefined ? page : newerThan(page, after);
      if (abort.signal.aborted) return;
      if (lastOfPage && fresh.length > 0) {
        after = lastOfPage.position;
        yield fresh;
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

/** Defensive: never hand out an item at or before the last one (pages are in position order). */
function newerThan<T extends Positioned>(page: readonly T[], after: bigint): readonly T[] {
  let first = 0;
  while (first < page.length && (page[first] as T).position <= after) first++;
  return first === 0 ? page : page.slice(first);
}

/** The same subscription, event by event. */
export function catchUpSubscription(source: CatchUpSource, options: SubscribeOptions = {}): Subscription {
  const pages = catchUpPages(source, options);
  let closed = false;
  async function* events(): AsyncGenerator<RecordedEvent> {
    for await (const page of pages) {
      for (const event of page) {
        if (closed) return;
        yield event;
      }
    }
  }
  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      closed = true;
      await pages.close();
    },
  };
}
