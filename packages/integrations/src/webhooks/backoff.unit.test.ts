import { describe, expect, it } from 'vitest';
import { nextAttemptAt } from './backoff';

const H = 3_600_000;
const since = new Date('2026-03-01T00:00:00.000Z');

describe('webhook backoff', () => {
  it('waits 5 s, 30 s, 2 min … 8 h, and the last attempt is made at the end of the 24 h', () => {
    let now = since;
    const waits: number[] = [];
    for (let attempts = 1; ; attempts++) {
      const next = nextAttemptAt(attempts, since, now, 24 * H);
      if (!next) break;
      waits.push(next.getTime() - now.getTime());
      now = next;
    }
    // 5 s + 30 s + 2 min + 10 min + 30 min + 1 h + 2 h + 4 h + 8 h = 15 h 42 min 35 s; the tenth
    // wait is another 8 h (to 23 h 42 min 35 s), the eleventh what is left of 24 h: 17 min 25 s.
    expect(waits).toEqual([
      5_000,
      30_000,
      120_000,
      600_000,
      1_800_000,
      H,
      2 * H,
      4 * H,
      8 * H,
      8 * H,
      1_045_000,
    ]);
    expect(now.getTime() - since.getTime()).toBe(24 * H);
  });
});
