import type { ApiKeyIdentity, ApiKeyRepository, Scope } from '@aftersales/ops';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../http/problem';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a route needs; `public` routes (health, readiness) need no key at all. */
    scope?: Scope | 'public';
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

/**
 * Every route is authenticated unless it says `scope: 'public'`. A missing or unknown key is 401;
 * a known key without the route's scope is 403. Unknown routes still need a key, so probing the
 * URL space tells an anonymous caller nothing.
 */
export const authPlugin = fp<{ apiKeys: ApiKeyRepository; failuresPerMinute?: number }>(
  async (app, { apiKeys, failuresPerMinute = 60 }) => {
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
    app.addHook('onRequest', (request, _reply, done) => {
      const required = request.routeOptions.config.scope;
      if (required === 'public') return done();
      const token = bearerToken(request.headers.authorization);
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
      const known = apiKeys.cached(token);
      // A key in use goes on working whatever else comes from its address.
      if (known) return done(admit(request, known, required));
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
      if (known === null) return done(refused(request, admit(request, null, required)));
      apiKeys
        .authenticate(token)
        .then((identity) => done(refused(request, admit(request, identity, required))), done);
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
