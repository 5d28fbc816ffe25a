/**
 * Tracks publishes in flight in position order. The checkpoint may only move to the highest
 * position below which every publish is acknowledged: acks arrive out of order, and a restart
 * resumes after the checkpoint, so a gap must never be skipped.
 */
export class AckWindow {
  private readonly entries: { position: bigint; acked: boolean }[] = [];
  private readonly byPosition = new Map<bigint, { position: bigint; acked: boolean }>();
  private head = 0;
  private mark: bigint;
  private waiters: (() => void)[] = [];

  constructor(start: bigint) {
    this.mark = start;
  }

  /** Highest position with every publish up to it acknowledged. */
  get watermark(): bigint {
    return this.mark;
  }

  get inFlight(): number {
    return this.entries.length - this.head;
  }

  add(position: bigint): void {
    const entry = { position, acked: false };
    this.entries.push(entry);
    this.byPosition.set(position, entry);
  }

  ack(position: bigint): void {
    const entry = this.byPosition.get(position);
    if (!entry) return;
    entry.acked = true;
    this.byPosition.delete(position);
    let front = this.entries[this.head];
    while (front?.acked) {
      this.mark = front.position;
      this.head++;
      front = this.entries[this.head];
    }
    // Compact now and then so the array does not grow for ever.
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next acknowledgement. */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async drain(): Promise<void> {
    while (this.inFlight > 0) await this.next();
  }
}
