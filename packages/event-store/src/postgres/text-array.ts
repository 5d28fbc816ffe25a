/**
 * A list of JSON texts as ONE `text[]` literal. Inside a quoted array element only `"` and `\`
 * are escaped, with a backslash, exactly as JSON.stringify escapes them in a string; and
 * JSON.stringify escapes nothing else in a JSON text, which never holds a raw control character
 * or a lone surrogate. So one native JSON.stringify of the list gives the literal, where the
 * driver would escape element by element in JavaScript (about 5× the CPU; appends pass two such
 * lists, the events' data and metadata). Only for JSON texts: a control character would be
 * written as `\n` or `\u0001`, which the array parser does not read back.
 */
export function jsonTextArray(texts: readonly string[]): string {
  return `{${JSON.stringify(texts).slice(1, -1)}}`;
}
