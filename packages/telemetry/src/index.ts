import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * Traces across the system, W3C Trace Context all the way: the API continues the caller's
 * `traceparent` (or starts a trace), writes it into the metadata of every event a command
 * appends, and the projections, the relay and the notifier each add a span under it when they
 * handle that event. Export is OTLP over HTTP, on when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set and off otherwise: then nothing is recorded and
 * every helper here costs a flag check. The standard `OTEL_*` variables (sampler, headers,
 * batch sizes) apply as the OpenTelemetry SDK reads them.
 */

let enabled = false;
let provider: NodeTracerProvider | undefined;

export type Tracing = Readonly<{ enabled: boolean; shutdown(): Promise<void>; flush(): Promise<void> }>;

/** Starts tracing for this process when the environment asks for it; idempotent. */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!provider && endpoint && env.OTEL_SDK_DISABLED !== 'true') {
    const url = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${endpoint.replace(/\/$/, '')}/v1/traces`;
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? serviceName }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
    });
    provider.register({ propagator: new W3CTraceContextPropagator() });
    enabled = true;
  }
  const current = provider;
  return {
    enabled,
    flush: async () => {
      await current?.forceFlush();
    },
    shutdown: async () => {
      await current?.shutdown();
    },
  };
}

export const tracingEnabled = () => enabled;

const tracer = () => trace.getTracer('aftersales');

/** The active span's `traceparent`, for event metadata; undefined when tracing is off. */
export function activeTraceparent(): string | undefined {
  if (!enabled) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context a `traceparent` names (the root context when there is none). */
export function contextOf(traceparent: unknown): Context {
  if (typeof traceparent !== 'string') return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** A server span continuing the caller's trace headers; undefined when tracing is off. */
export function startServerSpan(
  name: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  attributes: Readonly<Record<string, string | number>> = {},
): { span: Span; context: Context } | undefined {
  if (!enabled) return undefined;
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer().startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

export function endServerSpan(span: Span | undefined, status: number): void {
  if (!span) return;
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Runs `fn` in `ctx` (so spans and `activeTraceparent` inside it belong there). */
export const runInContext = <T>(ctx: Context, fn: () => T): T => context.with(ctx, fn);

export type HandledEvent = Readonly<{
  traceparent: unknown;
  type: string;
  position: bigint | string;
  streamId?: string;
}>;

/**
 * One span per handled event, child of the span that appended it (its `traceparent`), from
 * `startedAt` to now: how the projections, the relay and the notifier appear in a command's
 * trace. Events without a `traceparent` (written without tracing) get none.
 */
export function recordHandled(
  name: string,
  events: Iterable<HandledEvent>,
  startedAt: number,
  attributes: Readonly<Record<string, string | number>> = {},
): void {
  if (!enabled) return;
  const end = Date.now();
  for (const event of events) {
    if (typeof event.traceparent !== 'string') continue;
    const span = tracer().startSpan(
      name,
      {
        kind: SpanKind.CONSUMER,
        startTime: startedAt,
        attributes: {
          ...attributes,
          'aftersales.event.type': event.type,
          'aftersales.event.position': String(event.position),
          ...(event.streamId ? { 'aftersales.stream': event.streamId } : {}),
        },
      },
      contextOf(event.traceparent),
    );
    span.end(end);
  }
}

const TRACEPARENT_IN_JSON = /"traceparent"\s*:\s*"([0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2})"/;

/** The `traceparent` inside stored metadata text, without parsing it (the relay's path). */
export function traceparentInJson(text: string): string | undefined {
  return TRACEPARENT_IN_JSON.exec(text)?.[1];
}

export type { ProbeAnswer } from './probe-server';
export { listenForProbes } from './probe-server';
