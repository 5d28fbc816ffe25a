/**
 * What the route schemas cannot say about themselves, added to the generated document in one
 * place: the answers every route can give because of the layers in front of it (431 from the
 * HTTP parser; 401/403 from authentication; 413 and 415 from body parsing; 414 from the router;
 * 429 from the rate limits; 503 from admission), problem answers under their real media type,
 * the `ETag` of commands and reads, the server and licence, and no component left unused.
 */
type Json = Record<string, unknown>;
type Operation = Json & {
  operationId?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses?: Record<string, Json>;
  security?: unknown[];
};
type Document = Json & {
  paths?: Record<string, Record<string, Operation>>;
  components?: Json & { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
  security?: unknown[];
};

const PROBLEM = 'application/problem+json';
const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);
const problemRef = { $ref: '#/components/schemas/Problem' };

/** Answers of the layers in front of every route, by status: [component name, description]. */
const LAYER_ANSWERS: Readonly<Record<string, readonly [string, string]>> = {
  '401': ['Unauthenticated', 'No API key, or one unknown or revoked (`WWW-Authenticate: Bearer`).'],
  '403': ['Forbidden', 'The API key lacks the scope this route needs.'],
  '413': ['ContentTooLarge', 'The body is larger than the configured limit.'],
  '414': ['UriTooLong', 'A path segment is longer than the router accepts.'],
  '415': ['UnsupportedMediaType', 'The body is not `application/json`.'],
  '429': [
    'TooManyRequests',
    'Past the rate limit of the API key, or of failed authentications from the address; see `Retry-After`.',
  ],
  '431': ['HeadersTooLarge', 'The request headers are larger than the server accepts.'],
  '503': [
    'Unavailable',
    'Overloaded (shed by admission) or the store is unavailable; retry after `Retry-After` seconds.',
  ],
};

const etagHeader = {
  ETag: {
    description: 'The revision of the stream after this command, or as read: send it back as `If-Match`.',
    schema: { type: 'string', examples: ['"3"'] },
  },
};

/** Commands and the reads of one stream answer with its revision as `ETag`. */
const answersWithEtag = (path: string, method: string) =>
  !path.startsWith('/v1/ops') &&
  (method !== 'get' || /^\/v1\/(customers|orders|returns|repairs|loyalty|streams)\/\{[^}]+\}$/.test(path));

export function completeDocument(document: Document, serverUrl = '/'): Document {
  const globalSecurity = document.security ?? [];
  const components = { ...(document.components ?? {}) };
  const responses: Record<string, unknown> = { ...(components.responses ?? {}) };
  const used = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const answers: Record<string, Json> = { ...(operation.responses ?? {}) };
      for (const [status, answer] of Object.entries(answers)) {
        if (Number(status) >= 400) answers[status] = asProblem(answer);
      }
      const authenticated = (operation.security ?? globalSecurity).length > 0;
      const layers = ['431'];
      if (authenticated) layers.push('401', '403', '429', '503');
      if (operation.requestBody !== undefined) layers.push('413', '415');
      if ((operation.parameters ?? []).some((p) => p.in === 'path')) layers.push('414');
      for (const status of layers) {
        if (answers[status]) continue;
        const [name, description] = LAYER_ANSWERS[status] as readonly [string, string];
        responses[name] = { description, content: { [PROBLEM]: { schema: problemRef } } };
        answers[status] = { $ref: `#/components/responses/${name}` };
      }
      if (answersWithEtag(path, method)) {
        for (const [status, answer] of Object.entries(answers)) {
          if (status.startsWith('2'))
            answers[status] = { ...answer, headers: { ...etagHeaders(answer), ...etagHeader } };
        }
      }
      item[method] = { ...operation, responses: answers };
      collectRefs(item[method], used);
    }
  }
  components.responses = responses;
  collectRefs(responses, used);
  components.schemas = reachableSchemas(components.schemas ?? {}, used);
  const info = {
    license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    ...(document.info as Json),
  };
  return { ...document, info, servers: [{ url: serverUrl, description: 'This server' }], components };
}

const etagHeaders = (answer: Json) => (answer.headers as Json | undefined) ?? {};

function asProblem(answer: Json): Json {
  const content = answer.content as Record<string, unknown> | undefined;
  if (!content?.['application/json']) return answer;
  const { 'application/json': json, ...rest } = content;
  return { ...answer, content: { ...rest, [PROBLEM]: json } };
}

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/schemas/')) {
        into.add(item.slice('#/components/schemas/'.length));
      } else collectRefs(item, into);
    }
  }
}

/** The schemas the document refers to, directly or through other schemas. */
function reachableSchemas(schemas: Record<string, unknown>, roots: Set<string>): Record<string, unknown> {
  const reachable = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (reachable.has(name) || !(name in schemas)) continue;
    reachable.add(name);
    const found = new Set<string>();
    collectRefs(schemas[name], found);
    pending.push(...found);
  }
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => reachable.has(name)));
}
