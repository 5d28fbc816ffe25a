import type { RebuildProgress } from './rebuild';

const WIDTH = 30;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One line: `[#####.....]  42.0%  120,000 events  35,000/s  ETA 12s`. */
export function formatProgress(progress: RebuildProgress): string {
  const filled = Math.round(progress.fraction * WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
  const percent = `${(progress.fraction * 100).toFixed(1)}%`.padStart(6);
  const rate = Math.round(progress.eventsPerSecond).toLocaleString('en');
  return `[${bar}] ${percent}  ${progress.events.toLocaleString('en')} events  ${rate}/s  ETA ${duration(progress.etaSeconds)}`;
}

/**
 * A progress bar on a TTY stream (redrawn in place, at most every 100 ms); on a pipe or file it
 * prints a plain line every few seconds instead, so logs stay readable.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  const interval = stream.isTTY ? 100 : 5000;
  return {
    update(progress: RebuildProgress) {
      const now = Date.now();
      if (now - last < interval && progress.fraction < 1) return;
      last = now;
      const line = `${progress.projections.join(', ')} ${formatProgress(progress)}`;
      stream.write(stream.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
    },
    done(message: string) {
      stream.write(stream.isTTY ? `\r${message}\u001b[K\n` : `${message}\n`);
    },
  };
}
