import type { FastifyRequest } from 'fastify';

/** Name of the cookie that carries the API key for a browser after it signed in once. */
export const KEY_COOKIE = 'aftersales_dashboard_key';

export type KeySource = 'header' | 'query' | 'form' | 'cookie';
export type PresentedKey = Readonly<{ key: string; source: KeySource }>;

// Same shape the command API's auth accepts: one token, at most 512 visible characters.
const TOKEN = /^\S{1,512}$/;

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      // A malformed cookie is no credential; the other sources may still hold one.
      return null;
    }
  }
  return null;
}

const single = (value: unknown): string | null =>
  typeof value === 'string' && TOKEN.test(value) ? value : null;

/**
 * The key a request presents, in order of precedence: `Authorization: Bearer` (API clients),
 * a submitted sign-in form, `?key=` (a bookmarked link), then the cookie set by an earlier visit.
 */
export function presentedKey(request: FastifyRequest): PresentedKey | null {
  const header = bearer(request.headers.authorization);
  if (header) return { key: header, source: 'header' };
  const body = request.body;
  if (body instanceof URLSearchParams) {
    const key = single(body.get('key'));
    if (key) return { key, source: 'form' };
  }
  const query = single((request.query as Record<string, unknown> | undefined)?.key);
  if (query) return { key: query, source: 'query' };
  const cookie = single(cookieValue(request.headers.cookie, KEY_COOKIE));
  if (cookie) return { key: cookie, source: 'cookie' };
  return null;
}

/**
 * HttpOnly (no script can read it), SameSite=Strict. Its path is the whole site (`/`): besides
 * the dashboard, the API docs (`/docs`, `/openapi.json`, `/asyncapi.json`) admit it, so a browser
 * signed in once reads them too; every other route ignores it and wants `Authorization: Bearer`.
 */
export function keyCookie(key: string, path: string, secure: boolean, maxAgeSeconds: number): string {
  return [
    `${KEY_COOKIE}=${encodeURIComponent(key)}`,
    `Path=${path}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** Clears the cookie when it holds a key that no longer works. */
export const clearedKeyCookie = (path: string): string =>
  `${KEY_COOKIE}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Strict`;

// A path on this site: one slash (not `//host`, not `/\host`), no scheme, no spaces.
const LOCAL_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]{0,1000}$/;

/** Where to go after signing in (`?next=`), when it is a path on this site; else null. */
export function localReturnPath(value: unknown): string | null {
  return typeof value === 'string' && LOCAL_PATH.test(value) ? value : null;
}
