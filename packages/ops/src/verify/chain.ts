import { computeEventHash } from '@aftersales/event-store';

/** One stored row as verify reads it: content as stored, and the hash written at append. */
export type ChainRow = Readonly<{
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  data: unknown;
  metadata: unknown;
  hash: string;
}>;

export type IntegrityIssue = Readonly<
  | {
      kind: 'altered';
      streamId: string;
      revision: string;
      eventId: string;
      detail: string;
    }
  | {
      kind: 'missing';
      streamId: string;
      /** Inclusive range of revisions that are gone. */
      fromRevision: string;
      toRevision: string;
      detail: string;
    }
  | {
      kind: 'reordered';
      streamId: string;
      revision: string;
      eventId: string;
      /** Where the event's own hash says it was written. */
      writtenAtRevision: string;
      detail: string;
    }
>;

/** How far from its place a moved event is searched for; streams are short, this bounds the cost. */
const REORDER_WINDOW = 64n;

const hashOf = (row: ChainRow, previousHash: string, revision: bigint) =>
  computeEventHash({
    previousHash,
    streamId: row.streamId,
    revision,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
  });

/**
 * Finds where an intact event was written: some revision near its place, after some event of
 * the stream (or at the start). Returns that revision, or undefined when no placement
 * reproduces its hash, i.e. its content was changed.
 */
function originalRevision(row: ChainRow, stream: readonly ChainRow[]): bigint | undefined {
  const previousHashes = ['', ...stream.filter((other) => other !== row).map((other) => other.hash)];
  const low = row.revision > REORDER_WINDOW ? row.revision - REORDER_WINDOW : 0n;
  for (let revision = low; revision <= row.revision + REORDER_WINDOW; revision++) {
    if (revision === row.revision) continue;
    const candidates = revision === 0n ? [''] : previousHashes.slice(1);
    for (const previousHash of candidates) {
      if (hashOf(row, previousHash, revision) === row.hash) return revision;
    }
  }
  return undefined;
}

/** Whether the row is intact at its own place, only chained to a predecessor that has changed. */
const intactAfterMovedPredecessor = (row: ChainRow, stream: readonly ChainRow[]) =>
  stream.some((other) => other !== row && hashOf(row, other.hash, row.revision) === row.hash);

/**
 * Checks one stream's chain, rows in revision order. Each row must hash, from the stored hash of
 * the row before it, to its own stored hash. A gap in revisions is a missing event; the row
 * after a gap cannot be checked (its predecessor's hash is gone) and is reported with the gap.
 * A row that fails is `reordered` if it hashes correctly at another place, else `altered`. A row
 * that is intact but follows a flagged row (its predecessor moved) is not reported again.
 */
export function verifyStream(stream: readonly ChainRow[]): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  let expectedRevision = 0n;
  let previousHash = '';
  let previousFlagged = false;
  for (const row of stream) {
    const before = issues.length;
    const afterGap = row.revision !== expectedRevision;
    if (afterGap) {
      issues.push({
        kind: 'missing',
        streamId: row.streamId,
        fromRevision: expectedRevision.toString(),
        toRevision: (row.revision - 1n).toString(),
        detail: `revisions ${expectedRevision}..${row.revision - 1n} are gone; revision ${row.revision} cannot be chained`,
      });
    } else if (
      hashOf(row, previousHash, row.revision) !== row.hash &&
      !(previousFlagged && intactAfterMovedPredecessor(row, stream))
    ) {
      const writtenAt = originalRevision(row, stream);
      issues.push(
        writtenAt === undefined
          ? {
              kind: 'altered',
              streamId: row.streamId,
              revision: row.revision.toString(),
              eventId: row.eventId,
              detail: 'content does not match the hash written at append',
            }
          : {
              kind: 'reordered',
              streamId: row.streamId,
              revision: row.revision.toString(),
              eventId: row.eventId,
              writtenAtRevision: writtenAt.toString(),
              detail: `event was written at revision ${writtenAt}, now sits at ${row.revision}`,
            },
      );
    }
    previousFlagged = issues.length > before && !afterGap;
    previousHash = row.hash;
    expectedRevision = row.revision + 1n;
  }
  return issues;
}
