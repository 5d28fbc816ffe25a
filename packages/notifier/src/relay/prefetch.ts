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

  end(): void {
    this.ended = true;
    this.wakeTaker?.();
    this.wakeTaker = undefined;
  }

  /** The next item, or undefined once ended and empty. */
  async take(): Promise<T | undefined> {
    while (this.size === 0) {
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wakeTaker = resolve));
    }
    const item = this.items[this.head] as T;
    this.head++;
    if (this.head > 4_096) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    this.wakePusher?.();
    this.wakePusher = undefined;
    return item;
  }
}
