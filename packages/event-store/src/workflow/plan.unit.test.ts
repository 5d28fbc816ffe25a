import { randomUUID } from 'node:crypto';
import { IllegalStateError, ValidationError } from '@aftersales/domain';
import { describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../errors';
import { createMemoryEventStore } from '../memory/memory-store';
import type { EventStore } from '../port';
import { StreamStateCache } from '../stream-state-cache';
import { countingReads } from '../testing/counting-store';
import { upcastToCurrent } from '../upcasting';
import { runPlan, step } from './plan';

/** A stream that may be opened once; opening needs a name. */
type Opened = { type: 'Opened'; data: { name: string } };
const opener = {
  initialState: () => ({ open: false }),
  evolve: (_state: { open: boolean }, _event: Opened) => ({ open: true }),
  decide: (command: { name: string }, state: { open: boolean }): Opened[] => {
    if (command.name === '') throw new ValidationError('name-required', 'a name is required');
    if (state.open) throw new IllegalStateError('already-open', 'the stream is open already');
    return [{ type: 'Opened', data: { name: command.name } }];
  },
};

const options = (expectedRevision?: bigint | 'no_stream') => ({
  context: { now: '2026-01-01T00:00:00.000Z', rules: {} as never },
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z' },
  ...(expectedRevision === undefined ? {} : { expectedRevision }),
});
const create = (streamId: string, name: string) => ({
  target: step(streamId, opener, { name }),
  createsTarget: true,
});

describe('a command that creates its stream', () => {
  it('appends without reading the stream first when it is new', async () => {
    const { store, reads } = countingReads(createMemoryEventStore());
    const outcome = await runPlan(store, create('s-1', 'a'), options());
    expect(outcome.target.revision).toBe(0n);
    expect(reads.get('s-1') ?? 0).toBe(0);
    expect(await store.readStream('s-1')).toHaveLength(1);
  });

  it('answers a repeat exactly as without the assumption, appending nothing', async () => {
    const { store, reads } = countingReads(createMemoryEventStore());
    await runPlan(store, create('s-2', 'a'), options());
    await expect(runPlan(store, create('s-2', 'b'), options())).rejects.toMatchObject({
      code: 'already-open',
    });
    // Under If-Match "-1" the conflict is the answer, as before.
    await expect(runPlan(store, create('s-2', 'b'), options('no_stream'))).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(reads.get('s-2')).toBeGreaterThan(0);
    expect(await store.readStream('s-2')).toHaveLength(1);
  });

  it('decides a refusal on what the stream really holds', async () => {
    const { store } = countingReads(createMemoryEventStore());
    await expect(runPlan(store, create('s-3', ''), options())).rejects.toMatchObject({
      code: 'name-required',
    });
    expect(await store.readStream('s-3')).toHaveLength(0);
  });
});

/** Points on a second stream, earned once per source (the follow-up's deterministic id). */
type Earned = { type: 'Earned'; data: { points: number } };
const points = {
  initialState: () => 0,
  evolve: (total: number, event: Earned) => total + event.data.points,
  decide: (command: { points: number }): Earned[] => [{ type: 'Earned', data: { points: command.points } }],
};

/**
 * A store that holds the target stream's appends until released, and logs what reaches it;
 * reads of `failing` streams fail.
 */
function gated(inner: EventStore, target: string, failing: readonly string[] = []) {
  const log: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store: EventStore = {
    kind: inner.kind,
    appendToStream: async (id, events, opts) => {
      log.push(`append ${id}`);
      if (id === target) await gate;
      return inner.appendToStream(id, events, opts);
    },
    readStream: async (id, opts) => {
      log.push(`read ${id}`);
      if (failing.includes(id)) throw new Error(`${id} unreachable`);
      return inner.readStream(id, opts);
    },
    readAll: (opts) => inner.readAll(opts),
    subscribeToAll: (opts) => inner.subscribeToAll(opts),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
  };
  return { store, log, release };
}

const earnAfter = (pointsStream: string) => ({
  target: step('order-1', opener, { name: 'a' }),
  after: (outcome: { events: readonly unknown[] }) =>
    outcome.events.length > 0
      ? [
          step(
            pointsStream,
            points,
            { points: 10 },
            { eventIds: () => '0190c2a0-0000-7000-8000-0000000000e1' },
          ),
        ]
      : [],
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('follow-ups', () => {
  it("read their streams while the target's append is in flight, once", async () => {
    const { store, log, release } = gated(createMemoryEventStore(), 'order-1');
    const running = runPlan(store, earnAfter('points-1'), options());
    await settle();
    // The follow-up's stream is read as the target's append goes out, which is still held.
    expect(log).toEqual(['read order-1', 'read points-1', 'append order-1']);
    release();
    const outcome = await running;
    expect(outcome.related).toMatchObject([{ streamId: 'points-1', revision: 0n, state: 10 }]);
    expect(log).toEqual(['read order-1', 'read points-1', 'append order-1', 'append points-1']);
    expect((await store.readStream('points-1')).map((e) => e.data)).toEqual([{ points: 10 }]);
  });

  it('decide again on a fresh read when their stream moved on after the early read', async () => {
    const inner = createMemoryEventStore();
    const { store, log, release } = gated(inner, 'order-1');
    const running = runPlan(store, earnAfter('points-2'), options());
    await settle();
    // Another writer earns on the same stream between the early read and the follow-up's append.
    await runPlan(inner, { target: step('points-2', points, { points: 5 }) }, options());
    release();
    const outcome = await running;
    expect(outcome.related).toMatchObject([{ streamId: 'points-2', revision: 1n, state: 15 }]);
    expect(log.filter((line) => line === 'read points-2')).toHaveLength(2);
    expect((await inner.readStream('points-2')).map((e) => e.data)).toEqual([{ points: 5 }, { points: 10 }]);
  });

  it('leave no unhandled failure behind when the early read fails and the target is refused', async () => {
    const inner = createMemoryEventStore();
    await runPlan(inner, earnAfter('points-3'), options());
    const { store, log } = gated(inner, 'none', ['points-3']);
    // The order exists already: this decision, on an assumed-fresh stream, conflicts, and the
    // plan answers the refusal decided on the real stream.
    const refused = runPlan(store, { ...earnAfter('points-3'), createsTarget: true }, options());
    await expect(refused).rejects.toMatchObject({ code: 'already-open' });
    expect(log).toContain('read points-3');
    await settle();
    expect(await inner.readStream('points-3')).toHaveLength(1);
  });

  it('fail the command as their own read would when the early read fails', async () => {
    const inner = createMemoryEventStore();
    const { store, release } = gated(inner, 'order-1', ['points-4']);
    release();
    await expect(runPlan(store, earnAfter('points-4'), options())).rejects.toThrow('points-4 unreachable');
    // The target's fact stands; a retry of the command completes the follow-up.
    expect(await inner.readStream('order-1')).toHaveLength(1);
  });
});

/**
 * The memory store, logging the streams of each linked append; `meanwhile` runs once, just before
 * the first linked append reaches the store (another writer slipping in).
 */
function linking(inner: EventStore, meanwhile: () => Promise<unknown> = async () => undefined) {
  const linked: string[][] = [];
  let raced = false;
  const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
    appendLinked: async (appends: Parameters<NonNullable<EventStore['appendLinked']>>[0]) => {
      linked.push(appends.map((append) => append.streamId));
      if (!raced) {
        raced = true;
        await meanwhile();
      }
      if (!inner.appendLinked) throw new Error('no appendLinked');
      return inner.appendLinked(appends);
    },
  });
  return { store, linked };
}

/** Points that refuse to be earned twice from the same source. */
const oncePoints = {
  ...points,
  decide: (command: { points: number }, total: number): Earned[] => {
    if (total > 0) throw new IllegalStateError('already-earned', 'earned already');
    return [{ type: 'Earned', data: { points: command.points } }];
  },
};

describe('follow-ups where the store links appends', () => {
  it('are stored in the same append as their target, and cached', async () => {
    const { store, linked } = linking(createMemoryEventStore());
    const cache = new StreamStateCache();
    const outcome = await runPlan(store, earnAfter('points-l1'), { ...options(), cache });
    expect(linked).toEqual([['order-1', 'points-l1']]);
    expect(outcome.target).toMatchObject({ streamId: 'order-1', revision: 0n });
    expect(outcome.related).toMatchObject([{ streamId: 'points-l1', revision: 0n, state: 10 }]);
    expect(cache.get('points-l1', points.evolve, upcastToCurrent)).toEqual({ state: 10, revision: 0n });
    const [order] = await store.readStream('order-1');
    const [earned] = await store.readStream('points-l1');
    // One append: the positions follow each other.
    expect(earned?.position).toBe((order?.position ?? 0n) + 1n);
  });

  it('run one by one when their stream moved on after the early read, with the right result', async () => {
    const inner = createMemoryEventStore();
    // The early read of the points sees them empty; another writer earns before the linked append.
    const { store: racing } = linking(inner, () =>
      runPlan(inner, { target: step('points-l2', points, { points: 5 }) }, options()),
    );
    const outcome = await runPlan(racing, earnAfter('points-l2'), options());
    expect(outcome.related).toMatchObject([{ streamId: 'points-l2', revision: 1n, state: 15 }]);
    expect((await inner.readStream('points-l2')).map((e) => e.data)).toEqual([{ points: 5 }, { points: 10 }]);
    expect(await inner.readStream('order-1')).toHaveLength(1);
  });

  it('leave a target that lost its race to be decided again, storing nothing of the first decision', async () => {
    const inner = createMemoryEventStore();
    // The order is opened meanwhile: the delivery's decision must not keep its points.
    const { store: racing } = linking(inner, () =>
      inner.appendToStream('order-1', [
        {
          type: 'Opened',
          data: { name: 'other' },
          metadata: {
            eventId: '0190c2a0-0000-7000-8000-0000000000f1',
            occurredAt: '2026-01-01T00:00:00.000Z',
            schemaVersion: 1,
          },
        },
      ]),
    );
    await expect(runPlan(racing, earnAfter('points-l3'), options())).rejects.toMatchObject({
      code: 'already-open',
    });
    // Only the other writer's order stands, and the points once: those its own event earns when
    // the refusal completes the stream's follow-ups, none of the lost decision's.
    expect((await inner.readStream('order-1')).map((e) => e.data)).toEqual([{ name: 'other' }]);
    expect(await inner.readStream('points-l3')).toHaveLength(1);
  });

  it('a follow-up the domain refuses is not linked: the target stands and the refusal is reported', async () => {
    const { store, linked } = linking(createMemoryEventStore());
    await runPlan(store, { target: step('points-l4', oncePoints, { points: 1 }) }, options());
    const refused: unknown[] = [];
    const plan = {
      target: step('order-1', opener, { name: 'a' }),
      after: () => [step('points-l4', oncePoints, { points: 10 })],
    };
    const outcome = await runPlan(store, plan, options(), (err) => refused.push(err));
    expect(linked).toEqual([]);
    expect(outcome.related).toEqual([]);
    expect(refused).toMatchObject([{ code: 'already-earned' }]);
    expect(await store.readStream('order-1')).toHaveLength(1);
    expect(await store.readStream('points-l4')).toHaveLength(1);
  });
});

/** A decider that counts its decisions. */
function counted<C, E, S>(decider: {
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  decide: (command: C, state: S) => E[];
}) {
  const calls = { decide: 0 };
  return {
    calls,
    decider: {
      ...decider,
      decide: (command: C, state: S) => {
        calls.decide += 1;
        return decider.decide(command, state);
      },
    },
  };
}

describe('a command with an effect before it', () => {
  it('is decided once and reads its stream once: the check decides, the run appends that decision', async () => {
    const { store, reads } = countingReads(createMemoryEventStore());
    const target = counted(opener);
    const effect = counted(points);
    const outcome = await runPlan(
      store,
      {
        target: step('t-1', target.decider, { name: 'a' }),
        before: [step('p-1', effect.decider, { points: 3 })],
      },
      options(),
    );
    expect(outcome.target.events.map((e) => e.type)).toEqual(['Opened']);
    expect(outcome.related.map((r) => r.events.map((e) => e.type))).toEqual([['Earned']]);
    expect(target.calls.decide).toBe(1);
    expect(effect.calls.decide).toBe(1);
    expect(reads.get('t-1')).toBe(1);
    expect(reads.get('p-1')).toBe(1);
  });

  it('decides again on a fresh read when its stream moved on after the check', async () => {
    const inner = createMemoryEventStore();
    const target = counted(opener);
    // While the effect is stored, another writer opens the target stream.
    const store: EventStore = {
      ...inner,
      kind: inner.kind,
      readStream: (id, o) => inner.readStream(id, o),
      appendToStream: async (id, events, o) => {
        if (id === 'p-2') {
          await inner.appendToStream(
            't-2',
            [
              {
                type: 'Opened',
                data: { name: 'other' },
                metadata: { eventId: randomUUID(), occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
              },
            ],
            { expectedRevision: 'no_stream' },
          );
        }
        return inner.appendToStream(id, events, o);
      },
    };
    await expect(
      runPlan(
        store,
        { target: step('t-2', target.decider, { name: 'a' }), before: [step('p-2', points, { points: 1 })] },
        options(),
      ),
    ).rejects.toMatchObject({ code: 'already-open' });
    // The check's decision, then the one on the stream as the other writer left it.
    expect(target.calls.decide).toBe(2);
    expect((await inner.readStream('t-2')).map((e) => e.data)).toEqual([{ name: 'other' }]);
  });
});
