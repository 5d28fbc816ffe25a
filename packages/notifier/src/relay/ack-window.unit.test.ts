import { describe, expect, it } from 'vitest';
import { AckWindow } from './ack-window';

describe('AckWindow', () => {
  it('advances only over a contiguous run of acknowledged positions', () => {
    const window = new AckWindow(10n);
    for (const p of [11n, 12n, 15n, 20n]) window.add(p);
    window.ack(12n);
    expect(window.watermark).toBe(10n);
    window.ack(15n);
    expect(window.watermark).toBe(10n);
    window.ack(11n);
    expect(window.watermark).toBe(15n);
    expect(window.inFlight).toBe(1);
    window.ack(20n);
    expect(window.watermark).toBe(20n);
    expect(window.inFlight).toBe(0);
  });

  it('ignores acks of unknown positions and wakes waiters on an ack', async () => {
    const window = new AckWindow(0n);
    window.add(1n);
    window.ack(99n);
    expect(window.watermark).toBe(0n);
    const waiting = window.next();
    window.ack(1n);
    await waiting;
    expect(window.watermark).toBe(1n);
  });

  it('keeps the order across many out-of-order acks', () => {
    const window = new AckWindow(0n);
    const positions = Array.from({ length: 10_000 }, (_, i) => BigInt(i + 1));
    for (const p of positions) window.add(p);
    const shuffled = [...positions].sort(() => Math.random() - 0.5);
    let highestSeen = 0n;
    for (const p of shuffled) {
      window.ack(p);
      expect(window.watermark >= highestSeen).toBe(true);
      highestSeen = window.watermark;
    }
    expect(window.watermark).toBe(10_000n);
  });
});
