/** Exponential backoff with jitter, capped; retries forever (an outage must never end a runner). */
export type Backoff = Readonly<{ initialMs: number; maxMs: number }>;

export const defaultBackoff: Backoff = { initialMs: 200, maxMs: 10_000 };

export function backoffDelay(backoff: Backoff, attempt: number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(base / 2 + (Math.random() * base) / 2);
}

/** Resolves after `ms`, or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
