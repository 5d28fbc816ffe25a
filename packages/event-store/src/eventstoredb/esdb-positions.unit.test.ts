import { type Position, type ReadPosition, START } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { toRecordedEvent } from './esdb-events';
import {
  type AllCursor,
  advance,
  isAfter,
  isStrictlyAfter,
  nextStart,
  readAllAfter,
  serverStartAfter,
  startCursor,
  toPortPosition,
} from './esdb-positions';

/**
 * Positions shaped as EventStoreDB gives them, and its forward read of `$all`: events in
 * (commit, prepare) order from an inclusive start position.
 */
type Logged = Readonly<{ id: string; position: Position }>;

const at = (id: string, commit: bigint, prepare = commit): Logged => ({ id, position: { commit, prepare } });

const inOrder = (log: readonly Logged[]) =>
  [...log].sort((a, b) => (isAfter(a.position, b.position) ? 1 : isAfter(b.position, a.position) ? -1 : 0));

function serverRead(log: readonly Logged[], from: ReadPosition, maxCount: number): Logged[] {
  const start = from === START ? undefined : (from as Position);
  return inOrder(log)
    .filter((event) => !start || !isAfter(start, event.position))
    .slice(0, maxCount);
}

async function* served(events: readonly Logged[]): AsyncGenerator<Logged> {
  yield* events;
}

/** Counts server reads, and fails a test that would page forever. */
function pager(log: readonly Logged[]) {
  const reads: ReadPosition[] = [];
  const readPage = (from: ReadPosition, maxCount: number) => {
    reads.push(from);
    if (reads.length > 1_000) throw new Error('no progress');
    return served(serverRead(log, from, maxCount));
  };
  return { readPage, reads };
}

async function readAfter(
  log: readonly Logged[],
  after: bigint | undefined,
  pageSize: number,
  take = Infinity,
) {
  const ids: string[] = [];
  for await (const event of readAllAfter(pager(log).readPage, after, pageSize)) {
    ids.push(event.id);
    if (ids.length >= take) break;
  }
  return ids;
}

/** A subscription's pass: feeds what the server sends from the cursor's start to `advance`. */
function subscribe(log: readonly Logged[], cursor: AllCursor, take: number) {
  const handed: Logged[] = [];
  let current = cursor;
  for (const event of serverRead(log, nextStart(current), Number.MAX_SAFE_INTEGER)) {
    const step = advance(current, event.position);
    current = step.cursor;
    if (step.pass) handed.push(event);
    if (handed.length >= take) break;
  }
  return { handed, cursor: current };
}

// One append of three events as a current server records it: each event is its own committed
// prepare, commit = prepare = its log offset. Then a later single-event append.
const appended = [at('a1', 1_000n), at('a2', 1_150n), at('a3', 1_320n), at('b1', 1_500n)];
// The shape of an explicit transaction: the three events share the commit record's position
// (2_400) and rise by prepare below it.
const transaction = [
  at('t0', 1_900n),
  at('t1', 2_400n, 2_000n),
  at('t2', 2_400n, 2_100n),
  at('t3', 2_400n, 2_200n),
  at('u1', 2_500n),
];

