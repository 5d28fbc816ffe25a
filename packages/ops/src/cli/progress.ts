/**
 * A progress bar on stderr, so stdout stays clean for `--json` and exports. Drawn only on a
 * terminal (or with `--progress`): piped stderr gets no carriage-return noise.
 */
export type ProgressBar = Readonly<{
  update(done: bigint | number, total: bigint | number): void;
  finish(): void;
}>;

const WIDTH = 30;

export function progressBar(
  label: string,
  enabled: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  if (!enabled) return { update: () => {}, finish: () => {} };
  const started = Date.now();
  let lastDrawn = 0;
  let drawn = false;
  const draw = (done: number, total: number, force = false) => {
    const now = Date.now();
    if (!force && now - lastDrawn < 100) return;
    lastDrawn = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * WIDTH);
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 && total > done ? Math.ceil((total - done) / rate) : 0;
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(1)}% ` +
        `${seconds.toFixed(1)}s eta ${eta}s `,
    );
    drawn = true;
  };
  let latest: [number, number] = [0, 0];
  return {
    update(done, total) {
      latest = [Number(done), Number(total)];
      draw(latest[0], latest[1]);
    },
    finish() {
      draw(latest[1], latest[1], true);
      if (drawn) stream.write('\n');
    },
  };
}
