import { sleep } from '@aftersales/event-store';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  connect,
  createInbox,
  DeliverPolicy,
  DiscardPolicy,
  headers,
  type JetStreamManager,
  type Msg,
  type NatsConnection,
  nanos,
  RetentionPolicy,
  StorageType,
  type Subscription,
} from 'nats';
import type { Logger } from 'pino';
import type { EventFeed, FeedMessage } from '../consumer/feed';
import { type EncodedEnvelope, encodeEnvelope } from '../envelope';
import type { EventPublisher } from '../relay/publisher';

export type JetStreamNames = Readonly<{
  /** Stream name, e.g. `AFTERSALES_EVENTS`. */
  stream: string;
  /** Subjects are `<prefix>.events.<EventType>` and `<prefix>.deadletter.<EventType>`. */
  subjectPrefix: string;
  /** Copies of the stream in a JetStream cluster (1 – 5; default 1, a single server). */
  replicas?: number;
  /** Messages older than this leave the stream (default 7 days; the log keeps every event). */
  maxAgeMs?: number;
  /**
   * The stream never holds more (default 1 GiB). When full, new publishes are refused (the
   * relay retries, its checkpoint does not move) rather than old messages dropped unread.
   * JetStream reserves this much of the server's store for the stream when it is created, so a
   * larger value is a deployment's choice, not a default.
   */
  maxBytes?: number;
}>;

/** The relay stream's limits when none are given (`NOTIFIER_STREAM_MAX_AGE_HOURS`, `…_MAX_BYTES`). */
export const relayStreamLimits = { maxAgeMs: 7 * 24 * 3_600_000, maxBytes: 1024 ** 3 } as const;

export const defaultJetStreamNames: JetStreamNames = {
  stream: 'AFTERSALES_EVENTS',
  subjectPrefix: 'aftersales',
};

export const eventSubject = (names: JetStreamNames, eventType: string) =>
  `${names.subjectPrefix}.events.${eventType}`;

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  // Reconnect for ever: a NATS restart must pause the relay and the notifier, not end them.
  return connect({
    // A cluster is named by several URLs, comma-separated; the client also learns the others
    // from the server it reaches, and reconnects to any of them.
    servers: url
      .split(',')
      .map((server) => server.trim())
      .filter((server) => server !== ''),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
    // A stack trace captured for every request (each JetStream publish is one) cost the relay
    // about a fifth of its time; errors still carry their message and code.
    noAsyncTraces: true,
  });
}

/** Whether a connection is up now (it reconnects by itself; this says when it is between). */
export function connectionState(nc: NatsConnection): () => 'connected' | 'reconnecting' | 'closed' {
  let state: 'connected' | 'reconnecting' | 'closed' = 'connected';
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnecting') state = 'reconnecting';
      else if (status.type === 'reconnect') state = 'connected';
    }
  })().catch(() => undefined);
  void nc.closed().then(() => {
    state = 'closed';
  });
  return () => (nc.isClosed() ? 'closed' : state);
}

