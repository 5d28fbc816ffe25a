import type { Socket } from 'node:net';
import { dashboardRoutes } from '@aftersales/dashboard';
import { defaultRulesTimeline, findUnsafeText, type RulesTimeline } from '@aftersales/domain';
import { type EventStore, StreamQueue, StreamStateCache } from '@aftersales/event-store';
import { ApiKeyRepository, type LivePolicy, type Operations, opsRoutes } from '@aftersales/ops';
import { endServerSpan, runInContext, startServerSpan } from '@aftersales/telemetry';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  LogController,
  type RouteOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { CommandDeps } from './commands/command-route';
import { type ApiConfig, defaultApiConfig } from './config';
import { backpressurePlugin } from './http/backpressure';
import { clientsPlugin } from './http/clients-plugin';
import { CORRELATION_HEADER, correlationIdOf } from './http/correlation';
import { createProblemSender, errorsPlugin } from './http/errors-plugin';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemType, statusTitle } from './http/problem';
import { postgresRateLimitStore } from './http/rate-limit-store';
import { idempotencyPlugin } from './idempotency/idempotency-plugin';
import { ApiMetrics, metricsPlugin } from './observability/metrics';
import { openApiPlugin } from './openapi/openapi-plugin';
import { caseRoutes } from './routes/cases';
import { customerRoutes } from './routes/customers';
import { deskListRoutes } from './routes/desk/lists';
import { deskSearchRoutes } from './routes/desk/search';
import { feedbackRoutes } from './routes/feedback';
import { healthRoutes } from './routes/health';
import { homeRoutes } from './routes/home';
import { type IntegrationRoutesOptions, integrationRoutes } from './routes/integrations';
import { loyaltyRoutes } from './routes/loyalty';
import { orderRoutes } from './routes/orders';
import { readRoutes } from './routes/reads';
import { repairRoutes } from './routes/repairs';
import { returnRoutes } from './routes/returns';
import { storeCreditRoutes } from './routes/store-credit';
import { streamRoutes } from './routes/streams';
import { authPlugin } from './security/auth-plugin';

export type AppDeps = Readonly<{
  store: EventStore;
  /** Postgres holding the API's own tables (keys, idempotency records); see `migrateApiSchema`. */
  pool: pg.Pool;
  config?: Partial<ApiConfig>;
  /** A fixed rules timeline (tests); `policy` wins when both are given. */
  rules?: RulesTimeline;
  /** The `policy` stream as this process follows it: every decision reads its current timeline. */
  policy?: LivePolicy;
  /** The server clock; tests pass a fixed one. */
  now?: () => Date;
  /** false for silence (tests); default: pino JSON on stdout at `config.logLevel`. */
  logger?: false;
  /** Where the JSON log lines go (default stdout). */
  logStream?: { write: (line: string) => void };
  metrics?: ApiMetrics;
  /** Serve /openapi.json and /docs without a key. */
  docsPublic?: boolean;
  /** The operations (`/v1/ops/...`, scope `ops`): history, timeline, export, verify, forget, rebuild. */
  ops?: Operations;
  /** The API keys (default: the `api_keys` table in `pool`); share it with `ops` so a key revoked there stops here at once. */
  apiKeys?: ApiKeyRepository;
  /** Folded states of recently used streams (default: a new cache; false: always read). */
  streamCache?: StreamStateCache | false;
  /** The subjects and server the AsyncAPI document names (`integrationsConfigFromEnv`). */
  asyncApi?: IntegrationRoutesOptions['asyncApi'];
  /** Webhook target rules and secret overlap (`webhookPolicyOf(integrationsConfigFromEnv())`). */
  webhooks?: IntegrationRoutesOptions['webhooks'];
  /** Sees every route as it is registered (a test compares them with the OpenAPI document). */
  onRoute?: (route: RouteOptions) => void;
}>;

