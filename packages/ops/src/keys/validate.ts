import { badInput } from '../errors';
import { isScope, SCOPES, type Scope } from './api-keys';

const KEY_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** A key's name: lower-case letters, digits, `.`, `_`, `-`; at most 63; names the caller in logs. */
export function requireKeyName(name: unknown): string {
  if (typeof name !== 'string' || !KEY_NAME.test(name)) {
    throw badInput(
      'invalid-key-name',
      'a key name is 1–63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
  return name;
}

/** One or more of the known scopes, each once. */
export function requireScopes(scopes: unknown): Scope[] {
  const list = typeof scopes === 'string' ? scopes.split(',').map((s) => s.trim()) : scopes;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && isScope(s))) {
    throw badInput('invalid-scopes', `scopes are one or more of ${SCOPES.join(', ')}`);
  }
  return [...new Set(list as Scope[])];
}
