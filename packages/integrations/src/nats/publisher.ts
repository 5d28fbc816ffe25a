import type { EventStore, Subscription } from '@aftersales/event-store';
import { sleep, waitAtMost } from '@aftersales/event-store';
import { connect, type JetStreamClient, type NatsConnection } from 'nats';
import type pg from 'pg';
import type { Logger } from 'pino';
import { subjectOf } from '../asyncapi';
import {
  catalogEntry,
  DEFAULT_SOURCE,
  type IntegrationEvent,
  publishedDomainTypes,
  toIntegrationEvents,
} from '../catalog';
import { ensureIntegrationsSchema } from '../schema';
import { ensureIntegrationStream, type IntegrationStreamOptions } from './stream';

export type PublisherOptions = IntegrationStreamOptions &
  Readonly<{
    /** The log as stored (no crypto-shredding decorator is needed: no personal field leaves). */
    store: EventStore;
    pool: pg.Pool;
    log: Logger;
    natsUrl: string;
    /** The checkpoint's name; default `integration:<stream>`. */
    name?: string;
    source?: string;
    checkpointIntervalMs?: number;
    onPublished?: (event: IntegrationEvent) => void;
  }>;

export type PublisherStatus = Readonly<{
  position: bigint;
  lastAdvanceAt: number;
  publishFailing: boolean;
  bus: 'connected' | 'reconnecting' | 'closed';
}>;

export type PublisherHandle = Readonly<{
  status(): PublisherStatus;
  /** Resolves once every event up to `position` is published. */
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}>;

/**
 * Publishes the integration events of the log to JetStream, in log order.
 * Steps: 1. resume after the checkpoint; 2. for each published domain event, publish its
 * integration events one at a time, each acknowledged before the next (`Nats-Msg-Id` =
 * `<type>:<event id>`), retrying for ever while NATS is away; 3. save the checkpoint.
 * One message in flight keeps the stream in log order even when a publish times out (a
 * pipelined publish behind a failed one would overtake it). After a crash the events since the
 * checkpoint go out again: JetStream drops repeats within its 2-minute duplicate window.
 */
export async function startIntegrationPublisher(options: PublisherOptions): Promise<PublisherHandle> {
  const { store, pool, log } = options;
  await ensureIntegrationsSchema(pool);
  const nc: NatsConnection = await connect({
    servers: options.natsUrl,
    name: options.name ?? 'integration-publisher',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
  });
  const stream = await ensureIntegrationStream(await nc.jetstreamManager(), options);
  const js: JetStreamClient = nc.jetstream();
  const name = options.name ?? `integration:${stream.stream}`;
  const source = options.source ?? DEFAULT_SOURCE;

  let bus: PublisherStatus['bus'] = 'connected';
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnecting') bus = 'reconnecting';
      else if (s.type === 'reconnect') bus = 'connected';
    }
  })().catch(() => undefined);

  const { rows } = await pool.query<{ position: string }>(
    'SELECT position FROM integrations.publisher_checkpoints WHERE publisher = $1',
    [name],
  );
  let position = rows[0] ? BigInt(rows[0].position) : 0n;
  let saved = position;
  let lastAdvanceAt = Date.now();
  let failing = false;
  let stopped = false;
  let subscription: Subscription | undefined;

  const save = async () => {
    if (position <= saved) return;
    const mark = position;
    await pool.query(
      `INSERT INTO integrations.publisher_checkpoints (publisher, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (publisher) DO UPDATE SET position = GREATEST(integrations.publisher_checkpoints.position, $2),
              updated_at = now()`,
      [name, mark.toString()],
    );
    saved = mark;
  };
  const timer = setInterval(() => {
    save().catch((err) => log.warn({ err }, 'integration checkpoint not saved, will retry'));
  }, options.checkpointIntervalMs ?? 200);

  const publishOne = async (event: IntegrationEvent) => {
    const entryOf = catalogEntry(event.type);
    if (!entryOf) return;
    const subject = subjectOf(entryOf, stream.subjectPrefix);
    const body = new TextEncoder().encode(JSON.stringify(event));
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await js.publish(subject, body, { msgID: `${event.type}:${event.id}`, timeout: 5_000 });
        failing = false;
        options.onPublished?.(event);
        return;
      } catch (err) {
        failing = true;
        if (attempt % 20 === 0)
          log.warn(
            { err, subject, position: event.sequence, attempt },
            'integration publish failed, retrying',
          );
        await sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 6)));
      }
    }
  };

  const loop = (async () => {
    while (!stopped) {
      subscription = store.subscribeToAll({
        after: position,
        maxCount: 500,
        filter: { eventTypes: publishedDomainTypes() },
        onRetry: (err, attempt) => log.warn({ err, attempt }, 'integration subscription retrying'),
      });
      try {
        for await (const recorded of subscription) {
          if (stopped) break;
          for (const event of toIntegrationEvents(recorded, source)) await publishOne(event);
          if (stopped) break;
          position = recorded.position;
          lastAdvanceAt = Date.now();
        }
      } catch (err) {
        if (!stopped) log.warn({ err }, 'integration subscription failed, resuming');
      }
      if (!stopped) await sleep(500);
    }
  })();

  log.info(
    { publisher: name, stream: stream.stream, from: position.toString() },
    'integration publisher started',
  );
  return {
    status: () => ({ position, lastAdvanceAt, publishFailing: failing, bus: nc.isClosed() ? 'closed' : bus }),
    async waitFor(target, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (position < target) {
        if (Date.now() > deadline) throw new Error(`publisher did not reach ${target} in ${timeoutMs} ms`);
        await sleep(20);
      }
    },
    async stop() {
      stopped = true;
      await subscription?.close();
      await waitAtMost(loop, 5_000);
      clearInterval(timer);
      await save().catch((err) => log.warn({ err }, 'final integration checkpoint not saved'));
      await nc.drain().catch(() => undefined);
      log.info({ publisher: name, position: position.toString() }, 'integration publisher stopped');
    },
  };
}