/** Builds the API without listening: `server.ts` listens, tests use `app.inject()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const config: ApiConfig = { ...defaultApiConfig, ...deps.config };
  const metrics = deps.metrics ?? new ApiMetrics();
  metrics.watchStore(() => deps.store.headPosition());
  const apiKeys = deps.apiKeys ?? new ApiKeyRepository(deps.pool);
  const sendProblem = createProblemSender({
    retryAfterSeconds: config.retryAfterSeconds,
    onProblem: (mapped) => {
      metrics.rejections.inc({ code: mapped.code });
      if (mapped.conflict) metrics.conflicts.inc();
      if (mapped.status === 503) metrics.shed.inc();
    },
  });
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Keys and personal data never reach the log: no headers, bodies or client addresses,
      // only the method, the path (caller ids, no personal fields) and the status.
      serializers: {
        // A dashboard link carries its key as `?key=`, a careless client as `?api_key=` or a
        // token: any query parameter named like a credential is redacted here.
        req: (req: { method: string; url: string }) => ({
          method: req.method,
          url: redactCredentials(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    bodyLimit: config.bodyLimitBytes,
    genReqId: correlationIdOf,
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    requestIdHeader: false,
    return503OnClosing: true,
    // Router and content-type errors (too long a path segment, bad URL) as problems too.
    frameworkErrors: (err, request, reply) => sendProblem(err, request, reply),
    // And what Node's HTTP parser refuses before any route is found (too large headers, broken
    // requests): answered on the socket itself, still as problem+json.
    clientErrorHandler: answerClientError,
    routerOptions: { maxParamLength: 500 },
  });
  const { onRoute } = deps;
  if (onRoute) app.addHook('onRoute', (route) => onRoute(route));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Callback-style hooks where there is nothing to await: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(CORRELATION_HEADER, request.id);
    // Tracing (when on): the caller's `traceparent` continued, the rest of the request inside it,
    // so the events a command appends carry this span's `traceparent` in their metadata.
    const server = startServerSpan(
      `${request.method} ${request.routeOptions.url ?? 'unknown route'}`,
      request.headers,
      {
        'http.request.method': request.method,
        'aftersales.correlation_id': request.id,
      },
    );
    if (!server) return done();
    request.traceSpan = server.span;
    runInContext(server.context, done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    endServerSpan(request.traceSpan, reply.statusCode);
    done();
  });
  await app.register(errorsPlugin, { send: sendProblem });
  // Before anything is validated, claimed or stored: one rule for every string (see the domain's
  // `text.ts`), wherever in the request it comes.
  app.addHook('preValidation', (request, _reply, done) => {
    const found =
      findUnsafeText(request.body, 'body') ??
      findUnsafeText(request.params, 'path') ??
      findUnsafeText(request.query, 'query');
    if (!found) return done();
    done(new HttpProblem(400, 'invalid-text', `${found.path} ${found.reason}`, { field: found.path }));
  });
  await app.register(backpressurePlugin, {
    maxInFlight: config.maxInFlight,
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
    retryAfterSeconds: config.retryAfterSeconds,
  });
  await app.register(authPlugin, { apiKeys, failuresPerMinute: config.authFailuresPerMinute });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    // Counted in Postgres, so the limit holds across replicas; a store that cannot answer lets
    // the request through (what it does next fails on its own, with a clear answer).
    store: postgresRateLimitStore(deps.pool),
    skipOnError: true,
    // Per API key, across all routes: one noisy client cannot starve the others.
    keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.name}` : `ip:${request.ip}`),
    allowList: (request) => request.routeOptions.config.scope === 'public',
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        429,
        'rate-limited',
        `at most ${context.max} requests per minute per key`,
        {},
        {
          'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))),
        },
      ),
  });
  await app.register(idempotencyPlugin, {
    pool: deps.pool,
    retentionHours: config.idempotencyRetentionHours,
  });
  // The document first: it lists the routes registered after it, /metrics included.
  await app.register(openApiPlugin, { docsPublic: deps.docsPublic ?? false });
  await app.register(metricsPlugin, { metrics });
  metrics.watchAdmission(app.admission);

  const fixedRules = deps.rules ?? defaultRulesTimeline;
  const { policy } = deps;
  const commandDeps: CommandDeps = {
    store: deps.store,
    // Read on every decision: a policy change applies without a restart.
    get rules() {
      return policy ? policy.timeline : fixedRules;
    },
    now: deps.now ?? (() => new Date()),
    metrics,
    ...(deps.streamCache === false ? {} : { streamCache: deps.streamCache ?? new StreamStateCache() }),
    streamQueue: new StreamQueue(),
  };
  await app.register(clientsPlugin, { store: deps.store, pool: deps.pool, commands: commandDeps });
  const features: FastifyPluginAsync[] = [
    healthRoutes,
    customerRoutes,
    orderRoutes,
    returnRoutes,
    repairRoutes,
    feedbackRoutes,
    loyaltyRoutes,
    storeCreditRoutes,
    caseRoutes,
    deskSearchRoutes,
    deskListRoutes,
    readRoutes,
    streamRoutes,
  ];
  for (const feature of features) await app.register(feature);
  await app.register(homeRoutes, { docsPublic: deps.docsPublic ?? false });
  await app.register(integrationRoutes, {
    docsPublic: deps.docsPublic ?? false,
    ...(deps.asyncApi ? { asyncApi: deps.asyncApi } : {}),
    ...(deps.webhooks ? { webhooks: deps.webhooks } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  if (deps.ops) await app.register(opsRoutes, { ops: deps.ops });
  // The dashboard checks its key itself (header, link or cookie), with scope `read`.
  await app.register(dashboardRoutes, { pool: deps.pool, authenticate: (key) => apiKeys.authenticate(key) });
  return app;
}

const CREDENTIAL_PARAM = /([?&][^=&#]*(?:key|token|secret|password|email|phone)=)[^&#]*/gi;

/**
 * The URL with the value of every credential-like query parameter replaced, and of the contact
 * details a support-desk search may carry (`GET /v1/customers?email=`): personal data stays out
 * of the logs.
 */
export function redactCredentials(url: string): string {
  return url.includes('?') ? url.replace(CREDENTIAL_PARAM, '$1[redacted]') : url;
}

/** A request Node's HTTP parser refused: 431 for too large headers, else 400, as problem+json. */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy(err);
    return;
  }
  const [status, code, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers-too-large', 'the request headers are larger than the server accepts']
      : [400, 'malformed-request', 'the request is not valid HTTP/1.1'];
  const body = JSON.stringify({
    type: problemType(code),
    title: statusTitle(status),
    status,
    code,
    detail,
  });
  socket.end(
    `HTTP/1.1 ${status} ${statusTitle(status)}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
