import http from 'node:http';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PublisherHandle } from './nats/publisher';
import type { DeliveryObserver, DispatcherHandle } from './webhooks/dispatcher';

export type ReadinessCheck = Readonly<{ name: string; ok: boolean; detail?: string }>;
export type Readiness = Readonly<{ ready: boolean; checks: readonly ReadinessCheck[] }>;

export type ServiceParts = Readonly<{
  pool: pg.Pool;
  publisher?: PublisherHandle;
  dispatcher?: DispatcherHandle;
  /** No progress for this long while work waits: not ready. */
  stallMs: number;
  /** The head of the log, to tell a publisher that is behind without moving. */
  head: () => Promise<bigint>;
}>;

const within = <T>(promise: Promise<T>, what: string, ms = 2_000) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms).unref(),
    ),
  ]);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Ready when the database answers, the publisher's NATS connection is up, its publishes succeed
 * and it is not behind the log without moving, and the dispatcher's rounds succeed. A
 * dispatcher standing by (another process holds the lock) is ready and says so.
 */
export async function readiness(parts: ServiceParts, now = Date.now()): Promise<Readiness> {
  const checks: ReadinessCheck[] = [];
  try {
    await within(parts.pool.query('SELECT 1'), 'database');
    checks.push({ name: 'database', ok: true });
  } catch (err) {
    checks.push({ name: 'database', ok: false, detail: message(err) });
  }
  if (parts.publisher) {
    const s = parts.publisher.status();
    checks.push(
      s.bus === 'connected'
        ? { name: 'publisher-bus', ok: true }
        : { name: 'publisher-bus', ok: false, detail: `NATS ${s.bus}` },
    );
    checks.push(
      s.publishFailing
        ? { name: 'publisher-publish', ok: false, detail: 'publishes are failing' }
        : { name: 'publisher-publish', ok: true },
    );
    const head = await within(parts.head(), 'store').catch(() => undefined);
    const stalled = head !== undefined && head > s.position && now - s.lastAdvanceAt > parts.stallMs;
    checks.push(
      stalled
        ? {
            name: 'publisher-progress',
            ok: false,
            detail: `at ${s.position}, log at ${head}, no progress for ${Math.round((now - s.lastAdvanceAt) / 1000)} s`,
          }
        : { name: 'publisher-progress', ok: true },
    );
  }
  if (parts.dispatcher) {
    const d = parts.dispatcher.status();
    checks.push(
      d.failing
        ? { name: 'webhook-dispatcher', ok: false, detail: 'its rounds are failing' }
        : {
            name: 'webhook-dispatcher',
            ok: true,
            detail:
              d.role === 'standby'
                ? 'standing by: another process delivers'
                : `delivering to ${d.subscriptions} subscriptions`,
          },
    );
  }
  return { ready: checks.every((c) => c.ok), checks };
}

/** Prometheus metrics, every name `aftersales_integrations_*`. */
export class IntegrationsMetrics {
  readonly registry = new Registry();
  readonly published = new Counter({
    name: 'aftersales_integrations_published_total',
    help: 'Integration events published to NATS, by type',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly attempts = new Counter({
    name: 'aftersales_integrations_webhook_attempts_total',
    help: 'Webhook delivery attempts, by outcome (delivered, failed)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'aftersales_integrations_webhook_dead_letters_total',
    help: 'Events dead-lettered after the retry period',
    registers: [this.registry],
  });
  readonly disabled = new Counter({
    name: 'aftersales_integrations_webhook_disabled_total',
    help: 'Subscriptions disabled because their receiver answered 410 Gone',
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'aftersales_integrations_webhook_latency_seconds',
    help: 'From the append of an event (store time) to its accepted delivery',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 3_600, 86_400],
    registers: [this.registry],
  });
  readonly ready = new Gauge({
    name: 'aftersales_integrations_ready',
    help: '1 when ready',
    registers: [this.registry],
  });
  readonly publisherPosition = new Gauge({
    name: 'aftersales_integrations_publisher_position',
    help: 'The log position up to which integration events are published',
    registers: [this.registry],
  });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'aftersales_integrations_' });
  }

  /** What the dispatcher reports, counted here. */
  observer(): DeliveryObserver {
    return {
      attempted: (o) => this.attempts.inc({ outcome: o.ok ? 'delivered' : 'failed' }),
      delivered: (_event, recordedAt, deliveredAt) =>
        this.latency.observe(Math.max(0, deliveredAt.getTime() - recordedAt.getTime()) / 1000),
      deadLettered: () => this.deadLetters.inc(),
      disabled: () => this.disabled.inc(),
    };
  }
}

/** `/health`, `/ready` (every check) and `/metrics` on `port`; `parts` as they are now. */
export async function startServiceServer(
  port: number,
  current: () => ServiceParts,
  metrics: IntegrationsMetrics,
  log: Logger,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const parts = current();
    const answer = async (): Promise<[number, string, string]> => {
      if (path === '/health') return [200, 'application/json', '{"status":"ok"}'];
      if (path === '/ready') {
        const r = await readiness(parts);
        metrics.ready.set(r.ready ? 1 : 0);
        return [r.ready ? 200 : 503, 'application/json', JSON.stringify(r)];
      }
      if (path === '/metrics') {
        const position = parts.publisher?.status().position;
        if (position !== undefined) metrics.publisherPosition.set(Number(position));
        return [200, metrics.registry.contentType, await metrics.registry.metrics()];
      }
      return [404, 'application/json', '{"status":404}'];
    };
    answer().then(
      ([status, type, body]) => res.writeHead(status, { 'content-type': type }).end(body),
      (err: unknown) => {
        log.warn({ err }, 'health check failed');
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"ready":false}');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
