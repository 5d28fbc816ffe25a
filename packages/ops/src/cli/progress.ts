import { bar, duration, progressLine } from '@aftersales/text';

/**
 * A progress bar on stderr (the one progress line of the tools, see `@aftersales/text`), so
 * stdout stays clean for `--json` and exports. Drawn only on a terminal or with `--progress`.
 */
export type ProgressBar = Readonly<{
  update(done: bigint | number, total: bigint | number): void;
  finish(): void;
}>;

export function progressBar(
  label: string,
  enabled: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  if (!enabled) return { update: () => {}, finish: () => {} };
  const started = Date.now();
  const line = progressLine(stream);
  let latest: [number, number] = [0, 0];
  const text = (done: number, total: number) => () => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 && total > done ? (total - done) / rate : 0;
    return `${label} ${bar(fraction)} ${(fraction * 100).toFixed(1)}% ${seconds.toFixed(1)}s eta ${duration(eta)}`;
  };
  return {
    update(done, total) {
      latest = [Number(done), Number(total)];
      line.update(text(latest[0], latest[1]));
    },
    finish() {
      line.update(text(latest[1], latest[1]), true);
      line.done();
    },
  };
}
