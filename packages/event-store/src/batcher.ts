/**
 * Coalesces calls made while earlier ones are in flight into one batch: with nothing in flight a
 * call goes out at once, alone (no added latency when quiet); under load, everything that arrived
 * meanwhile goes out together, one round trip and one transaction for many requests.
 */
export class Batcher<T, R> {
  private queue: { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    /** Answers every item, in order. */
    private readonly run: (items: readonly T[]) => Promise<readonly R[]>,
    private readonly maxInFlight = 2,
    private readonly maxBatch = 500,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      this.run(batch.map((call) => call.item))
        .then(
          (results) => {
            for (const [index, call] of batch.entries()) call.resolve(results[index] as R);
          },
          (err: unknown) => {
            const [only] = batch;
            if (batch.length === 1 && only) return only.reject(err);
            // A failed batch is tried again item by item, so one bad item (or a deadlock between
            // two batches) fails only itself; with the database down, each fails on its own.
            for (const call of batch) {
              this.run([call.item]).then((results) => call.resolve(results[0] as R), call.reject);
            }
          },
        )
        .finally(() => {
          this.inFlight -= 1;
          this.flush();
        });
    }
  }
}