describe('EventStoreDB positions: one port position per event', () => {
  it('maps an event to its prepare position, distinct within one append or transaction', () => {
    expect(transaction.map((event) => toPortPosition(event.position))).toEqual([
      1_900n,
      2_000n,
      2_100n,
      2_200n,
      2_500n,
    ]);
    const recorded = toRecordedEvent({
      streamId: 'order-1',
      id: 'e5a7c3f0-0000-4000-8000-000000000001',
      revision: 1n,
      type: 'Shipped',
      data: {},
      metadata: { eventId: 'x' },
      isJson: true,
      created: new Date('2026-03-01T10:00:00.000Z'),
      position: { commit: 2_400n, prepare: 2_100n },
    });
    expect(recorded.position).toBe(2_100n);
  });

  it('resumes strictly after p from { commit: p, prepare: p } and drops what is not after p', () => {
    expect(serverStartAfter(7n)).toEqual({ commit: 7n, prepare: 7n });
    expect(nextStart(startCursor())).toBe(START);
    expect(nextStart(startCursor(7n))).toEqual({ commit: 7n, prepare: 7n });
    expect(isStrictlyAfter({ commit: 2_400n, prepare: 2_100n }, 2_000n)).toBe(true);
    expect(isStrictlyAfter({ commit: 2_400n, prepare: 2_000n }, 2_000n)).toBe(false);
    expect(isStrictlyAfter({ commit: 1n, prepare: 1n }, undefined)).toBe(true);
  });

  it('orders server positions by commit, then prepare', () => {
    expect(isAfter({ commit: 10n, prepare: 10n }, undefined)).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 12n }, { commit: 10n, prepare: 10n })).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 10n }, { commit: 10n, prepare: 10n })).toBe(false);
    expect(isAfter({ commit: 9n, prepare: 20n }, { commit: 10n, prepare: 10n })).toBe(false);
  });

  for (const [shape, log, first] of [
    ['one append', appended, 'a'],
    ['an explicit transaction', transaction.slice(1), 't'],
  ] as const) {
    it(`${shape}: a subscription takes two, closes; resuming after the second gives exactly the third`, () => {
      const { handed } = subscribe(log, startCursor(), 2);
      expect(handed.map((event) => event.id)).toEqual([`${first}1`, `${first}2`]);
      const second = handed[1];
      if (!second) throw new Error('nothing handed out');
      const resumed = subscribe(log, startCursor(toPortPosition(second.position)), 10);
      expect(resumed.handed.map((event) => event.id)).toEqual([`${first}3`, log[3]?.id]);
    });

    it(`${shape}: a dropped subscription resubscribes from the last server position, no repeats`, () => {
      const before = subscribe(log, startCursor(), 2);
      const again = subscribe(log, before.cursor, 10);
      expect([...before.handed, ...again.handed].map((event) => event.id)).toEqual(
        log.map((event) => event.id),
      );
    });
  }

  it('pages with a boundary inside an append or a transaction: every event once, in order', async () => {
    const log = [...appended, ...transaction];
    const everything = inOrder(log).map((event) => event.id);
    for (let pageSize = 2; pageSize <= log.length + 1; pageSize++) {
      expect(await readAfter(log, undefined, pageSize)).toEqual(everything);
      // Resuming after any event's position gives exactly the rest.
      for (const [index, event] of inOrder(log).entries()) {
        expect(await readAfter(log, toPortPosition(event.position), pageSize)).toEqual(
          everything.slice(index + 1),
        );
      }
    }
  });

  it('a caller paging with maxCount 2 through a three-event append misses and repeats nothing', async () => {
    const log = [...appended, ...transaction];
    for (const pageSize of [2, 3, 1_000]) {
      const seen: string[] = [];
      let after: bigint | undefined;
      for (;;) {
        const page: Logged[] = [];
        for await (const event of readAllAfter(pager(log).readPage, after, pageSize)) {
          page.push(event);
          if (page.length >= 2) break;
        }
        const last = page.at(-1);
        if (!last) break;
        seen.push(...page.map((event) => event.id));
        after = toPortPosition(last.position);
      }
      expect(seen).toEqual(inOrder(log).map((event) => event.id));
    }
  });

  it('makes progress through a transaction larger than a page', async () => {
    const big = Array.from({ length: 7 }, (_, index) =>
      at(`x${index}`, 9_000n, 8_000n + BigInt(index) * 10n),
    );
    const { readPage, reads } = pager(big);
    const ids: string[] = [];
    for await (const event of readAllAfter(readPage, 8_020n, 2)) ids.push(event.id);
    expect(ids).toEqual(['x3', 'x4', 'x5', 'x6']);
    expect(reads.length).toBeLessThanOrEqual(7);
    await expect(readAfter(big, undefined, 1)).rejects.toBeInstanceOf(RangeError);
  });

  it('reports, never hands out backwards, an explicit transaction interleaved with another write', () => {
    // The transaction's first prepare (3_000) lies before a single write (3_100) that commits
    // first; the transaction commits at 3_300.
    const log = [at('w', 3_100n), at('t1', 3_300n, 3_000n), at('t2', 3_300n, 3_200n)];
    let cursor = startCursor();
    const steps = serverRead(log, nextStart(cursor), 10).map((event) => {
      const step = advance(cursor, event.position);
      cursor = step.cursor;
      return [event.id, step.pass, step.outOfOrder];
    });
    expect(steps).toEqual([
      ['w', true, false],
      ['t1', false, true],
      ['t2', true, false],
    ]);
    // Events before the resume point are dropped silently: that is resuming, not disorder.
    const resumed = startCursor(3_200n);
    expect(advance(resumed, { commit: 3_300n, prepare: 3_000n })).toMatchObject({
      pass: false,
      outOfOrder: false,
    });
  });
});
