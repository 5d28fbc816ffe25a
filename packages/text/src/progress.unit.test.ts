import { describe, expect, it } from 'vitest';
import { bar, duration, type ProgressStream, progressLine } from './progress';

/** What the line writes for updates `[ms since the one before, text, last?]`, then `done(message)`. */
function written(isTTY: boolean, updates: readonly [number, string, boolean?][], message?: string) {
  const out: string[] = [];
  const stream = { isTTY, write: (chunk: string) => out.push(chunk) > 0 } as unknown as ProgressStream;
  let clock = 0;
  const line = progressLine(stream, () => clock);
  for (const [after, text, last] of updates) {
    clock += after;
    line.update(() => text, last);
  }
  line.done(message);
  return out;
}

describe('the progress line', () => {
  it('draws a share as a bar of fixed width', () => {
    const half = bar(0.5, 10);
    expect(half).toBe(`[${'#'.repeat(5)}${'-'.repeat(5)}]`);
    expect(bar(2, 10)).toBe(bar(1, 10));
    expect(bar(Number.NaN, 10)).toBe(bar(0, 10));
  });

  it('says durations in seconds, then minutes and seconds', () => {
    expect(duration(41.2)).toBe('42s');
    expect(duration(185)).toBe(`3m0${185 - 180}s`);
    expect(duration(Number.POSITIVE_INFINITY)).toBe('?');
  });

  it('on a terminal: redrawn in place, at most every 100 ms, the last always, then a new line', () => {
    const out = written(true, [
      [0, 'a'],
      [50, 'b'],
      [0, 'c', true],
    ]);
    expect(out).toEqual(['\ra\u001b[K', '\rc\u001b[K', '\n']);
  });

  it('on a pipe: a plain line every 5 s, no carriage returns', () => {
    const out = written(
      false,
      [
        [0, 'a'],
        [1_000, 'b'],
        [5_000, 'c'],
      ],
      'finished',
    );
    expect(out).toEqual(['a\n', 'c\n', 'finished\n']);
  });
});
