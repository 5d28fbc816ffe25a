import type { EventStore, RecordedEvent, Subscription } from '@aftersales/event-store';
import type { NatsConnection } from 'nats';
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  connectNats,
  defaultJetStreamNames,
  ensureStream,
  type JetStreamNames,
  jetStreamPublisher,
} from '../bus/jetstream';
import { toEnvelope } from '../envelope';
import { ensureNotifierSchema } from '../schema';
import { AckWindow } from './ack-window';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { Prefetch } from './prefetch';
import type { EventPublisher } from './publisher';

export type RelayOptions = Readonly<{
  store: EventStore;
  pool: pg.Pool;
  log: Logger;
  /** JetStream server; ignored when `publisher` is given. */
  natsUrl?: string;
  publisher?: EventPublisher;
  names?: JetStreamNames;
  /** The checkpoint's name; defaults to `relay:<stream>`. */
  name?: string;
  /** Publishes awaiting their ack at once: throughput without unbounded memory. */
  maxInFlight?: number;
  checkpointIntervalMs?: number;
}>;

export type RelayHandle = Readonly<{
  /** The position up to which every event is acknowledged by the bus. */
  watermark(): bigint;
  /** Resolves once every event up to `position` is acknowledged. */
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Relays every event of the store to the bus, in store order, with the event id as message id.
 * Steps: 1. resume after the checkpoint; 2. publish with at most `maxInFlight` acks pending;
 * 3. move the checkpoint to the highest position below which every publish is acknowledged.
 * After a crash the relay republishes from the checkpoint: JetStream drops repeats within its
 * duplicate window, the consumer's per-event dedupe in Postgres catches the rest.
 */
export async function startRelay(options: RelayOptions): Promise<RelayHandle> {
  const { store, pool, log } = options;
  const names = options.names ?? defaultJetStreamNames;
  const relayName = options.name ?? `relay:${names.stream}`;
  const maxInFlight = options.maxInFlight ?? 1_024;
  await ensureNotifierSchema(pool);

  let nc: NatsConnection | undefined;
  let publisher = options.publisher;
  let closePublisher: (() => void) | undefined;
  if (!publisher) {
    if (!options.natsUrl) throw new Error('startRelay needs a natsUrl or a publisher');
    nc = await connectNats(options.natsUrl, relayName);
    await ensureStream(await nc.jetstreamManager(), names);
    const js = jetStreamPublisher(nc, names);
    publisher = js;
    closePublisher = () => js.close();
  }
  const bus = publisher;

  let stopped = false;
  let subscription: Subscription | undefined;
  const window = new AckWindow(await loadCheckpoint(pool, relayName));
  let saved = window.watermark;
  let lastWarn = 0;

  const publishUntilAcked = async (envelope: ReturnType<typeof toEnvelope>): Promise<boolean> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await bus.publish(envelope);
        return true;
      } catch (err) {
        if (stopped) return false;
        if (Date.now() - lastWarn > 1_000) {
          lastWarn = Date.now();
          log.warn({ err, position: envelope.position, attempt }, 'relay publish failed, retrying');
        }
        await sleep(Math.min(5_000, 50 * 2 ** Math.min(attempt, 7)));
      }
    }
  };

  const save = async () => {
    const mark = window.watermark;
    if (mark <= saved) return;
    await saveCheckpoint(pool, relayName, mark);
    saved = mark;
  };

  let saving = false;
  const timer = setInterval(() => {
    if (saving) return;
    saving = true;
    save()
      .catch((err) => log.warn({ err }, 'relay checkpoint not saved, will retry'))
      .finally(() => {
        saving = false;
      });
  }, options.checkpointIntervalMs ?? 100);

  /** Publishes one event; its ack advances the window. */
  const relayOne = (event: RecordedEvent) => {
    window.add(event.position);
    const position = event.position;
    void publishUntilAcked(toEnvelope(event)).then((ok) => {
      if (ok) window.ack(position);
    });
  };

  const loop = (async () => {
    while (!stopped) {
      // Resume after everything already acknowledged; repeats of in-flight events are harmless.
      subscription = store.subscribeToAll({
        after: window.watermark,
        maxCount: 2_000,
        onRetry: (err, attempt) => log.warn({ err, attempt }, 'relay subscription retrying'),
      });
      // Reading runs ahead of publishing (bounded), so the next page loads while acks come in.
      const buffer = new Prefetch<RecordedEvent>(8_192);
      const reader = (async () => {
        try {
          for await (const event of subscription) {
            if (stopped) break;
            await buffer.push(event);
          }
        } catch (err) {
          if (!stopped) log.warn({ err }, 'relay subscription failed, resuming');
        } finally {
          buffer.end();
        }
      })();
      // Publishes go out in runs: everything buffered that fits the window, without an await in
      // between, so a run leaves in one socket write. A turn of the event loop before each run
      // lets the rest of a page reach the buffer (events come through async iterators one by
      // one) and, when the window was full, all acks of the socket read that freed it arrive:
      // otherwise most runs would be a single message.
      while (!stopped) {
        while (window.inFlight >= maxInFlight) await window.next();
        if (!(await buffer.ready())) break;
        await new Promise((resolve) => setImmediate(resolve));
        const run = await buffer.takeMany(maxInFlight - window.inFlight);
        if (!run) break;
        for (const event of run) {
          if (stopped) break;
          relayOne(event);
        }
      }
      await reader;
      if (!stopped) await sleep(500);
      await Promise.race([window.drain(), sleep(10_000)]);
    }
  })();

  log.info({ relay: relayName, stream: names.stream, from: window.watermark.toString() }, 'relay started');

  return {
    watermark: () => window.watermark,
    async waitFor(position, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (window.watermark < position) {
        if (Date.now() > deadline) throw new Error(`relay did not reach ${position} in ${timeoutMs} ms`);
        await Promise.race([window.next(), sleep(50)]);
      }
    },
    async stop() {
      stopped = true;
      await subscription?.close();
      await Promise.race([loop, sleep(5_000)]);
      await Promise.race([window.drain(), sleep(5_000)]);
      clearInterval(timer);
      await save().catch((err) => log.warn({ err }, 'final relay checkpoint not saved'));
      closePublisher?.();
      await nc?.drain().catch(() => undefined);
      log.info({ relay: relayName, position: window.watermark.toString() }, 'relay stopped');
    },
  };
}
