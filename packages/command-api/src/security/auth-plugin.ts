import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../http/problem';
import type { ApiKeyIdentity, ApiKeyRepository, Scope } from './api-keys';

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
export const authPlugin = fp<{ apiKeys: ApiKeyRepository }>(
  async (app, { apiKeys }) => {
    app.decorateRequest('apiKey', null);
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
          new HttpProblem(
            401,
            'unauthenticated',
            'an API key is required (Authorization: Bearer <key>)',
            {},
            challenge,
          ),
        );
      const known = apiKeys.cached(token);
      if (known !== undefined) return done(admit(request, known, required));
      apiKeys.authenticate(token).then((identity) => done(admit(request, identity, required)), done);
    });
  },
  { name: 'auth' },
);
