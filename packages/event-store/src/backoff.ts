/**
 * The one backoff of the services: exponential, capped, with jitter (each pause is between half
 * and all of its step), so reconnecting clients do not meet again in lockstep. Retries as long as
 * the caller wants: an outage must never end a subscription or a runner by itself.
 */
export type Backoff = Readonly<{ initialMs: number; maxMs: number }>;

/** The pause after the `attempt`-th failure in a row (0 for the first): initialMs × 2^attempt, capped. */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(Math.max(attempt, 0), 20));
  return Math.round(base / 2 + (Math.random() * base) / 2);
}

/** Resolves after `ms`, or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits for `work`, or `ms` at most, and leaves no timer behind: a bound on a shutdown step
 * must not keep the process alive for its whole length after the step is done.
 */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  const bound = new AbortController();
  try {
    await Promise.race([work, sleep(ms, bound.signal)]);
  } finally {
    bound.abort();
  }
}
