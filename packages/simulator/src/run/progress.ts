/** Progress on stderr: a redrawn bar on a terminal, a line every few seconds otherwise (CI logs). */
export class Progress {
  private done = 0;
  private events = 0;
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly label: string,
  ) {}

  tick(events: number): void {
    this.done++;
    this.events += events;
    const now = Date.now();
    const every = this.out.isTTY ? 100 : 5_000;
    if (now - this.lastDraw >= every || this.done === this.total) {
      this.lastDraw = now;
      this.draw(now);
    }
  }

  finish(): void {
    if (this.done !== this.total || this.total === 0) this.draw(Date.now());
    if (this.out.isTTY) this.out.write('\n');
  }

  private draw(now: number): void {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = this.done / seconds;
    const share = this.total === 0 ? 1 : this.done / this.total;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const width = 24;
    const filled = Math.round(share * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const n = (value: number) => value.toLocaleString('en-US');
    const line =
      `${this.label} ${bar} ${Math.floor(share * 100)}% ${n(this.done)}/${n(this.total)} commands · ` +
      `${n(this.events)} events · ${n(Math.round(rate))} cmd/s · ETA ${formatSeconds(eta)}`;
    this.out.write(this.out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}
