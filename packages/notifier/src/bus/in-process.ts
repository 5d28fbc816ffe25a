import type { EventFeed, FeedMessage } from '../consumer/feed';
import type { EncodedEnvelope, EventEnvelope } from '../envelope';
import { encodeEnvelope } from '../envelope';
import type { EventPublisher } from '../relay/publisher';

/**
 * The embedded mode's bus, for a single process without NATS: the relay publishes into it and
 * the notifier consumes from it with the same ack/nak/term contract as JetStream. A publish
 * resolves only once the consumer acknowledged (or dead-lettered) the message, so the relay's
 * checkpoint never runs ahead of what the notifier committed.
 */
export class InProcessBus implements EventFeed, EventPublisher {
  readonly maxDeliver: number;
  private handler: ((message: FeedMessage) => void) | undefined;
  private readonly waiting: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly backoffMs: readonly number[] = [1_000, 5_000, 30_000],
    maxDeliver = 6,
  ) {
    this.maxDeliver = maxDeliver;
  }

  redeliveryDelay(deliveries: number): number {
    return this.backoffMs[Math.min(Math.max(deliveries - 1, 0), this.backoffMs.length - 1)] ?? 1_000;
  }

  async start(onMessage: (message: FeedMessage) => void): Promise<void> {
    this.handler = onMessage;
    for (const deliver of this.waiting.splice(0)) deliver();
  }

  publish(envelope: EventEnvelope): Promise<void> {
    return this.publishEncoded({
      eventId: envelope.eventId,
      type: envelope.type,
      bytes: encodeEnvelope(envelope),
    });
  }

  publishEncoded(message: EncodedEnvelope): Promise<void> {
    const data = message.bytes;
    const subject = `inprocess.events.${message.type}`;
    return new Promise((resolve) => {
      const deliver = (deliveries: number) => {
        const handler = this.handler;
        if (!handler) {
          this.waiting.push(() => deliver(deliveries));
          return;
        }
        let settled = false;
        const settle = (next?: number) => {
          if (settled) return;
          settled = true;
          if (next === undefined) return resolve();
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            deliver(deliveries + 1);
          }, next);
          this.timers.add(timer);
        };
        handler({
          data,
          subject,
          deliveries,
          ack: () => settle(),
          term: () => settle(),
          nak: (delayMs) => settle(delayMs),
          working: () => undefined,
        });
      };
      deliver(1);
    });
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
