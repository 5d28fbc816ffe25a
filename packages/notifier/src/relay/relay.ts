import type { EventStore } from '@aftersales/event-store';
import { sleep, waitAtMost } from '@aftersales/event-store';
import { recordHandled, tracingEnabled } from '@aftersales/telemetry';
import type { NatsConnection } from 'nats';
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  connectionState,
  connectNats,
  defaultJetStreamNames,
  ensureStream,
  type JetStreamNames,
  jetStreamPublisher,
} from '../bus/jetstream';
import { ensureNotifierSchema } from '../schema';
import { type AckTicket, AckWindow } from './ack-window';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { Prefetch } from './prefetch';
import type { EventPublisher } from './publisher';
import { eventSource, type RelayFeed, type RelaySource, storedLogSource } from './sources';

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
  /** `stored`: the log as stored, published without parsing; `events`: through the port. */
  reads: 'stored' | 'events';
  /** The position up to which every event is acknowledged by the bus. */
  watermark(): bigint;
  /** What readiness needs: is the relay publishing, and when did its watermark last move. */
  status(): RelayStatus;
  /** Resolves once every event up to `position` is acknowledged. */
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}>;

export type RelayStatus = Readonly<{
  watermark: bigint;
  /** When the checkpoint last moved (ms since the epoch; the start counts). */
  lastAdvanceAt: number;
  /** Publishes failed and are being repeated (the bus is unreachable or refusing). */
  publishFailing: boolean;
  inFlight: number;
  /** The bus connection (a publisher given in-process: always connected). */
  bus: 'connected' | 'reconnecting' | 'closed';
}>;

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
  let busState: () => RelayStatus['bus'] = () => 'connected';
  let publisher = options.publisher;
  let closePublisher: (() => void) | undefined;
  if (!publisher) {
    if (!options.natsUrl) throw new Error('startRelay needs a natsUrl or a publisher');
    nc = await connectNats(options.natsUrl, relayName);
    busState = connectionState(nc);
    await ensureStream(await nc.jetstreamManager(), names);
    const js = jetStreamPublisher(nc, names);
    publisher = js;
    closePublisher = () => js.close();
  }
  const bus = publisher;

  let stopped = false;
  let feed: RelayFeed<unknown> | undefined;
  const window = new AckWindow(await loadCheckpoint(pool, relayName));
  let saved = window.watermark;
  let lastWarn = 0;

  /**
   * Publishes that failed, waiting to be published again. They are repaired in position order,
   * one at a time, while nothing new goes out: publishing each again on its own timer (as
   * before) let new events overtake them and left a stream's events out of order on the bus.
   */
  const failed: { publish: () => Promise<void>; position: bigint; ticket: AckTicket }[] = [];
  let lastAdvanceAt = Date.now();
  let repairing = false;
  /** Publishes sent and not yet answered (acknowledged or failed). */
  let unsettled = 0;

  /** Republishes every failed publish in position order, each until acknowledged or stopped. */
  const repair = async () => {
    repairing = true;
    try {
      // Let what is still in flight settle first: what fails joins the repair, what succeeds is
      // done. (Not the window's count: acknowledged entries behind a failed one stay in it.)
      while (!stopped && unsettled > 0) await Promise.race([window.next(), sleep(50)]);
      failed.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
      for (const entry of failed) {
        for (let attempt = 0; !stopped; attempt++) {
          try {
            await entry.publish();
            window.ack(entry.ticket);
            break;
          } catch (err) {
            if (Date.now() - lastWarn > 1_000) {
              lastWarn = Date.now();
              log.warn(
                { err, position: entry.position.toString(), attempt },
                'relay publish failed, retrying',
              );
            }
            await sleep(Math.min(5_000, 50 * 2 ** Math.min(attempt, 7)));
          }
        }
        if (stopped) return;
      }
      failed.length = 0;
    } finally {
      repairing = false;
    }
  };

  const save = async () => {
    const mark = window.watermark;
    if (mark <= saved) return;
    lastAdvanceAt = Date.now();
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

  /**
   * Publishes one item; its ack advances the window. The first attempt is a plain promise (no
   * async function around it): this runs once per event.
   */
  const relayOne = <T extends { position: bigint }>(source: RelaySource<T>, item: T) => {
    const ticket = window.add(item.position);
    const startedAt = tracingEnabled() ? Date.now() : 0;
    unsettled++;
    void source.publish(item).then(
      () => {
        unsettled--;
        window.ack(ticket);
        if (startedAt) recordHandled('relay publish', [source.traced(item)], startedAt);
      },
      () => {
        unsettled--;
        failed.push({ publish: () => source.publish(item), position: item.position, ticket });
      },
    );
  };

  const pump = async <T extends { position: bigint }>(source: RelaySource<T>) => {
    while (!stopped) {
      // Resume after everything already acknowledged; repeats of in-flight events are harmless.
      const current = source.subscribe({
        after: window.watermark,
        maxCount: 2_000,
        onRetry: (err, attempt) => log.warn({ err, attempt }, 'relay subscription retrying'),
      });
      feed = current;
      // Reading runs ahead of publishing (bounded), so the next page loads while acks come in.
      const buffer = new Prefetch<T>(8_192);
      const reader = current
        .fill(buffer, () => stopped)
        .catch((err) => {
          if (!stopped) log.warn({ err }, 'relay subscription failed, resuming');
        })
        .finally(() => buffer.end());
      // Publishes go out in runs: everything buffered that fits the window, without an await in
      // between, so a run leaves in one socket write. A turn of the event loop before each run
      // lets more of the log reach the buffer and, when the window was full, all acks of the
      // socket read that freed it arrive: otherwise most runs would be a single message.
      while (!stopped) {
        if (failed.length > 0) await repair();
        while (window.inFlight >= maxInFlight && failed.length === 0 && !stopped) {
          await Promise.race([window.next(), sleep(50)]);
        }
        if (failed.length > 0) continue;
        if (!(await buffer.ready())) break;
        await new Promise((resolve) => setImmediate(resolve));
        const run = await buffer.takeMany(maxInFlight - window.inFlight);
        if (!run) break;
        for (const item of run) {
          if (stopped) break;
          relayOne(source, item);
        }
      }
      await reader;
      if (failed.length > 0) await repair();
      if (!stopped) await sleep(500);
      await waitAtMost(window.drain(), 10_000);
    }
  };

  // The log as stored when the store offers it (no parse and re-encode of each event), else the port.
  const stored = storedLogSource(store, bus);
  const reads = stored?.reads ?? 'events';
  const loop = stored ? pump(stored) : pump(eventSource(store, bus));

  log.info(
    { relay: relayName, stream: names.stream, from: window.watermark.toString(), reads },
    'relay started',
  );

  return {
    reads,
    watermark: () => window.watermark,
    status: () => ({
      watermark: window.watermark,
      lastAdvanceAt,
      publishFailing: repairing || failed.length > 0,
      inFlight: window.inFlight,
      bus: busState(),
    }),
    async waitFor(position, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (window.watermark < position) {
        if (Date.now() > deadline) throw new Error(`relay did not reach ${position} in ${timeoutMs} ms`);
        await Promise.race([window.next(), sleep(50)]);
      }
    },
    async stop() {
      stopped = true;
      await feed?.close();
      await waitAtMost(loop, 5_000);
      await waitAtMost(window.drain(), 5_000);
      clearInterval(timer);
      await save().catch((err) => log.warn({ err }, 'final relay checkpoint not saved'));
      closePublisher?.();
      await nc?.drain().catch(() => undefined);
      log.info({ relay: relayName, position: window.watermark.toString() }, 'relay stopped');
    },
  };
}
