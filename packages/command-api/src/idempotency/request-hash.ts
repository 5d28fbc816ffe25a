import { hash } from 'node:crypto';

/** JSON with object keys sorted, so the same body sent with another key order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same" for an idempotency key: method, path and body. */
export function requestHash(method: string, url: string, body: unknown): string {
  return hash('sha256', `${method} ${url}\n${canonical(body)}`, 'hex');
}
