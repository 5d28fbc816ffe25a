import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import { decodeEnvelope, type EventEnvelope, laneKey } from '../envelope';
import { PoisonMessageError } from '../errors';
import type { RuleDefinition } from '../rules/types';
import type { EventFeed, FeedMessage } from './feed';
import { handleEvent } from './handle-event';

export type EventConsumerOptions = Readonly<{
  pool: pg.Pool;
  feed: EventFeed;
  rules: readonly RuleDefinition[];
  clock: Clock;
  log: Logger;
  /** Parallel lanes; one customer's events always share a lane and stay in order. */
  lanes?: number;
  /** Called after a commit that made a message due at once. */
  onDueNow?: () => void;
  /** Called after every handled message (tests and metrics). */
  onHandled?: (envelope: EventEnvelope) => void;
}>;

/**
 * Takes messages from the feed, applies each in its own transaction and acknowledges after
 * the commit. Failures are nak'ed with a delay; a message that fails `maxDeliver` times (or
 * cannot be decoded) is written to `notifier.dead_letters`, published as a dead letter and
 * terminated.
 */
export class EventConsumer {
  private readonly lanes: Promise<void>[];
  private readonly options: EventConsumerOptions;

  constructor(options: EventConsumerOptions) {
    this.options = options;
    this.lanes = Array.from({ length: options.lanes ?? 4 }, () => Promise.resolve());
  }

  start(): Promise<void> {
    return this.options.feed.start((message) => this.route(message));
  }

  async stop(): Promise<void> {
    await this.options.feed.stop();
    await Promise.all(this.lanes);
  }

  private route(message: FeedMessage): void {
    let envelope: EventEnvelope;
    try {
      envelope = decodeEnvelope(message.data);
    } catch (err) {
      void this.deadLetter(message, undefined, err);
      return;
    }
    const lane = hash(laneKey(envelope)) % this.lanes.length;
    const previous = this.lanes[lane] ?? Promise.resolve();
    this.lanes[lane] = previous.then(() => this.process(message, envelope));
  }

  private async process(message: FeedMessage, envelope: EventEnvelope): Promise<void> {
    const { pool, rules, clock, log } = this.options;
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      await client.query('BEGIN');
      const result = await handleEvent(client, envelope, rules, clock);
      await client.query('COMMIT');
      message.ack();
      if (result.dueNow) this.options.onDueNow?.();
      this.options.onHandled?.(envelope);
    } catch (err) {
      await client?.query('ROLLBACK').catch(() => undefined);
      if (message.deliveries >= this.options.feed.maxDeliver) {
        await this.deadLetter(message, envelope, err);
      } else {
        const delay = this.options.feed.redeliveryDelay(message.deliveries);
        log.warn(
          { err, eventId: envelope.eventId, eventType: envelope.type, deliveries: message.deliveries, delay },
          'event failed, redelivery scheduled',
        );
        message.nak(delay);
      }
    } finally {
      client?.release();
    }
  }

  private async deadLetter(
    message: FeedMessage,
    envelope: EventEnvelope | undefined,
    err: unknown,
  ): Promise<void> {
    const { pool, clock, log, feed } = this.options;
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    try {
      await pool.query(
        `INSERT INTO notifier.dead_letters (event_id, event_type, subject, payload, error, deliveries, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          envelope?.eventId ?? null,
          envelope?.type ?? null,
          message.subject,
          new TextDecoder().decode(message.data),
          error,
          message.deliveries,
          clock.now(),
        ],
      );
      await feed.publishDeadLetter?.(envelope?.type ?? 'undecodable', message.data);
      log.error(
        {
          eventId: envelope?.eventId,
          eventType: envelope?.type,
          deliveries: message.deliveries,
          poison: err instanceof PoisonMessageError,
        },
        'event dead-lettered',
      );
      message.term();
    } catch (deadLetterErr) {
      // The dead-letter table is unreachable too: leave the message to redelivery.
      log.error({ err: deadLetterErr }, 'dead-lettering failed');
      message.nak(feed.redeliveryDelay(message.deliveries));
    }
  }
}

function hash(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
