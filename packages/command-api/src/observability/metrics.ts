import type { Span } from '@opentelemetry/api';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';

/** What the admission gauges read (`AdmissionLimit` has these). */
export type AdmissionReadings = Readonly<{ limit: number; inFlight: number; queued: number }>;

/**
 * The API's Prometheus metrics; one registry per app instance (no global default registry). Every
 * name starts with `aftersales_api_`, so they cannot collide with another application's in a
 * shared Prometheus.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'aftersales_api_http_requests_total',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'aftersales_api_http_request_duration_seconds',
    help: 'HTTP request latency by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly appendedEvents = new Counter({
    name: 'aftersales_api_events_appended_total',
    help: 'Events appended to the store by the command API, by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly conflicts = new Counter({
    name: 'aftersales_api_command_conflicts_total',
    help: 'Commands rejected because the stream moved on (If-Match or exhausted retries)',
    registers: [this.registry],
  });
  readonly rejections = new Counter({
    name: 'aftersales_api_command_rejections_total',
    help: 'Requests answered with a problem, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly shed = new Counter({
    name: 'aftersales_api_http_requests_shed_total',
    help: 'Requests refused with 503 because the API was overloaded or the store unreachable',
    registers: [this.registry],
  });

  private admission: AdmissionReadings | undefined;
  /** A gauge of where the adaptive admission limit stands (`http/admission.ts`), read at each scrape. */
  private readonly admissionGauge = (name: string, help: string, read: (a: AdmissionReadings) => number) => {
    const watched = () => this.admission;
    return new Gauge({
      name: `aftersales_api_admission_${name}`,
      help,
      registers: [this.registry],
      collect() {
        const admission = watched();
        if (admission) this.set(read(admission));
      },
    });
  };
  readonly admissionLimit = this.admissionGauge(
    'limit',
    'How many requests the API admits at once now (its adaptive limit)',
    (a) => a.limit,
  );
  readonly admissionInService = this.admissionGauge(
    'in_service',
    'Requests admitted and not yet answered',
    (a) => a.inFlight,
  );
  readonly admissionQueued = this.admissionGauge(
    'queued',
    'Requests waiting for a slot (shed with 503 when their wait ends)',
    (a) => a.queued,
  );

  private storeCheck: (() => Promise<unknown>) | undefined;
  /** Asked at every scrape (not only when something calls /ready), so an idle API still tells. */
  readonly storeUp = new Gauge({
    name: 'aftersales_api_store_up',
    help: 'Whether the event store answered a head read within 2 s at this scrape (1) or not (0)',
    registers: [this.registry],
    collect: async () => {
      const check = this.storeCheck;
      if (!check) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), 2_000);
      });
      const up = await Promise.race([check(), timeout]).then(
        () => 1,
        () => 0,
      );
      clearTimeout(timer);
      this.storeUp.set(up);
    },
  });

  constructor(withDefaults = true) {
    if (withDefaults) collectDefaultMetrics({ register: this.registry, prefix: 'aftersales_api_' });
  }

  /** What the admission gauges read at each scrape. */
  watchAdmission(admission: AdmissionReadings): void {
    this.admission = admission;
  }

  /** The read `aftersales_api_store_up` makes at each scrape. */
  watchStore(check: () => Promise<unknown>): void {
    this.storeCheck = check;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ApiMetrics;
  }
  interface FastifyRequest {
    /** The request's server span, when tracing is on. */
    traceSpan?: Span;
  }
}

export const metricsPlugin = fp<{ metrics: ApiMetrics }>(
  async (app, { metrics }) => {
    app.decorate('metrics', metrics);
    app.addHook('onResponse', (request, reply, done) => {
      // The route template, never the raw URL: ids in paths would explode the label space.
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      done();
    });
    app.get(
      '/metrics',
      {
        // A person may look at it in a browser signed in on the dashboard (a key with scope ops).
        config: { scope: 'ops', browser: true },
        schema: {
          operationId: 'metrics',
          summary: 'Prometheus metrics, in the text exposition format (scope ops)',
          tags: ['service'],
          produces: ['text/plain'],
          response: { 200: z.string().meta({ description: 'Prometheus text exposition format 0.0.4' }) },
        },
      },
      async (_request, reply) => {
        reply.type(metrics.registry.contentType);
        return metrics.registry.metrics();
      },
    );
  },
  { name: 'metrics' },
);
