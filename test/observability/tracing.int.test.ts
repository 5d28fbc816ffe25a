import http from 'node:http';
import { startNotifier } from '@aftersales/notifier';
import { allProjections, startProjections } from '@aftersales/projections';
import { startTracing } from '@aftersales/telemetry';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBody } from '../../packages/command-api/test/fixtures';
import { type Harness, startHarness } from '../../packages/command-api/test/harness';
import { uniqueId } from '../support';

/**
 * One command's trace, end to end: the caller's `traceparent` reaches the API, the events carry
 * it, and the projections, the relay and the notifier each add their span to the same trace,
 * exported over OTLP/HTTP to a receiver this test runs (the JSON an OpenTelemetry collector takes).
 */
type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string };
const received: { service: string; span: OtlpSpan }[] = [];
let receiver: http.Server;
let h: Harness;
let stops: (() => Promise<void>)[] = [];
let flush: () => Promise<void>;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const parsed = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: OtlpSpan[] }[];
        }[];
      };
      for (const rs of parsed.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans) for (const span of ss.spans) received.push({ service, span });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  const tracing = startTracing('aftersales-trace-test', {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
  });
  flush = tracing.flush;
  h = await startHarness();
  const log = pino({ level: 'silent' });
  const projections = startProjections({ store: h.store, pool: h.pool, log, projections: allProjections });
  const notifier = await startNotifier({ store: h.store, pool: h.pool, log, dispatcher: { manual: true } });
  stops = [() => notifier.stop(), () => projections.stop(), () => tracing.shutdown()];
});

afterAll(async () => {
  for (const stop of stops) await stop();
  await h?.close();
  receiver?.close();
});

describe('a command traced across the system', () => {
  it('one trace: the API span, and under it the projections, the relay and the notifier', async () => {
    const traceId = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
    const callerSpan = '00f067aa0ba902b7';
    const response = await h.send({
      method: 'POST',
      url: '/v1/customers',
      payload: registerBody(uniqueId('c')),
      headers: { traceparent: `00-${traceId}-${callerSpan}-01`, 'idempotency-key': uniqueId('k') },
    });
    expect(response.statusCode).toBe(201);

    const names = async () => {
      await flush();
      return received.filter((r) => r.span.traceId === traceId).map((r) => r.span.name);
    };
    const deadline = Date.now() + 30_000;
    let seen = await names();
    while (
      Date.now() < deadline &&
      !['project', 'relay publish', 'notifier apply'].every((n) => seen.some((s) => s.startsWith(n)))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = await names();
    }
    expect(seen).toContain('POST /v1/customers');
    expect(seen).toContain('relay publish');
    expect(seen).toContain('notifier apply');
    expect(seen.some((name) => name.startsWith('project '))).toBe(true);

    // The API's span continues the caller's; every other span hangs under the API's.
    const spans = received.filter((r) => r.span.traceId === traceId).map((r) => r.span);
    const server = spans.find((s) => s.name === 'POST /v1/customers') as OtlpSpan;
    expect(server.parentSpanId).toBe(callerSpan);
    for (const span of spans.filter((s) => s !== server))
      expect(span.parentSpanId, span.name).toBe(server.spanId);
  }, 60_000);
});
