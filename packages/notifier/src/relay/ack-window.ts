/** One publish in flight: `AckWindow.add` hands it out, `AckWindow.ack` takes it back. */
export type AckTicket = { readonly position: bigint; acked: boolean };

/**
 * Tracks publishes in flight in position order. The checkpoint may only move to the highest
 * position below which every publish is acknowledged: acks arrive out of order, and a restart
 * resumes after the checkpoint, so a gap must never be skipped. Each publish acks its own ticket
 * (no lookup by position), so a position published twice never leaves an entry nobody acks.
 */
export class AckWindow {
  private readonly entries: AckTicket[] = [];
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

  add(position: bigint): AckTicket {
    const ticket = { position, acked: false };
    this.entries.push(ticket);
    return ticket;
  }

  ack(ticket: AckTicket): void {
    if (ticket.acked) return;
    ticket.acked = true;
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
