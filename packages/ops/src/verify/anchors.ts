import type pg from 'pg';
import { migrateOpsSchema } from '../schema';
import type { ChainRow, IntegrityIssue } from './chain';

/**
 * A chain proves each event against its predecessor, so it cannot tell that a stream's *last*
 * events, or a whole stream, were deleted. Anchors close that gap: every verify remembers each
 * intact stream's head (revision and hash) in `ops.verify_anchors`, and the next verify checks
 * that the head is still there, unchanged, or has grown. Streams with problems keep their old
 * anchor, so a problem is reported until it is repaired.
 */
export { ANCHORS_DDL } from '../schema';

export type Anchor = Readonly<{ revision: bigint; hash: string; anchoredAt: Date }>;

export async function loadAnchors(pool: pg.Pool): Promise<Map<string, Anchor>> {
  await migrateOpsSchema(pool);
  const { rows } = await pool.query<{ stream_id: string; revision: string; hash: string; anchored_at: Date }>(
    'SELECT stream_id, revision::text, hash, anchored_at FROM ops.verify_anchors',
  );
  return new Map(
    rows.map((row) => [
      row.stream_id,
      { revision: BigInt(row.revision), hash: row.hash, anchoredAt: row.anchored_at },
    ]),
  );
}

/**
 * Compares a scanned stream with its anchor: the anchored head must still be there and, when
 * the chain itself checked out (else its issues already explain the difference), unchanged.
 */
export function checkAnchor(
  stream: readonly ChainRow[],
  anchor: Anchor | undefined,
  chainIntact: boolean,
): IntegrityIssue[] {
  const first = stream[0];
  if (!anchor || !first) return [];
  const atAnchor = stream.find((row) => row.revision === anchor.revision);
  const head = stream[stream.length - 1] as ChainRow;
  const since = anchor.anchoredAt.toISOString();
  if (head.revision < anchor.revision) {
    return [
      {
        kind: 'missing',
        streamId: first.streamId,
        fromRevision: (head.revision + 1n).toString(),
        toRevision: anchor.revision.toString(),
        detail: `the stream ended at revision ${anchor.revision} when anchored (${since}); its tail is gone`,
      },
    ];
  }
  if (chainIntact && atAnchor && atAnchor.hash !== anchor.hash) {
    return [
      {
        kind: 'altered',
        streamId: first.streamId,
        revision: anchor.revision.toString(),
        eventId: atAnchor.eventId,
        detail: `the chain up to revision ${anchor.revision} was rewritten since it was anchored (${since})`,
      },
    ];
  }
  return [];
}

export function vanishedStreams(
  anchors: ReadonlyMap<string, Anchor>,
  seen: ReadonlySet<string>,
): IntegrityIssue[] {
  return [...anchors]
    .filter(([streamId]) => !seen.has(streamId))
    .map(([streamId, anchor]) => ({
      kind: 'missing' as const,
      streamId,
      fromRevision: '0',
      toRevision: anchor.revision.toString(),
      detail: `the whole stream is gone; it had ${anchor.revision + 1n} event(s) when anchored (${anchor.anchoredAt.toISOString()})`,
    }));
}

const SAVE_BATCH = 10_000;

/** Moves the anchors of intact streams to their current heads, a batch per statement. */
export async function saveAnchors(
  pool: pg.Pool,
  allHeads: readonly Readonly<{ streamId: string; revision: bigint; hash: string }>[],
): Promise<void> {
  for (let start = 0; start < allHeads.length; start += SAVE_BATCH) {
    await saveBatch(pool, allHeads.slice(start, start + SAVE_BATCH));
  }
}

async function saveBatch(
  pool: pg.Pool,
  heads: readonly Readonly<{ streamId: string; revision: bigint; hash: string }>[],
): Promise<void> {
  await pool.query(
    `INSERT INTO ops.verify_anchors (stream_id, revision, hash)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
     ON CONFLICT (stream_id) DO UPDATE
       SET revision = EXCLUDED.revision, hash = EXCLUDED.hash, anchored_at = now()`,
    [heads.map((h) => h.streamId), heads.map((h) => h.revision.toString()), heads.map((h) => h.hash)],
  );
}
