import { describe, expect, it } from 'vitest';
import { AdmissionLimit } from './admission';

/** Serves `count` requests one after another, each taking `serviceMs` on a fake clock. */
function serve(
  limit: AdmissionLimit,
  clock: { t: number },
  count: number,
  serviceMs: number,
  saturate = true,
) {
  for (let i = 0; i < count; i++) {
    const held: boolean[] = [];
    // Fill every slot so the window sees its limit reached, as under load.
    while (saturate && limit.inFlight < limit.limit) held.push(limit.acquire() === true);
    if (!saturate) held.push(limit.acquire() === true);
    clock.t += serviceMs;
    for (const _ of held) limit.release(serviceMs);
  }
}

/**
 * A limit of one on a fake clock (wait bound 1 s, LIFO past 500 ms of drain), and `wait(name)`,
 * which asks for a slot and records in `order` the names admitted, in the order they were.
 */
function oneAtATime() {
  const clock = { t: 0 };
  const limit = new AdmissionLimit({
    maxInFlight: 100,
    initialLimit: 1,
    minLimit: 1,
    maxWaitMs: 1_000,
    lifoDrainMs: 500,
    now: () => clock.t,
  });
  const order: string[] = [];
  const wait = (name: string) => {
    const admitted = limit.acquire();
    if (admitted instanceof Promise) void admitted.then((ok) => ok && order.push(name));
    else if (admitted) order.push(name);
  };
  return { clock, limit, order, wait };
}

describe('AdmissionLimit', () => {
  it('admits up to its limit at once, queues up to the ceiling, and sheds past it', async () => {
    const limit = new AdmissionLimit({ maxInFlight: 4, initialLimit: 2, minLimit: 2, maxWaitMs: 50 });
    expect([limit.acquire(), limit.acquire()]).toEqual([true, true]);
    const waiting = [limit.acquire(), limit.acquire()];
    expect(waiting.every((w) => w instanceof Promise)).toBe(true);
    expect(limit.acquire()).toBe(false);
    limit.release(1);
    expect(await waiting[0]).toBe(true);
    // The other waits its full time and is shed.
    expect(await waiting[1]).toBe(false);
    expect(limit.queued).toBe(0);
    limit.release();
    limit.release();
    expect(limit.inFlight).toBe(0);
  });

  it('admits the oldest waiter first while the queue drains in time, the newest once it cannot', async () => {
    const { limit, order, wait } = oneAtATime();
    wait('first');
    for (const name of ['a', 'b', 'c']) wait(name);
    // Served in 100 ms each, one at a time: three waiters drain in 300 ms, in time.
    limit.release(100);
    await Promise.resolve();
    expect(order).toEqual(['first', 'a']);
    // Eight more: ten waiting would take a second to drain, past 500 ms, so the newest goes first.
    for (const name of ['d', 'e', 'f', 'g', 'h', 'i', 'j', 'k']) wait(name);
    limit.release(100);
    await Promise.resolve();
    expect(order).toEqual(['first', 'a', 'k']);
    limit.release(100);
    await Promise.resolve();
    expect(order).toEqual(['first', 'a', 'k', 'j']);
    // Eight, seven, six waiting: still too long, the newest again; at five (500 ms) FIFO again.
    for (let i = 0; i < 4; i++) limit.release(100);
    await Promise.resolve();
    expect(order).toEqual(['first', 'a', 'k', 'j', 'i', 'h', 'g', 'b']);
    expect(limit.queued).toBe(4);
  });

  it('admits the newest first while its oldest waiter has waited past the drain bound', async () => {
    const { clock, limit, order, wait } = oneAtATime();
    wait('first');
    wait('a');
    wait('b');
    clock.t = 600;
    wait('c');
    wait('d');
    // Four waiting at 10 ms each drain in 40 ms, but 'a' has stood 600 ms: FIFO would answer it
    // (and 'b') after 600 ms and more, so the newest goes first.
    for (let i = 0; i < 4; i++) {
      limit.release(10);
      await Promise.resolve();
    }
    expect(order).toEqual(['first', 'd', 'c', 'b', 'a']);
    // A queue of fresh waiters is first in, first out again.
    wait('e');
    wait('f');
    limit.release(10);
    await Promise.resolve();
    expect(order.slice(5)).toEqual(['e']);
  });

  it('grows while latency holds and shrinks when it climbs, within its bounds', () => {
    const clock = { t: 0 };
    const limit = new AdmissionLimit({
      maxInFlight: 1000,
      initialLimit: 16,
      minLimit: 8,
      now: () => clock.t,
    });
    serve(limit, clock, 400, 5);
    const grown = limit.limit;
    expect(grown).toBeGreaterThan(16);
    // Service times ten times the fastest seen: queueing inside the process.
    serve(limit, clock, 400, 50);
    expect(limit.limit).toBeLessThan(grown);
    serve(limit, clock, 100, 500);
    expect(limit.limit).toBe(8);
  });

  it('takes its reference from windows at its floor or above, not from one lone request', () => {
    const clock = { t: 0 };
    const limit = new AdmissionLimit({
      maxInFlight: 1000,
      initialLimit: 32,
      minLimit: 16,
      now: () => clock.t,
    });
    // One request at a time on an idle machine: 2 ms each.
    serve(limit, clock, 400, 2, false);
    // Then a load that fills the limit, each served in 20 ms (ten times the lone request, as the
    // pools are shared now): no sign of queueing beyond what its concurrency brings.
    serve(limit, clock, 400, 20);
    expect(limit.limit).toBeGreaterThan(32);
    // Against the lone request's 2 ms the same load looked like queueing and sat on the floor.
    const busy = limit.limit;
    serve(limit, clock, 400, 200);
    expect(limit.limit).toBeLessThan(busy);
  });

  it('takes no reference from a window below its limit, even one at its floor', () => {
    const clock = { t: 0 };
    const limit = new AdmissionLimit({
      maxInFlight: 1000,
      initialLimit: 32,
      minLimit: 16,
      now: () => clock.t,
    });
    // 31 at a time (16 in service on average as they end), 5 ms each, while the limit is 32: a
    // load the process keeps up with.
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 31; j++) limit.acquire();
      clock.t += 5;
      for (let j = 0; j < 31; j++) limit.release(5);
    }
    expect(limit.limit).toBe(32);
    // Then saturated at 40 ms each: against the unsaturated 5 ms this looked like queueing.
    serve(limit, clock, 100, 40);
    expect(limit.limit).toBeGreaterThan(32);
  });

  it('does not grow when its limit is never reached', () => {
    const clock = { t: 0 };
    const limit = new AdmissionLimit({ maxInFlight: 1000, initialLimit: 16, now: () => clock.t });
    serve(limit, clock, 400, 5, false);
    expect(limit.limit).toBe(16);
  });
});
