import { WrongExpectedRevisionError } from './errors';
import type { ExpectedRevision } from './port';

/** `-1n` stands for "no stream" in the places that need a number. */
export const NO_STREAM_REVISION = -1n;

/** Whether `current` (the stream's last revision, -1n when absent) satisfies `expected`. */
export function isExpectedRevision(expected: ExpectedRevision, current: bigint): boolean {
  const exists = current >= 0n;
  return (
    expected === 'any' ||
    (expected === 'no_stream' && !exists) ||
    (expected === 'stream_exists' && exists) ||
    (typeof expected === 'bigint' && (expected === current || (expected < 0n && !exists)))
  );
}

/** Throws unless `current` (the stream's last revision, -1n when absent) satisfies `expected`. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: bigint): void {
  if (!isExpectedRevision(expected, current)) {
    throw new WrongExpectedRevisionError(streamId, expected, current >= 0n ? current : 'no_stream');
  }
}
