import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher';

/** A run whose calls are answered when the test says so. */
function controlled() {
  const calls: { items: readonly number[]; answer: () => void; fail: (err: Error) => void }[] = [];
  const run = (items: readonly number[]) =>
    new Promise<readonly number[]>((resolve, reject) => {
      calls.push({ items, answer: () => resolve(items.map((i) => i * 10)), fail: reject });
    });
  return { calls, run };
}

describe('Batcher', () => {
  it('sends a call at once when quiet and what arrives meanwhile together', async () => {
    const { calls, run } = controlled();
    const batcher = new Batcher(run, 1);
    const first = batcher.submit(1);
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    const rest = [batcher.submit(2), batcher.submit(3), batcher.submit(4)];
    calls[0]?.answer();
    await expect(first).resolves.toBe(10);
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    calls[1]?.answer();
    await expect(Promise.all(rest)).resolves.toEqual([20, 30, 40]);
  });

  it('tries a failed batch again item by item, so only the failing item fails', async () => {
    const batcher = new Batcher<number, number>(async (items) => {
      if (items.includes(3)) throw new Error('bad item');
      return items.map((i) => i * 10);
    }, 1);
    const first = batcher.submit(1);
    const results = Promise.allSettled([batcher.submit(2), batcher.submit(3), batcher.submit(4)]);
    await expect(first).resolves.toBe(10);
    const settled = await results;
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      20,
      'bad item',
      40,
    ]);
  });
});
