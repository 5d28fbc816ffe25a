import type {
  FastifyContextConfig,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
} from 'fastify';
import type { Pool } from 'pg';
import { readDashboard } from '../data/dashboard-data';
import { isLang, type Lang } from '../i18n/format';
import { textsFor } from '../i18n/texts';
import { renderDashboard, renderSignIn } from '../render/page';
import { clearedKeyCookie, keyCookie, localReturnPath, type PresentedKey, presentedKey } from './credentials';

/** What an API key resolves to; the command API's `ApiKeyRepository.authenticate` returns this shape. */
export type KeyIdentity = Readonly<{ scopes: readonly string[] }>;

export type DashboardRoutesOptions = Readonly<{
  /** Postgres holding the read models (`bi`, `projections`, `notifier` schemas). */
  pool: Pool;
  /** Resolves a presented API key; null when it is unknown or revoked. */
  authenticate: (key: string) => Promise<KeyIdentity | null>;
  /** Scope the page needs. Default `read`. */
  scope?: string;
  /** Where the page is served. Default `/dashboard`. */
  path?: string;
  /** The key cookie's path. Default `/`: the API docs admit it too (see `credentials.ts`). */
  cookiePath?: string;
  /** How long the browser keeps the key cookie. Default 8 hours. */
  cookieMaxAgeSeconds?: number;
  /** Mark the cookie `Secure`. Default: when the request came over https. */
  secureCookie?: boolean;
  now?: () => Date;
}>;

// The command API's global auth hook reads `config.scope`: `public` makes it step aside, because
// this plugin authenticates by itself (a browser cannot send an Authorization header).
const config = { scope: 'public' } as FastifyContextConfig;
// An HTML page, not part of the HTTP contract: kept out of the OpenAPI document (@fastify/swagger).
const schema = { hide: true } as FastifySchema;

// Nothing but the inline stylesheet may load: no script, no remote font, image or frame.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function languageOf(request: FastifyRequest): Lang {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(asked)) return asked;
  const accepted = String(request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return accepted.find(isLang) ?? 'en';
}

const wantsHtml = (request: FastifyRequest) =>
  request.method === 'POST' || String(request.headers.accept ?? '').includes('text/html');

/**
 * The dashboard: `GET {path}` renders one server-side HTML page with inline SVG charts from the
 * read models. Needs an API key with scope `read`, from `Authorization: Bearer`, `?key=`, the
 * sign-in form (`POST {path}`) or the HttpOnly cookie the last two set. Without a valid key the
 * answer is 401 (403 without the scope) and carries no figure. `?next=/a/local/path`: where the
 * browser goes once signed in (the API docs send a browser without a key here).
 */
export const dashboardRoutes: FastifyPluginAsync<DashboardRoutesOptions> = async (app, options) => {
  const path = options.path ?? '/dashboard';
  const scope = options.scope ?? 'read';
  const cookiePath = options.cookiePath ?? '/';
  const maxAge = options.cookieMaxAgeSeconds ?? 8 * 60 * 60;
  const now = options.now ?? (() => new Date());

  // The sign-in form posts urlencoded; parsed here only, inside this plugin's scope.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, new URLSearchParams(String(body))),
  );

  function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    status: 401 | 403,
    lang: Lang,
    from?: PresentedKey,
  ) {
    const t = textsFor[lang];
    const notice = status === 403 ? t.missingScope : from ? t.invalidKey : null;
    reply.code(status).header('cache-control', 'no-store');
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="aftersales"');
    if (from?.source === 'cookie') {
      // The cookie of an earlier version was scoped to the dashboard's path: both go.
      const paths = [...new Set([cookiePath, path])];
      reply.header('set-cookie', paths.map(clearedKeyCookie));
    }
    if (!wantsHtml(request)) {
      return reply.type('application/problem+json').send({
        type: `urn:aftersales:problem:${status === 401 ? 'unauthenticated' : 'insufficient-scope'}`,
        title: status === 401 ? 'Unauthorized' : 'Forbidden',
        status,
        code: status === 401 ? 'unauthenticated' : 'insufficient-scope',
        detail:
          status === 401
            ? 'an API key with the scope read is required'
            : `this page needs the scope ${scope}`,
      });
    }
    return reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .type('text/html; charset=utf-8')
      .send(renderSignIn(lang, notice));
  }

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    const lang = languageOf(request);
    const presented = presentedKey(request);
    if (!presented) return refuse(request, reply, 401, lang);
    const identity = await options.authenticate(presented.key);
    if (!identity) return refuse(request, reply, 401, lang, presented);
    if (!identity.scopes.includes(scope)) return refuse(request, reply, 403, lang, presented);

    // A key typed into the form or carried in a link moves into the cookie, and the browser is
    // sent to the plain URL so the key does not stay in the address bar or its history; or back to
    // the page that sent it here to sign in (`?next=/docs`).
    if (presented.source === 'form' || presented.source === 'query') {
      const secure = options.secureCookie ?? request.protocol === 'https';
      const next = localReturnPath((request.query as Record<string, unknown> | undefined)?.next);
      return reply
        .code(303)
        .header('set-cookie', keyCookie(presented.key, cookiePath, secure, maxAge))
        .header('cache-control', 'no-store')
        .redirect(next ?? `${path}?lang=${lang}`, 303);
    }
    const data = await readDashboard(options.pool, now());
    return reply
      .header('cache-control', 'no-store')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(renderDashboard(data, lang));
  }

  app.get(path, { config, schema }, handle);
  app.post(path, { config, schema }, handle);
};
