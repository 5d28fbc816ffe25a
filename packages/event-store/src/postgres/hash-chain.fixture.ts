import type pg from 'pg';
import { computeEventHash } from '../hash';

/**
 * For tests: every stored row of the streams matching `streamPattern` (a LIKE pattern) beside
 * the hash `computeEventHash` gives it, chained per stream from revision 0.
 */
export async function storedAndRecomputedHashes(
  client: pg.ClientBase,
  streamPattern: string,
): Promise<{ streamId: string; revision: bigint; stored: string; recomputed: string }[]> {
  const { rows } = await client.query<{
    stream_id: string;
    revision: string;
    type: string;
    data: unknown;
    metadata: unknown;
    hash: string;
  }>(
    `SELECT stream_id, revision::text, type, data, metadata, encode(hash, 'hex') AS hash
       FROM event_store.events WHERE stream_id LIKE $1 ORDER BY stream_id, revision`,
    [streamPattern],
  );
  const previous = new Map<string, string>();
  return rows.map((row) => {
    const recomputed = computeEventHash({
      previousHash: previous.get(row.stream_id) ?? '',
      streamId: row.stream_id,
      revision: BigInt(row.revision),
      type: row.type,
      data: row.data,
      metadata: row.metadata,
    });
    previous.set(row.stream_id, recomputed);
    return { streamId: row.stream_id, revision: BigInt(row.revision), stored: row.hash, recomputed };
  });
}
