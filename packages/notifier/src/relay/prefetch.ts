/** A bounded hand-over between a reader that runs ahead and a writer that takes in order. */
export class Prefetch<T> {
  private readonly items: T[] = [];
  private head = 0;
  private ended = false;
  private wakeTaker: (() => void) | undefined;
  private wakePusher: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  private get size(): number {
    return this.items.length - this.head;
  }

  async push(item: T): Promise<void> {
    while (this.size >= this.capacity) await new Promise<void>((resolve) => (this.wakePusher = resolve));
    this.items.push(item);
    this.wakeTaker?.();
    this.wakeTaker = undefined;
  }

  /** A whole page at once: it waits for room as `push` does, then may go over by that page. */
  async pushMany(items: readonly T[]): Promise<void> {
    while (this.size >= this.capacity) await new Promise<void>((resolve) => (this.wakePusher = resolve));
    for (const item of items) this.items.push(item);
    this.wakeTaker?.();
    this.wakeTaker = undefined;
  }

  end(): void {
    this.ended = true;
    this.wakeTaker?.();
    this.wakeTaker = undefined;
  }

  /** Resolves once an item is there (true), or false once ended and empty. */
  async ready(): Promise<boolean> {
    while (this.size === 0) {
      if (this.ended) return false;
      await new Promise<void>((resolve) => (this.wakeTaker = resolve));
    }
    return true;
  }

  /**
   * Up to `max` items at once (at least one), or undefined once ended and empty. Taking what is
   * there in one go lets the caller publish them in one synchronous run, so they leave in one
   * socket write instead of one write each.
   */
  async takeMany(max: number): Promise<T[] | undefined> {
    if (!(await this.ready())) return undefined;
    const end = Math.min(this.items.length, this.head + Math.max(1, max));
    const taken = this.items.slice(this.head, end);
    this.head = end;
    if (this.head > 4_096) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    this.wakePusher?.();
    this.wakePusher = undefined;
    return taken;
  }
}
