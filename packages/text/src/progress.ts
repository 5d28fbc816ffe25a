/** Where progress goes: stderr, or any stream (a test's). */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

const WIDTH = 30;

/** The bar of a share from 0 to 1: `[#########---------------------]`. */
export function bar(fraction: number, width = WIDTH): string {
  const share = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** A duration for people: `42s`, `3m05s`; `?` when unknown. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.ceil(seconds);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export type ProgressLine = Readonly<{
  /** Shows `line()` unless the last one was shown just now; `last` always shows (the 100 %). */
  update: (line: () => string, last?: boolean) => void;
  /** Ends the line (on a terminal), after `message` when given. */
  done: (message?: string) => void;
}>;

/**
 * The one progress line of the command-line tools, on stderr so stdout stays clean for `--json`
 * and exports. On a terminal it is redrawn in place, at most every 100 ms; on a pipe or file
 * (CI logs) a plain line is printed every 5 s instead, without carriage-return noise.
 */
export function progressLine(
  stream: ProgressStream = process.stderr,
  now: () => number = Date.now,
): ProgressLine {
  const tty = stream.isTTY === true;
  const interval = tty ? 100 : 5_000;
  let shownAt = Number.NEGATIVE_INFINITY;
  let open = false;
  const show = (line: string) => {
    stream.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
    open = tty;
  };
  return {
    update: (line, last = false) => {
      const at = now();
      if (!last && at - shownAt < interval) return;
      shownAt = at;
      show(line());
    },
    done: (message) => {
      if (message !== undefined) show(message);
      if (open) stream.write('\n');
      open = false;
    },
  };
}
