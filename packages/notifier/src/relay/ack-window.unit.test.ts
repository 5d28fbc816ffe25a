import { describe, expect, it } from 'vitest';
import { type AckTicket, AckWindow } from './ack-window';

const addAll = (window: AckWindow, positions: readonly bigint[]) =>
  new Map<bigint, AckTicket>(positions.map((p) => [p, window.add(p)]));

describe('AckWindow', () => {
  it('advances only over a contiguous run of acknowledged positions', () => {
    const window = new AckWindow(10n);
    const tickets = addAll(window, [11n, 12n, 15n, 20n]);
    const ack = (p: bigint) => window.ack(tickets.get(p) as AckTicket);
    ack(12n);
    expect(window.watermark).toBe(10n);
    ack(15n);
    expect(window.watermark).toBe(10n);
    ack(11n);
    expect(window.watermark).toBe(15n);
    expect(window.inFlight).toBe(1);
    ack(20n);
    expect(window.watermark).toBe(20n);
    expect(window.inFlight).toBe(0);
  });

  it('ignores a second ack of a ticket and wakes waiters on an ack', async () => {
    const window = new AckWindow(0n);
    const first = window.add(1n);
    const second = window.add(2n);
    window.ack(first);
    window.ack(first);
    expect(window.watermark).toBe(1n);
    expect(window.inFlight).toBe(1);
    const waiting = window.next();
    window.ack(second);
    await waiting;
    expect(window.watermark).toBe(2n);
  });

  it('holds the mark at a position published twice until both publishes are acknowledged', () => {
    const window = new AckWindow(0n);
    const early = window.add(1n);
    const again = window.add(1n);
    window.ack(again);
    expect(window.watermark).toBe(0n);
    window.ack(early);
    expect(window.watermark).toBe(1n);
    expect(window.inFlight).toBe(0);
  });

  it('keeps the order across many out-of-order acks', () => {
    const window = new AckWindow(0n);
    const positions = Array.from({ length: 10_000 }, (_, i) => BigInt(i + 1));
    const tickets = addAll(window, positions);
    const shuffled = [...positions].sort(() => Math.random() - 0.5);
    let highestSeen = 0n;
    for (const p of shuffled) {
      window.ack(tickets.get(p) as AckTicket);
      expect(window.watermark >= highestSeen).toBe(true);
      highestSeen = window.watermark;
    }
    expect(window.watermark).toBe(10_000n);
  });
});
