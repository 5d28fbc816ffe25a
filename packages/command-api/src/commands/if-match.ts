import { HttpProblem } from '../http/problem';

/** `ETag` carries the stream revision as a strong entity tag: `"3"`. */
export const etagOf = (revision: bigint): string => `"${revision}"`;

/**
 * `If-Match: "3"` (or a bare `3`) → expected revision 3n; `"-1"` → the stream must not exist yet.
 * Anything else is a 400: guessing would turn a caller's mistake into a silent overwrite.
 */
export function parseIfMatch(header: string | undefined): bigint | 'no_stream' | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:"(-?\d{1,15})"|(-?\d{1,15}))\s*$/.exec(header);
  const digits = match?.[1] ?? match?.[2];
  if (digits === undefined) {
    throw new HttpProblem(400, 'invalid-if-match', 'If-Match must be a stream revision such as "3"');
  }
  const revision = BigInt(digits);
  if (revision < -1n) throw new HttpProblem(400, 'invalid-if-match', 'If-Match revision must be -1 or more');
  return revision === -1n ? 'no_stream' : revision;
}
