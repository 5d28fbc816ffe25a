import { WrongExpectedRevisionError } from './errors';
import type { ExpectedRevision } from './port';

/** `-1n` stands for "no stream" in the places that need a number. */
export const NO_STREAM_REVISION = -1n;

/** Throws unless `current` (the stream's last revision, -1n when absent) satisfies `expected`. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: bigint): void {
  const exists = current >= 0n;
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && !exists) ||
    (expected === 'stream_exists' && exists) ||
    (typeof expected === 'bigint' && (expected === current || (expected < 0n && !exists)));
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, exists ? current : 'no_stream');
}
