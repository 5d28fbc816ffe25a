/**
 * Groups an async stream into batches: a batch closes when it holds `maxSize` items or when
 * `windowMs` passed since its first item. During catch-up batches fill up at once; when live,
 * a lone event waits at most `windowMs`.
 */
export async function* inBatches<T>(
  source: AsyncIterable<T>,
  maxSize: number,
  windowMs: number,
): AsyncGenerator<T[], void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const timedOut = Symbol('timeout');
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    while (true) {
      pending ??= iterator.next();
      const first = await pending;
      pending = undefined;
      if (first.done) return;
      const batch: T[] = [first.value];
      const deadline = Date.now() + windowMs;
      let ended = false;
      while (batch.length < maxSize) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        pending ??= iterator.next();
        let timer: NodeJS.Timeout | undefined;
        const next = await Promise.race([
          pending,
          new Promise<typeof timedOut>((resolve) => {
            timer = setTimeout(() => resolve(timedOut), remaining);
          }),
        ]);
        clearTimeout(timer);
        if (next === timedOut) break;
        pending = undefined;
        if (next.done) {
          ended = true;
          break;
        }
        batch.push(next.value);
      }
      yield batch;
      if (ended) return;
    }
  } finally {
    // A pending next() may still settle; swallow its outcome so it cannot become unhandled. Not
    // awaited: a live source may only end when its owner closes it, which happens after this.
    pending?.catch(() => {});
    iterator.return?.()?.catch(() => {});
  }
}
