import { type Position, type ReadPosition, START } from '@eventstore/db-client';
import type { Logger } from 'pino';

/**
 * Positions on EventStoreDB. The server orders `$all` by (commit, prepare). Both are byte offsets
 * in its transaction log:
 *
 * - An append through gRPC (the only way this adapter writes) stores each event as its own
 *   committed prepare record; the server reports every such event with commit = prepare = the
 *   offset of its record. The events of one append lie one after another in the log.
 * - An explicit transaction (the legacy TCP API) writes its prepares first and a commit record
 *   after them: its events share the commit position (the commit record's offset) and differ by
 *   prepare, each below the commit.
 *
 * So every event has commit >= prepare, and the prepare position is unique per event. It is the
 * port position. Its order is the `$all` order except where an explicit transaction interleaves
 * with other writes (only possible in a log written by legacy TCP clients); `advance` reports
 * that case instead of handing out a position that goes backwards.
 */
export const toPortPosition = (position: Position): bigint => position.prepare;

/**
 * Where the server must start so that every event strictly after port position `after` is
 * included: an event with prepare > after has commit >= prepare > after, so it is at or after
 * `{ commit: after, prepare: after }` (the server's start is inclusive). The server also sends
 * the event at `after` itself and, for a transaction committed after `after`, its earlier
 * events: `advance` drops them.
 */
export const serverStartAfter = (after: bigint): Position => ({ commit: after, prepare: after });

/** The one "strictly after" rule of the port, on an ESDB position. */
export const isStrictlyAfter = (position: Position, after: bigint | undefined): boolean =>
  after === undefined || toPortPosition(position) > after;

/** Orders ESDB positions as the server orders `$all`: by commit, then prepare. */
export const isAfter = (position: Position, last: Position | undefined): boolean =>
  !last ||
  position.commit > last.commit ||
  (position.commit === last.commit && position.prepare > last.prepare);

/** A forward pass over `$all` that hands out each event once, strictly after a port position. */
export type AllCursor = Readonly<{
  /** Port position of the last event handed out, else the position to resume strictly after. */
  after: bigint | undefined;
  /** Server position of the last event seen in this pass: further pages and resubscriptions start there. */
  seen: Position | undefined;
  /** `after` belongs to an event of this pass (not to the resume point). */
  passed: boolean;
}>;

export const startCursor = (after?: bigint): AllCursor => ({ after, seen: undefined, passed: false });

/** Where the next server read (a page, a resubscription) of this pass starts; inclusive. */
export const nextStart = (cursor: AllCursor): ReadPosition =>
  cursor.seen ?? (cursor.after === undefined ? START : serverStartAfter(cursor.after));

export type Step = Readonly<{
  cursor: AllCursor;
  /** Hand the event out. */
  pass: boolean;
  /**
   * The event is new in `$all` order, yet its prepare position is not above one already handed
   * out in this pass: an explicit transaction interleaved with other writes. It is dropped.
   */
  outOfOrder: boolean;
}>;

/** Decides on one event the server sent, in the order it sent them. */
export function advance(cursor: AllCursor, position: Position): Step {
  // Seen already: the inclusive start of a page or resubscription sends it again.
  if (cursor.seen && !isAfter(position, cursor.seen)) return { cursor, pass: false, outOfOrder: false };
  if (!isStrictlyAfter(position, cursor.after)) {
    return { cursor: { ...cursor, seen: position }, pass: false, outOfOrder: cursor.passed };
  }
  return {
    cursor: { after: toPortPosition(position), seen: position, passed: true },
    pass: true,
    outOfOrder: false,
  };
}

/** One forward server read of `$all` from an inclusive start, at most `maxCount` events. */
export type ReadPage<E> = (from: ReadPosition, maxCount: number) => AsyncIterable<E>;

/**
 * Pages forwards through `$all` and yields every event strictly after port position `after`, each
 * once, in order. Each page starts at the last server position seen (so a page boundary inside
 * an append or a transaction costs one re-sent event, never a lost one). Stop by breaking out.
 */
export async function* readAllAfter<E extends { position: Position }>(
  readPage: ReadPage<E | undefined>,
  after: bigint | undefined,
  pageSize: number,
  onOutOfOrder?: (position: Position, after: bigint | undefined) => void,
): AsyncGenerator<E> {
  if (pageSize < 2) throw new RangeError('pageSize must be at least 2: a page re-reads its start');
  let cursor = startCursor(after);
  for (;;) {
    let count = 0;
    for await (const event of readPage(nextStart(cursor), pageSize)) {
      count++;
      if (!event) continue;
      const step = advance(cursor, event.position);
      if (step.outOfOrder) onOutOfOrder?.(event.position, cursor.after);
      cursor = step.cursor;
      if (step.pass) yield event;
    }
    if (count < pageSize) return;
  }
}

/** Logs what `advance` flagged as out of order: an event the port cannot hand out in place. */
export const reportOutOfOrder = (log: Logger | undefined, position: Position, after: bigint | undefined) =>
  log?.error(
    { commit: position.commit, prepare: position.prepare, after },
    'EventStoreDB $all order disagrees with prepare order (an interleaved explicit transaction); event skipped',
  );
