import { bar, duration, type ProgressLine, type ProgressStream, progressLine } from '@aftersales/text';

/** Progress on stderr: the one progress line of the tools (see `@aftersales/text`). */
export class Progress {
  private done = 0;
  private events = 0;
  private readonly started = Date.now();
  private readonly line: ProgressLine;

  constructor(
    private readonly total: number,
    out: ProgressStream,
    private readonly label: string,
  ) {
    this.line = progressLine(out);
  }

  tick(events: number): void {
    this.done++;
    this.events += events;
    this.line.update(() => this.text(), this.done === this.total);
  }

  finish(): void {
    if (this.done !== this.total || this.total === 0) this.line.update(() => this.text(), true);
    this.line.done();
  }

  private text(): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = this.done / seconds;
    const share = this.total === 0 ? 1 : this.done / this.total;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const n = (value: number) => value.toLocaleString('en-US');
    return (
      `${this.label} ${bar(share, 24)} ${Math.floor(share * 100)}% ${n(this.done)}/${n(this.total)} commands · ` +
      `${n(this.events)} events · ${n(Math.round(rate))} cmd/s · ETA ${duration(eta)}`
    );
  }
}
