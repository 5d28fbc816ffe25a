/**
 * How many requests the API serves at once, learnt from their latency (a gradient limit, after
 * the idea of TCP Vegas): while the median service time of recent requests stays within
 * `tolerance` times the fastest seen, the limit grows by about its square root each window in
 * which it was reached; when it rises above that, the limit shrinks in proportion. The fastest
 * counts only saturated windows (the limit reached) served with at least `minLimit` requests at
 * once: the limit never goes below that, so what one lone request takes on an idle machine (a few
 * ms, no contention for the pools at all) is not a reference it could ever come back to; held
 * against it, every busy window looked like queueing and the limit sat on its floor, where
 * batching saves least. (Counting any window with 16 in service was not enough: whether a
 * 16-connection load's windows counted decided by chance if a spike's limit settled at 30 or
 * 100.) Requests past the limit wait in a bounded queue for at most `maxWaitMs` (waiting costs
 * nothing; a 503 that the client answers at once with a retry costs a parse and a response),
 * then are shed.
 *
 * The queue is first in, first out while it can drain in time. Once draining it would take longer
 * than `lifoDrainMs` (its length × the recent service time ÷ the limit), or its oldest waiter has
 * already waited that long, FIFO would admit only requests that have waited most of `maxWaitMs`,
 * so every answer would be slow: then the newest waiter goes first (adaptive LIFO, as large RPC
 * servers do under overload). As many requests are served either way, but an admitted one has
 * mostly waited little, and the ones left at the back are shed when their wait ends, as they
 * would have been. (Without the second test, a queue that had just shrunk back below the drain
 * bound admitted its stalest waiters first: in the spike a tenth of the admitted requests had
 * waited 900 ms or more.) A queue that drains in time stays FIFO, so a steady load just above the
 * limit starves nobody.
 *
 * The result: at a spike of a thousand connections the process keeps serving about as many
 * commands as its pools and append slots do at their best, and an admitted request is not
 * queued behind hundreds of others.
 */
export type AdmissionOptions = Readonly<{
  /** Hard ceiling: requests in service plus waiting. */
  maxInFlight: number;
  /** Where the limit starts. */
  initialLimit?: number;
  minLimit?: number;
  maxWaitMs?: number;
  /**
   * Beyond this estimated drain time of the queue the newest waiter goes first (default
   * 0.5 × maxWaitMs). A switch on the head's wait alone (100 or 300 ms) starved the oldest
   * waiters of a steady 64-connection load into 503s; its queue drains in 150–300 ms.
   */
  lifoDrainMs?: number;
  tolerance?: number;
  now?: () => number;
}>;

type Waiter = { admit: (admitted: boolean) => void; timer: NodeJS.Timeout; since: number };

export class AdmissionLimit {
  private limitValue: number;
  private inService = 0;
  private readonly waiting: Waiter[] = [];
  private samples: number[] = [];
  /** Sum over the window's samples of how many requests were in service as each ended. */
  private concurrencySum = 0;
  private windowStarted: number;
  private reached = false;
  private fastest = Number.POSITIVE_INFINITY;
  private windows = 0;
  private readonly max: number;
  private readonly min: number;
  private readonly maxWaitMs: number;
  private readonly lifoDrainMs: number;
  /** Service time of the recent requests (ms, moving average); 0 until one is served. */
  private serviceMs = 0;
  private readonly tolerance: number;
  private readonly now: () => number;

  constructor(options: AdmissionOptions) {
    this.max = Math.max(1, options.maxInFlight);
    this.min = Math.min(this.max, options.minLimit ?? 16);
    this.limitValue = Math.min(this.max, Math.max(this.min, options.initialLimit ?? 64));
    this.maxWaitMs = options.maxWaitMs ?? 1_000;
    this.lifoDrainMs = options.lifoDrainMs ?? this.maxWaitMs * 0.5;
    this.tolerance = options.tolerance ?? 3;
    this.now = options.now ?? (() => performance.now());
    this.windowStarted = this.now();
  }

  get limit(): number {
    return Math.floor(this.limitValue);
  }

  get inFlight(): number {
    return this.inService;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Admits at once, after a wait in the queue, or not at all (false: shed it). */
  acquire(): boolean | Promise<boolean> {
    if (this.inService < this.limit) {
      this.inService += 1;
      if (this.inService === this.limit) this.reached = true;
      return true;
    }
    this.reached = true;
    if (this.inService + this.waiting.length >= this.max) return false;
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        admit: resolve,
        since: this.now(),
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          resolve(false);
        }, this.maxWaitMs),
      };
      waiter.timer.unref?.();
      this.waiting.push(waiter);
    });
  }

  /** A request admitted by `acquire` ended; `serviceMs` when it was served (not cut short). */
  release(serviceMs?: number): void {
    if (serviceMs !== undefined) this.concurrencySum += this.inService;
    this.inService -= 1;
    if (serviceMs !== undefined) this.observe(serviceMs);
    this.admitWaiting();
  }

  private admitWaiting(): void {
    while (this.inService < this.limit && this.waiting.length > 0) {
      const drainMs = (this.waiting.length * this.serviceMs) / Math.max(1, this.limit);
      const headWaitedMs = this.now() - (this.waiting[0] as Waiter).since;
      const lifo = drainMs > this.lifoDrainMs || headWaitedMs > this.lifoDrainMs;
      const next = (lifo ? this.waiting.pop() : this.waiting.shift()) as Waiter;
      clearTimeout(next.timer);
      this.inService += 1;
      next.admit(true);
    }
  }

  private observe(serviceMs: number): void {
    this.serviceMs = this.serviceMs === 0 ? serviceMs : 0.9 * this.serviceMs + 0.1 * serviceMs;
    this.samples.push(serviceMs);
    const elapsed = this.now() - this.windowStarted;
    // A window is 100 ms (and at least 8 requests): the limit moves at the same pace at any load.
    if (this.samples.length < 8 || elapsed < 100) return;
    const sorted = this.samples.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? serviceMs;
    // The fastest window drifts up slowly (10 % every 10 s), so what an idle machine did once is
    // not held against a busier one for ever.
    this.windows += 1;
    if (this.windows % 100 === 0) this.fastest *= 1.1;
    // A reference only from a window that was saturated (its limit reached) at the floor or above.
    if (this.reached && this.concurrencySum / sorted.length >= this.min) {
      this.fastest = Math.min(this.fastest, Math.max(median, 0.1));
    }
    // Until such a window, nothing says latency climbed: the limit only grows where it is reached.
    const gradient = Math.min(1, Math.max(0.5, (this.tolerance * this.fastest) / Math.max(median, 0.1)));
    const growth = gradient === 1 && this.reached ? Math.sqrt(this.limitValue) : 0;
    const target = this.limitValue * gradient + growth;
    this.limitValue = Math.min(this.max, Math.max(this.min, 0.8 * this.limitValue + 0.2 * target));
    this.samples = [];
    this.concurrencySum = 0;
    this.reached = false;
    this.windowStarted = this.now();
    this.admitWaiting();
  }
}
