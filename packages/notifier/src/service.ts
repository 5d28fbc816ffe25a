import type http from 'node:http';
import type { EventStore } from '@aftersales/event-store';
import { listenForProbes } from '@aftersales/telemetry';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { NotifierHandle } from './notifier';
import type { RelayHandle } from './relay/relay';
import type { Outcome } from './scheduler/store';

/** One thing readiness looked at: what it found, and why it is not ready when it is not. */
export type ReadinessCheck = Readonly<{ name: string; ok: boolean; detail?: string }>;
export type Readiness = Readonly<{ ready: boolean; checks: readonly ReadinessCheck[] }>;

export type ServiceParts = Readonly<{
  pool: pg.Pool;
  store: EventStore;
  relay?: RelayHandle;
  notifier?: NotifierHandle;
  /** Work waiting and no progress for this long: not ready. */
  stallMs: number;
  log: Logger;
}>;

const PROBE_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${PROBE_TIMEOUT_MS} ms`)),
      PROBE_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Readiness true to what the process can do: its database answers; its NATS connection is up;
 * the relay publishes and is not behind the log without moving; the consumer is not sitting on
 * undelivered messages without progress; the dispatcher's last batch did not fail. Every check
 * is reported, ready or not, so an operator sees which one failed.
 */
export async function readiness(parts: ServiceParts, now = Date.now()): Promise<Readiness> {
  const checks: ReadinessCheck[] = [];
  try {
    await within(parts.pool.query('SELECT 1'), 'database');
    checks.push({ name: 'database', ok: true });
  } catch (err) {
    checks.push({ name: 'database', ok: false, detail: message(err) });
  }
  if (parts.relay) {
    const relay = parts.relay.status();
    checks.push(
      relay.bus === 'connected'
        ? { name: 'relay-bus', ok: true }
        : { name: 'relay-bus', ok: false, detail: `NATS ${relay.bus}` },
    );
    if (relay.publishFailing)
      checks.push({ name: 'relay-publish', ok: false, detail: 'publishes failing, repeating' });
    try {
      const head = await within(parts.store.headPosition(), 'event store');
      const stalledFor = now - relay.lastAdvanceAt;
      const behind = head > relay.watermark && stalledFor > parts.stallMs;
      checks.push(
        behind
          ? {
              name: 'relay-progress',
              ok: false,
              detail: `behind the log (at ${relay.watermark}, log at ${head}) and not moving for ${Math.round(stalledFor / 1000)} s`,
            }
          : { name: 'relay-progress', ok: true },
      );
    } catch (err) {
      checks.push({ name: 'relay-progress', ok: false, detail: message(err) });
    }
  }
  if (parts.notifier) {
    const status = parts.notifier.status();
    checks.push(
      status.bus === 'connected'
        ? { name: 'consumer-bus', ok: true }
        : { name: 'consumer-bus', ok: false, detail: `NATS ${status.bus}` },
    );
    const idleFor = now - status.consumer.lastProgressAt;
    let waiting = status.consumer.queued;
    try {
      waiting += (await within(parts.notifier.backlog(), 'JetStream consumer info')) ?? 0;
      if (waiting > 0 && idleFor > parts.stallMs) {
        checks.push({
          name: 'consumer-progress',
          ok: false,
          detail: `${waiting} messages waiting and none handled for ${Math.round(idleFor / 1000)} s`,
        });
      } else if (status.consumer.failing && idleFor > parts.stallMs) {
        checks.push({ name: 'consumer-progress', ok: false, detail: 'every recent message failed' });
      } else {
        checks.push({ name: 'consumer-progress', ok: true });
      }
    } catch (err) {
      checks.push({ name: 'consumer-progress', ok: false, detail: message(err) });
    }
    const d = status.dispatcher;
    checks.push(
      !d.running
        ? { name: 'dispatcher', ok: false, detail: 'stopped' }
        : d.failing
          ? { name: 'dispatcher', ok: false, detail: 'last batch failed, retrying' }
          : { name: 'dispatcher', ok: true },
    );
  }
  return { ready: checks.every((c) => c.ok), checks };
}

/** The notifier's Prometheus metrics, every name prefixed `aftersales_notifier_`. */
export class NotifierMetrics {
  readonly registry = new Registry();
  private readonly handled: Counter;
  private readonly deadLetters: Counter;
  private readonly decisions: Counter;
  private parts: ServiceParts | undefined;
  private lastReady: { at: number; value: Promise<Readiness> } | undefined;

  constructor() {
    const registry = this.registry;
    collectDefaultMetrics({ register: registry, prefix: 'aftersales_notifier_' });
    this.handled = new Counter({
      name: 'aftersales_notifier_events_handled_total',
      help: 'Events the consumer applied (each once; repeats from the bus not counted)',
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'aftersales_notifier_dead_letters_total',
      help: 'Messages the consumer gave up on and wrote to notifier.dead_letters',
      labelNames: ['event_type'] as const,
      registers: [registry],
    });
    this.decisions = new Counter({
      name: 'aftersales_notifier_decisions_total',
      help: 'Delivery decisions taken: sent, deferred, suppressed, or failed (channel unavailable, retried later)',
      labelNames: ['decision', 'rule', 'channel'] as const,
      registers: [registry],
    });
    const self = this;
    new Gauge({
      name: 'aftersales_notifier_consumer_pending',
      help: 'Messages waiting for the consumer on the bus and in its lanes',
      registers: [registry],
      async collect() {
        const notifier = self.parts?.notifier;
        if (!notifier) return;
        const backlog = await notifier.backlog().catch(() => undefined);
        this.set((backlog ?? 0) + notifier.status().consumer.queued);
      },
    });
    new Gauge({
      name: 'aftersales_notifier_relay_position',
      help: 'Log position up to which the relay has every event acknowledged by the bus',
      registers: [registry],
      collect() {
        const relay = self.parts?.relay;
        if (relay) this.set(Number(relay.watermark()));
      },
    });
    new Gauge({
      name: 'aftersales_notifier_relay_lag_positions',
      help: 'Log positions between the head of the log and what the relay has published',
      registers: [registry],
      async collect() {
        const parts = self.parts;
        if (!parts?.relay) return;
        const head = await parts.store.headPosition().catch(() => undefined);
        if (head !== undefined) this.set(Math.max(0, Number(head - parts.relay.watermark())));
      },
    });
    new Gauge({
      name: 'aftersales_notifier_schedule_pending',
      help: 'Messages planned and not yet sent, suppressed or cancelled',
      registers: [registry],
      async collect() {
        const pool = self.parts?.pool;
        if (!pool || !self.parts?.notifier) return;
        const { rows } = await pool
          .query<{ n: string }>("SELECT count(*) AS n FROM notifier.schedule WHERE status = 'pending'")
          .catch(() => ({ rows: [] as { n: string }[] }));
        if (rows[0]) this.set(Number(rows[0].n));
      },
    });
    new Gauge({
      name: 'aftersales_notifier_ready',
      help: '1 when every readiness check passes, else 0',
      registers: [registry],
      async collect() {
        if (!self.parts) return;
        this.set((await self.readiness()).ready ? 1 : 0);
      },
    });
  }

  attach(parts: ServiceParts): void {
    this.parts = parts;
  }

  /** Readiness, computed at most twice a second however often it is asked. */
  readiness(): Promise<Readiness> {
    const parts = this.parts;
    if (!parts) {
      return Promise.resolve({ ready: false, checks: [{ name: 'started', ok: false, detail: 'starting' }] });
    }
    if (!this.lastReady || Date.now() - this.lastReady.at > 500) {
      this.lastReady = { at: Date.now(), value: readiness(parts) };
    }
    return this.lastReady.value;
  }

  eventHandled(): void {
    this.handled.inc();
  }

  deadLettered(eventType: string | undefined): void {
    this.deadLetters.inc({ event_type: eventType ?? 'undecodable' });
  }

  outcomes(outcomes: readonly Outcome[]): void {
    for (const o of outcomes) {
      const rule = o.row.rule;
      if (o.kind === 'sent') this.decisions.inc({ decision: 'sent', rule, channel: o.channel });
      else if (o.kind === 'defer') this.decisions.inc({ decision: 'deferred', rule, channel: 'none' });
      else if (o.kind === 'suppress') this.decisions.inc({ decision: 'suppressed', rule, channel: 'none' });
      else if (o.reason === 'channel-unavailable') {
        this.decisions.inc({ decision: 'failed', rule, channel: o.channel ?? 'none' });
      }
    }
  }
}

/**
 * `/health` (the process answers), `/ready` (every readiness check, 200 or 503 with the checks),
 * `/metrics`. Resolves once listening; rejects on a listen error (the port taken), so `main`
 * can exit non-zero before anything claims to have started.
 */
export async function startServiceServer(
  port: number,
  metrics: NotifierMetrics,
  log: Logger,
): Promise<http.Server> {
  const json = 'application/json';
  return listenForProbes(
    port,
    async (path) => {
      if (path === '/health') return { status: 200, type: json, body: '{"status":"ok"}' };
      if (path === '/ready') {
        const r = await metrics.readiness();
        return { status: r.ready ? 200 : 503, type: json, body: JSON.stringify(r) };
      }
      if (path === '/metrics') {
        return { status: 200, type: metrics.registry.contentType, body: await metrics.registry.metrics() };
      }
      return { status: 404, type: json, body: '{"status":404}' };
    },
    { status: 503, type: json, body: '{"ready":false}' },
    (err) => log.warn({ err }, 'health check failed'),
  );
}
