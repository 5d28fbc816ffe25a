import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  connect,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  nanos,
  StorageType,
} from 'nats';
import type { Logger } from 'pino';
import type { EventFeed, FeedMessage } from '../consumer/feed';
import type { EventEnvelope } from '../envelope';
import { encodeEnvelope } from '../envelope';
import type { EventPublisher } from '../relay/publisher';

export type JetStreamNames = Readonly<{
  /** Stream name, e.g. `AFTERSALES_EVENTS`. */
  stream: string;
  /** Subjects are `<prefix>.events.<EventType>` and `<prefix>.deadletter.<EventType>`. */
  subjectPrefix: string;
}>;

export const defaultJetStreamNames: JetStreamNames = {
  stream: 'AFTERSALES_EVENTS',
  subjectPrefix: 'aftersales',
};

export const eventSubject = (names: JetStreamNames, eventType: string) =>
  `${names.subjectPrefix}.events.${eventType}`;

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  // Reconnect for ever: a NATS restart must pause the relay and the notifier, not end them.
  return connect({
    servers: url,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: true,
  });
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
    duplicate_window: nanos(duplicateWindowMs),
  };
  try {
    await jsm.streams.add(config);
  } catch {
    // Exists with another configuration (or was created concurrently): bring it in line.
    await jsm.streams.update(names.stream, config);
  }
}

/** Publishes envelopes with the event id as `Nats-Msg-Id`; resolves on the stream's ack. */
export function jetStreamPublisher(js: JetStreamClient, names: JetStreamNames): EventPublisher {
  return {
    async publish(envelope: EventEnvelope) {
      await js.publish(eventSubject(names, envelope.type), encodeEnvelope(envelope), {
        msgID: envelope.eventId,
        expect: { streamName: names.stream },
      });
    },
  };
}

export type JetStreamFeedOptions = JetStreamNames &
  Readonly<{
    nc: NatsConnection;
    durable: string;
    log: Logger;
    /** Redelivery delays; the first one is also the ack wait. `max_deliver` must exceed its length. */
    backoffMs?: readonly number[];
    maxDeliver?: number;
    /** Unacknowledged messages in flight; at this number the server pauses delivery. */
    maxAckPending?: number;
  }>;

/**
 * A durable pull consumer with explicit acks, bounded redelivery and a backoff. Failures are
 * nak'ed with a delay (a plain nak ignores BackOff and redelivers at once).
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
      max_deliver: this.maxDeliver,
      backoff: this.backoffMs.map((ms) => nanos(ms)),
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
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
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
