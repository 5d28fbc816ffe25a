/**
 * The one rule every stored string follows: no NUL or other control character (tab, line feed
 * and carriage return aside) and no unpaired UTF-16 surrogate. Postgres cannot store U+0000 in
 * text or jsonb at all (a customer with one in their name could never be written downstream), and
 * an unpaired surrogate has no UTF-8 form, so it would be silently turned into U+FFFD on the way.
 * Refused at the door, before anything is stored, rather than rewritten.
 */
const isControl = (code: number) =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Why `text` may not be stored, or null when it may. */
export function unsafeTextReason(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code)) {
      return `contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      i += 1;
      continue;
    }
    if (isHighSurrogate(code) || isLowSurrogate(code)) return 'contains an unpaired surrogate';
  }
  return null;
}

/**
 * The first string anywhere in `value` (keys included) that may not be stored, with its path
 * (`lines[0].name`), or null.
 */
export function findUnsafeText(value: unknown, path = ''): { path: string; reason: string } | null {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    return reason === null ? null : { path: path || '(value)', reason };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnsafeText(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const keyReason = unsafeTextReason(key);
      if (keyReason !== null) return { path: at, reason: `has a name that ${keyReason}` };
      const found = findUnsafeText(item, at);
      if (found) return found;
    }
  }
  return null;
}
