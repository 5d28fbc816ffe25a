import type { FastifyContextConfig, FastifyPluginAsync, FastifySchema } from 'fastify';
import { z } from 'zod';

/** One entry of the service map `GET /` answers. */
export type ServiceLink = Readonly<{ rel: string; href: string; title: string; access: string }>;

/**
 * What this service offers a person who opens its root URL. `access` says what each needs: the
 * docs and the dashboard take the dashboard's sign-in (a browser is sent there), the rest a
 * `Authorization: Bearer` key unless public.
 */
export function serviceLinks(docsPublic: boolean): readonly ServiceLink[] {
  const docs = docsPublic ? 'public' : 'an API key (a browser signs in on the dashboard)';
  return [
    {
      rel: 'dashboard',
      href: '/dashboard',
      title: 'Dashboard: retention and after-sales',
      access: 'an API key with scope read (sign-in form)',
    },
    { rel: 'docs', href: '/docs', title: 'API documentation (Swagger UI)', access: docs },
    { rel: 'openapi', href: '/openapi.json', title: 'OpenAPI 3.1 document', access: docs },
    {
      rel: 'asyncapi',
      href: '/asyncapi.json',
      title: 'AsyncAPI 3 document of the integration events',
      access: docsPublic
        ? 'public'
        : 'an API key with scope integrations (a browser signs in on the dashboard)',
    },
    { rel: 'health', href: '/health', title: 'Liveness', access: 'public' },
    {
      rel: 'ready',
      href: '/ready',
      title: 'Readiness: what the service cannot do right now',
      access: 'public',
    },
    {
      rel: 'metrics',
      href: '/metrics',
      title: 'Prometheus metrics',
      access: 'an API key with scope ops (a browser signs in on the dashboard)',
    },
  ];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function renderHome(links: readonly ServiceLink[]): string {
  const items = links
    .map(
      (l) =>
        `<li data-rel="${escapeHtml(l.rel)}"><a href="${escapeHtml(l.href)}">${escapeHtml(l.href)}</a> — ${escapeHtml(l.title)} <small>(${escapeHtml(l.access)})</small></li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>After-sales backend</title><style>body{font:15px/1.5 system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px;color:#1d2433}small{color:#667085}li{margin:6px 0}</style></head><body><h1>After-sales backend</h1><p>The command API and what runs beside it. Commands and reads are under <code>/v1</code> with <code>Authorization: Bearer &lt;key&gt;</code>.</p><ul>${items}</ul></body></html>`;
}

const config = { scope: 'public' } as FastifyContextConfig;
const serviceMap = z
  .object({
    service: z.literal('aftersales'),
    links: z.array(z.object({ rel: z.string(), href: z.string(), title: z.string(), access: z.string() })),
  })
  .meta({
    examples: [
      {
        service: 'aftersales',
        links: [{ rel: 'health', href: '/health', title: 'Liveness', access: 'public' }],
      },
    ],
  });
// A service route: the map in JSON is documented; a browser (`Accept: text/html`) gets it as a page.
const schema: FastifySchema = {
  operationId: 'serviceMap',
  summary: 'The map of this service: docs, documents, dashboard, health, readiness, metrics',
  description: 'JSON by default; an HTML page when `Accept` includes `text/html`.',
  tags: ['service'],
  security: [],
  response: { 200: serviceMap },
};
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

/** `GET /`: a small map of the service, HTML for a browser, JSON otherwise (`Accept: application/json`). */
export const homeRoutes: FastifyPluginAsync<{ docsPublic: boolean }> = async (app, { docsPublic }) => {
  const links = serviceLinks(docsPublic);
  const page = renderHome(links);
  app.get('/', { config, schema }, async (request, reply) => {
    reply.header('vary', 'accept');
    if (String(request.headers.accept ?? '').includes('text/html')) {
      return reply
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .type('text/html; charset=utf-8')
        .send(page);
    }
    return reply.send({ service: 'aftersales', links });
  });
};
