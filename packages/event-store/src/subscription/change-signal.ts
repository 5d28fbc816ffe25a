import type { Backoff } from '../backoff';
/**
 * A wake-up flag for catch-up loops. The version counter closes the race between "read found
 * nothing" and "start waiting": a change that lands in between makes `wait` return at once.
 */
export class ChangeSignal {
  private version = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on a change since `sinceVersion`, after `ms`, or when `signal` aborts. */
  wait(sinceVersion: number, ms: number, signal: AbortSignal): Promise<void> {
    if (this.version !== sinceVersion || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** A store's reconnects: 100 ms, 200 ms, … up to 5 s (see `backoffDelay`). */
export const reconnectBackoff: Backoff = { initialMs: 100, maxMs: 5_000 };
