import { cookieValue, KEY_COOKIE } from '@aftersales/dashboard';
import type { ApiKeyIdentity, ApiKeyRepository, Scope } from '@aftersales/ops';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../http/problem';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a route needs; `public` routes (health, readiness) need no key at all. */
    scope?: Scope | 'public';
    /**
     * A page a person reads in a browser (the API docs): besides `Authorization: Bearer`, the
     * dashboard's sign-in cookie admits it, and a browser without a key is sent to sign in.
     */
    browser?: boolean;
  }
  interface FastifyRequest {
    apiKey: ApiKeyIdentity | null;
  }
}

const challenge = { 'www-authenticate': 'Bearer realm="aftersales"' };

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return match?.[1] ?? null;
}

const TOKEN = /^\S{1,512}$/;

/** The key of a request: its Bearer header, or on a browser page the sign-in cookie. */
function presentedToken(request: FastifyRequest): string | null {
  const header = bearerToken(request.headers.authorization);
  if (header || !request.routeOptions.config.browser) return header;
  const cookie = cookieValue(request.headers.cookie, KEY_COOKIE);
  return cookie && TOKEN.test(cookie) ? cookie : null;
}

/** A browser asking for a page (not a script fetching JSON): it can be sent to sign in. */
const isPageVisit = (request: FastifyRequest) =>
  request.routeOptions.config.browser === true &&
  (request.method === 'GET' || request.method === 'HEAD') &&
  String(request.headers.accept ?? '').includes('text/html');

/** 303 to the sign-in page, which brings the browser back here once it has a key. */
function sendToSignIn(request: FastifyRequest, reply: FastifyReply, signInPath: string): void {
  reply
    .code(303)
    .header('cache-control', 'no-store')
    .redirect(`${signInPath}?next=${encodeURIComponent(request.url)}`, 303);
}

/**
 * Every route is authenticated unless it says `scope: 'public'`. A missing or unknown key is 401;
 * a known key without the route's scope is 403. Unknown routes still need a key, so probing the
 * URL space tells an anonymous caller nothing. Routes marked `browser` (the API docs) also take
 * the dashboard's sign-in cookie, and send a browser page visit without a working key to
 * `signInPath` (default `/dashboard`), which brings it back after signing in.
 */
export const authPlugin = fp<{ apiKeys: ApiKeyRepository; failuresPerMinute?: number; signInPath?: string }>(
  async (app, { apiKeys, failuresPerMinute = 60, signInPath = '/dashboard' }) => {
    app.decorateRequest('apiKey', null);
    // Guessing keys costs a lookup each: past the budget of failures, an address gets 429 at once.
    const failures = new FailureBudget(failuresPerMinute, 60_000);
    const refused = (request: FastifyRequest, problem: HttpProblem | undefined) => {
      if (problem?.status === 401) failures.spend(request.ip);
      return problem;
    };
    /** Admits the request, or says why not. */
    const admit = (
      request: FastifyRequest,
      identity: ApiKeyIdentity | null,
      required: Scope | undefined,
    ): HttpProblem | undefined => {
      if (!identity)
        return new HttpProblem(401, 'invalid-api-key', 'the API key is unknown or revoked', {}, challenge);
      request.apiKey = identity;
      if (required && !identity.scopes.includes(required)) {
        return new HttpProblem(403, 'insufficient-scope', `this route needs the scope ${required}`, {
          requiredScope: required,
        });
      }
      return undefined;
    };
    // Callback style: a key seen in the last seconds is answered from the cache without a promise.
    app.addHook('onRequest', (request, reply, done) => {
      const required = request.routeOptions.config.scope;
      if (required === 'public') return done();
      const token = presentedToken(request);
      // Answered here, so `done` is not called: a browser without a key goes to sign in.
      if (!token && isPageVisit(request)) return sendToSignIn(request, reply, signInPath);
      if (!token)
        return done(
          refused(
            request,
            new HttpProblem(
              401,
              'unauthenticated',
              'an API key is required (Authorization: Bearer <key>)',
              {},
              challenge,
            ),
          ),
        );
      // A page visit whose cookie holds a key that no longer works goes to sign in as well.
      const finish = (problem: HttpProblem | undefined) =>
        problem?.status === 401 && isPageVisit(request)
          ? sendToSignIn(request, reply, signInPath)
          : done(problem);
      const known = apiKeys.cached(token);
      // A key in use goes on working whatever else comes from its address.
      if (known) return finish(admit(request, known, required));
      const waitSeconds = failures.exhausted(request.ip);
      if (waitSeconds !== null) {
        return done(
          new HttpProblem(
            429,
            'too-many-authentication-failures',
            `too many failed authentications from this address; retry in ${waitSeconds} s`,
            {},
            { 'retry-after': String(waitSeconds) },
          ),
        );
      }
      if (known === null) return finish(refused(request, admit(request, null, required)));
      apiKeys
        .authenticate(token)
        .then((identity) => finish(refused(request, admit(request, identity, required))), done);
    });
  },
  { name: 'auth' },
);

/** Failures per client address in fixed windows; bounded, the oldest addresses forgotten first. */
class FailureBudget {
  private readonly windows = new Map<string, { startedAt: number; spent: number }>();
  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Seconds until the address may try again, or null while it has budget left. */
  exhausted(address: string, now = Date.now()): number | null {
    const window = this.windows.get(address);
    if (!window || now - window.startedAt >= this.windowMs || window.spent < this.perWindow) return null;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
  }

  spend(address: string, now = Date.now()): void {
    const window = this.windows.get(address);
    if (window && now - window.startedAt < this.windowMs) {
      window.spent += 1;
      return;
    }
    this.windows.delete(address);
    this.windows.set(address, { startedAt: now, spent: 1 });
    if (this.windows.size > this.maxAddresses) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }
}
