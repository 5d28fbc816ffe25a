/**
 * Plain JSON for operator output: domain states hold Maps, Sets and bigints, which
 * `JSON.stringify` would drop or reject. Maps become objects (string keys) or entry lists.
 */
export function toPlainJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) {
    const entries = [...value.entries()];
    return entries.every(([key]) => typeof key === 'string')
      ? Object.fromEntries(entries.map(([key, member]) => [key, toPlainJson(member)]))
      : entries.map(([key, member]) => [toPlainJson(key), toPlainJson(member)]);
  }
  if (value instanceof Set) return [...value].map(toPlainJson);
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .map(([key, member]) => [key, toPlainJson(member)]),
    );
  }
  return value;
}

export const stringifyPlain = (value: unknown, indent?: number) =>
  JSON.stringify(toPlainJson(value), null, indent);
