import { bar, duration, progressLine } from '@aftersales/text';
import type { RebuildProgress } from './rebuild';

/** One line: `[#####-----]  42.0%  120,000 events  35,000/s  ETA 12s`. */
export function formatProgress(progress: RebuildProgress): string {
  const percent = `${(progress.fraction * 100).toFixed(1)}%`.padStart(6);
  const rate = Math.round(progress.eventsPerSecond).toLocaleString('en');
  return `${bar(progress.fraction)} ${percent}  ${progress.events.toLocaleString('en')} events  ${rate}/s  ETA ${duration(progress.etaSeconds)}`;
}

/** A rebuild's progress on stderr: the one progress line of the tools (see `@aftersales/text`). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  const line = progressLine(stream);
  return {
    update(progress: RebuildProgress) {
      line.update(
        () => `${progress.projections.join(', ')} ${formatProgress(progress)}`,
        progress.fraction >= 1,
      );
    },
    done(message: string) {
      line.done(message);
    },
  };
}
