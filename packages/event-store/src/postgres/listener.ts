import pg from 'pg';
import type { Logger } from 'pino';
import { backoffDelay, sleep } from '../backoff';
import { type ChangeSignal, reconnectBackoff } from '../subscription/change-signal';
import { NOTIFY_CHANNEL } from './schema';

/**
 * One LISTEN connection per store, started by the first subscription. It only wakes the
 * catch-up loops early; they also poll, so a lost connection costs latency, never events.
 * It reconnects with backoff forever, until the store closes.
 */
export class AppendListener {
  private readonly abort = new AbortController();
  private started = false;
  private client: pg.Client | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly changes: ChangeSignal,
    private readonly log?: Logger,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      const client = new pg.Client(this.config);
      try {
        const lost = new Promise<void>((resolve) => {
          // `on`, not `once`: a dying connection can report more than one error, and an
          // 'error' event without a listener would end the whole process.
          client.on('error', (err) => {
            this.log?.warn({ err }, 'event store listener connection lost');
            resolve();
          });
          client.once('end', () => resolve());
          this.abort.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        client.on('notification', () => this.changes.notify());
        await client.connect();
        await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
        this.client = client;
        failures = 0;
        // Anything appended while we were not listening is picked up by this wake-up.
        this.changes.notify();
        await lost;
      } catch (err) {
        failures++;
        this.log?.warn({ err, attempt: failures }, 'event store listener cannot connect; retrying');
      } finally {
        this.client = undefined;
        await client.end().catch(() => undefined);
      }
      if (!this.abort.signal.aborted)
        await sleep(backoffDelay(reconnectBackoff, failures - 1), this.abort.signal);
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.client?.end().catch(() => undefined);
  }
}

/**
 * Tells other processes that events were appended, after the commit and outside the append
 * transaction: NOTIFY inside it would serialise every commit on the notification queue lock.
 * Coalesced: at most one NOTIFY in flight, one more queued behind it, 10 ms apart at most.
 */
export class AppendNotifier {
  private inFlight = false;
  private queued = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log?: Logger,
    private readonly minIntervalMs = 10,
  ) {}

  poke(): void {
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    this.inFlight = true;
    this.pool
      .query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`)
      .catch((err: unknown) =>
        this.log?.warn({ err }, 'event store notify failed; subscribers fall back to polling'),
      )
      // A short pause before the next one: under a stream of appends, one NOTIFY per few
      // milliseconds wakes everybody just as well as one per append, at a fraction of the cost.
      .then(() => new Promise((resolve) => setTimeout(resolve, this.minIntervalMs)))
      .finally(() => {
        this.inFlight = false;
        if (this.queued) {
          this.queued = false;
          this.poke();
        }
      });
  }
}
