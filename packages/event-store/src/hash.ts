import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export type HashedEvent = Readonly<{
  /** Hex SHA-256 of the stream's previous event; `''` for revision 0. */
  previousHash: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  /** The metadata as appended (without the store's `recordedAt`). */
  metadata: unknown;
}>;

/**
 * The chained integrity hash of one event, as the PostgreSQL store writes it at append and the
 * operations `verify` command recomputes it: SHA-256 over the previous hash, stream id, revision,
 * type and the canonical JSON of data and metadata, joined by newlines. Stream ids and types
 * cannot hold control characters and canonical JSON never holds a raw newline, so the joined text
 * is unambiguous. The SQL side (`postgres/schema.ts`) must stay byte-for-byte in step with this.
 */
export function computeEventHash(event: HashedEvent): string {
  const text = [
    event.previousHash,
    event.streamId,
    event.revision.toString(),
    event.type,
    canonicalJson(event.data),
    canonicalJson(event.metadata),
  ].join('\n');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