export async function ensureStream(
  jsm: JetStreamManager,
  names: JetStreamNames,
  duplicateWindowMs = 2 * 60_000,
): Promise<void> {
  const config = {
    name: names.stream,
    subjects: [`${names.subjectPrefix}.events.>`, `${names.subjectPrefix}.deadletter.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(names.maxAgeMs ?? relayStreamLimits.maxAgeMs),
    max_bytes: names.maxBytes ?? relayStreamLimits.maxBytes,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(Math.min(duplicateWindowMs, names.maxAgeMs ?? relayStreamLimits.maxAgeMs)),
    num_replicas: names.replicas ?? 1,
  };
  try {
    await jsm.streams.add(config);
  } catch (err) {
    // Exists with another configuration (or was created concurrently): bring it in line.
    // Otherwise the server refused it (e.g. no room left in its store for `max_bytes`): say so.
    const exists = await jsm.streams.info(names.stream).then(
      () => true,
      () => false,
    );
    if (!exists) throw err;
    await jsm.streams.update(names.stream, config);
  }
}

/** Publishes envelopes with the event id as `Nats-Msg-Id`; resolves on the stream's ack. */
export function jetStreamPublisher(
  nc: NatsConnection,
  names: JetStreamNames,
): Required<EventPublisher> & {
  close(): void;
} {
  // One subject string per event type, not one per message.
  const subjects = new Map<string, string>();
  const subjectOf = (type: string) => {
    let subject = subjects.get(type);
    if (subject === undefined) {
      subject = eventSubject(names, type);
      subjects.set(type, subject);
    }
    return subject;
  };
  const publisher = new AsyncJetStreamPublisher<EncodedEnvelope>(nc, names.stream, (message) => ({
    subject: subjectOf(message.type),
    data: message.bytes,
    msgId: message.eventId,
  }));
  return {
    publish: (envelope) =>
      publisher.publish({ eventId: envelope.eventId, type: envelope.type, bytes: encodeEnvelope(envelope) }),
    publishEncoded: (message) => publisher.publish(message),
    close: () => publisher.close(),
  };
}

type Pending = { resolve: () => void; reject: (err: Error) => void; at: number };

/**
 * JetStream publishing with many acks outstanding at little cost per message: each message is
 * a plain publish whose reply subject is this publisher's inbox plus a sequence number, and one
 * subscription on that inbox settles them all. (`js.publish` makes a request per message, with
 * its own timer, error object and inbox entry; that was most of the relay's time.) The ack is
 * checked like `js.publish` does: an error in the ack, or no stream (status 503), rejects.
 * Messages without an ack in `timeoutMs` (a lost connection) are rejected, so the caller can
 * publish them again; their message id makes the repeat harmless.
 */
export class AsyncJetStreamPublisher<T> {
  private readonly inbox = `${createInbox()}.`;
  private readonly pending = new Map<number, Pending>();
  private readonly subscription: Subscription;
  private readonly timer: NodeJS.Timeout;
  private seq = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly message: (item: T) => { subject: string; data: Uint8Array; msgId: string },
    private readonly timeoutMs = 5_000,
  ) {
    this.subscription = nc.subscribe(`${this.inbox}*`, { callback: (err, msg) => this.settle(err, msg) });
    this.timer = setInterval(() => this.expire(), Math.min(1_000, timeoutMs));
    this.timer.unref();
  }

  publish(item: T): Promise<void> {
    const { subject, data, msgId } = this.message(item);
    const id = ++this.seq;
    const h = headers();
    h.set('Nats-Msg-Id', msgId);
    h.set('Nats-Expected-Stream', this.stream);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, at: Date.now() });
      try {
        this.nc.publish(subject, data, { reply: `${this.inbox}${id}`, headers: h });
      } catch (err) {
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  close(): void {
    clearInterval(this.timer);
    this.subscription.unsubscribe();
    this.failAll(new Error('publisher closed'));
  }

  private settle(err: Error | null, msg: Msg): void {
    const id = Number(msg?.subject?.slice(this.inbox.length));
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    const failure = err ?? ackError(msg);
    if (failure) waiting.reject(failure);
    else waiting.resolve();
  }

  /** Rejects what waited longer than the timeout; the map is in publish order. */
  private expire(): void {
    const before = Date.now() - this.timeoutMs;
    for (const [id, waiting] of this.pending) {
      if (waiting.at > before) break;
      this.pending.delete(id);
      waiting.reject(new Error('JetStream publish: no ack in time'));
    }
  }

  private failAll(err: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const waiting of all) waiting.reject(err);
  }
}

const decoder = new TextDecoder();

/** What `js.publish` would throw for this ack, or undefined when the stream stored the message. */
function ackError(msg: Msg): Error | undefined {
  if (msg.headers?.hasError) return new Error(`JetStream publish failed: ${msg.headers.status}`);
  let ack: { error?: { description?: string; err_code?: number } };
  try {
    ack = JSON.parse(decoder.decode(msg.data));
  } catch {
    return new Error('JetStream publish: unreadable ack');
  }
  if (!ack.error) return undefined;
  return new Error(
    `JetStream publish failed: ${ack.error.description ?? 'error'} (${ack.error.err_code ?? '?'})`,
  );
}

export type JetStreamFeedOptions = JetStreamNames &
  Readonly<{
    nc: NatsConnection;
    durable: string;
    log: Logger;
    /**
     * Redelivery delays after a failure, asked for by the consumer with each nak; the first one is
     * also the ack wait (how long a message handed to a consumer that died waits to come back).
     */
    backoffMs?: readonly number[];
    /** Failures (not outages) after which the consumer dead-letters a message (default: delays + 3). */
    maxDeliver?: number;
    /** Unacknowledged messages in flight; at this number the server pauses delivery. */
    maxAckPending?: number;
  }>;

/**
 * A durable pull consumer with explicit acks. Every redelivery delay is the consumer's: a failed
 * message is nak'ed with the delay it should wait (a plain nak would redeliver at once).
 *
 * The server gets no `BackOff` and no `max_deliver`. With a BackOff, a delayed nak on a later
 * delivery waits the asked delay plus the difference between that delivery's BackOff step and
 * the ack wait (nats-server measures the delay from "ack wait expired" and then applies the
 * step): with steps of 30 s and 60 s, a 5 s nak on the third delivery waited 35 s, on the fourth
 * 95 s, so the notifier sat idle long after a database outage had ended. And a server-side
 * `max_deliver` counts the naks of an outage too: a long enough outage would make the server stop
 * delivering a message that nothing had ever failed on, without a dead letter. The consumer
 * counts failures itself and dead-letters at `maxDeliver` (`EventConsumer`).
 */
export class JetStreamFeed implements EventFeed {
  readonly maxDeliver: number;
  private readonly backoffMs: readonly number[];
  private stopped = false;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: JetStreamFeedOptions) {
    this.backoffMs = options.backoffMs ?? [30_000, 60_000, 120_000, 300_000, 600_000];
    this.maxDeliver = options.maxDeliver ?? this.backoffMs.length + 3;
  }

  redeliveryDelay(deliveries: number): number {
    const index = Math.min(Math.max(deliveries - 1, 0), this.backoffMs.length - 1);
    return this.backoffMs[index] ?? 30_000;
  }

  async start(onMessage: (message: FeedMessage) => void): Promise<void> {
    const { nc, stream, durable } = this.options;
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, this.options);
    const config: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${this.options.subjectPrefix}.events.>`,
      max_deliver: -1,
      backoff: [],
      ack_wait: nanos(this.backoffMs[0] ?? 30_000),
      max_ack_pending: this.options.maxAckPending ?? 1_000,
    };
    try {
      await jsm.consumers.add(stream, config);
    } catch {
      await jsm.consumers.update(stream, durable, config);
    }
    this.loop = this.run(onMessage);
  }

  private async run(onMessage: (message: FeedMessage) => void): Promise<void> {
    const { nc, stream, durable, log } = this.options;
    const js = nc.jetstream();
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        this.messages = await consumer.consume({
          max_messages: Math.min(512, this.options.maxAckPending ?? 1_000),
        });
        for await (const m of this.messages) {
          onMessage({
            data: m.data,
            subject: m.subject,
            deliveries: m.info.redeliveryCount,
            ack: () => m.ack(),
            nak: (delayMs) => m.nak(delayMs),
            term: () => m.term(),
            working: () => m.working(),
          });
        }
      } catch (err) {
        if (this.stopped) break;
        log.warn({ err, stream, durable }, 'JetStream consumer interrupted, resuming');
        await sleep(500);
      }
    }
  }

  async backlog(): Promise<number> {
    const jsm = await this.options.nc.jetstreamManager();
    const info = await jsm.consumers.info(this.options.stream, this.options.durable);
    return info.num_pending + info.num_ack_pending;
  }

  async publishDeadLetter(eventType: string, payload: Uint8Array): Promise<void> {
    await this.options.nc
      .jetstream()
      .publish(`${this.options.subjectPrefix}.deadletter.${eventType}`, payload);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
  }
}
