import { describe, expect, it } from 'vitest';
import { waitAtMost } from './backoff';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('waitAtMost', () => {
  it('returns when the work is done and leaves no timer behind', async () => {
    const before = timers();
    let done = false;
    const work = new Promise<void>((resolve) => {
      setImmediate(() => {
        done = true;
        resolve();
      });
    });
    await waitAtMost(work, 60_000);
    expect(done).toBe(true);
    // A plain race with sleep(60_000) would keep a one-minute timer (and the process) alive here.
    expect(timers()).toBe(before);
  });

  it('gives up on work that does not end, after the bound', async () => {
    const before = timers();
    const started = performance.now();
    await waitAtMost(new Promise(() => undefined), 20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(timers()).toBe(before);
  });
});
