/**
 * What the notifier consumes: a stream of event messages with explicit acknowledgement. Two
 * implementations: a JetStream durable pull consumer (production, `NATS_URL` set) and an
 * in-process bus (embedded mode without NATS). The consumer logic is the same for both.
 */
export interface FeedMessage {
  readonly data: Uint8Array;
  readonly subject: string;
  /** 1 on first delivery. */
  readonly deliveries: number;
  ack(): void;
  /** Redeliver after `delayMs` (a plain nak would ignore the consumer's backoff). */
  nak(delayMs: number): void;
  /** Never redeliver: the message went to the dead letters. */
  term(): void;
  /** Still working on it: resets the ack timer. */
  working(): void;
}

export interface EventFeed {
  /** Failures of a message's own (outages do not count) after which it is dead-lettered. */
  readonly maxDeliver: number;
  /** Delay before the redelivery after failure n (1-based). */
  redeliveryDelay(deliveries: number): number;
  start(onMessage: (message: FeedMessage) => void): Promise<void>;
  /** Messages waiting for this consumer (delivered and not yet acknowledged included), if known. */
  backlog?(): Promise<number>;
  /** Dead letters are also published where the feed can (a subject beside the events). */
  publishDeadLetter?(eventType: string, payload: Uint8Array): Promise<void>;
  stop(): Promise<void>;
}
