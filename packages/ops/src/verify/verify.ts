import type pg from 'pg';
import type { Progress } from '../export/export';
import { checkAnchor, loadAnchors, saveAnchors, vanishedStreams } from './anchors';
import { type ChainRow, type IntegrityIssue, verifyStream } from './chain';

export type VerifyReport = Readonly<{
  ok: boolean;
  streams: number;
  events: number;
  issues: readonly IntegrityIssue[];
  /** Streams whose head was (re)anchored by this run. */
  anchored: number;
}>;

const PAGE = 5000;

type Row = {
  stream_id: string;
  revision_text: string;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  hash: string;
};

/**
 * Reads `event_store.events` directly (not through the port: verify needs the stored hash and
 * the content exactly as stored), stream by stream in revision order, a page at a time so
 * memory stays bounded by the longest stream. Content is re-serialised canonically, as at append.
 * Each stream is also checked against the head anchored by the previous run (see `anchors.ts`).
 */
export async function verifyLog(
  pool: pg.Pool,
  onProgress?: Progress,
  { pageSize = PAGE }: { pageSize?: number } = {},
): Promise<VerifyReport> {
  const { rows: countRows } = await pool.query<{ n: string }>(
    'SELECT count(*)::text AS n FROM event_store.events',
  );
  const total = BigInt(countRows[0]?.n ?? '0');
  const anchors = await loadAnchors(pool);
  const seen = new Set<string>();
  const intactHeads: { streamId: string; revision: bigint; hash: string }[] = [];
  const issues: IntegrityIssue[] = [];
  let streams = 0;
  let events = 0n;
  let current: ChainRow[] = [];
  const finishStream = () => {
    const head = current[current.length - 1];
    if (!head) return;
    const chainIssues = verifyStream(current);
    const found = [
      ...chainIssues,
      ...checkAnchor(current, anchors.get(head.streamId), chainIssues.length === 0),
    ];
    issues.push(...found);
    seen.add(head.streamId);
    if (found.length === 0)
      intactHeads.push({ streamId: head.streamId, revision: head.revision, hash: head.hash });
    streams++;
    current = [];
  };

  let cursor: { streamId: string; revision: string } | undefined;
  for (;;) {
    const { rows } = await pool.query<Row>(
      // The text copy of the revision gets its own name: `ORDER BY revision` would otherwise sort
      // by the output column (as text: 0, 1, 10, 11, …, 2) instead of the bigint.
      `SELECT e.stream_id, e.revision::text AS revision_text, e.event_id::text, e.type, e.data::text,
              e.metadata::text, encode(e.hash, 'hex') AS hash
         FROM event_store.events e
        WHERE $1::text IS NULL OR (e.stream_id, e.revision) > ($1::text, $2::bigint)
        ORDER BY e.stream_id, e.revision
        LIMIT ${pageSize}`,
      [cursor?.streamId ?? null, cursor?.revision ?? null],
    );
    for (const row of rows) {
      if (current.length > 0 && current[0]?.streamId !== row.stream_id) finishStream();
      current.push({
        streamId: row.stream_id,
        revision: BigInt(row.revision_text),
        eventId: row.event_id,
        type: row.type,
        data: JSON.parse(row.data),
        metadata: JSON.parse(row.metadata),
        hash: row.hash,
      });
      events++;
    }
    onProgress?.(events, total);
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) break;
    cursor = { streamId: last.stream_id, revision: last.revision_text };
  }
  finishStream();
  issues.push(...vanishedStreams(anchors, seen));
  await saveAnchors(pool, intactHeads);
  return { ok: issues.length === 0, streams, events: Number(events), issues, anchored: intactHeads.length };
}
