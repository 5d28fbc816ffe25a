import type { EventStore, RecordedEvent, Subscription } from '@aftersales/event-store';
import { guardPoolClients } from '@aftersales/event-store';
import { recordHandled } from '@aftersales/telemetry';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { applyBatch, moveCheckpoint } from './apply-batch';
import { type Backoff, backoffDelay, defaultBackoff, sleep } from './backoff';
import { inBatches } from './batches';
import { renewBiGrants } from './bi-role';
import {
  createViews,
  ensureBookkeeping,
  ensureStatusRow,
  readCheckpoint,
  schemaFor,
  setupSchema,
} from './bookkeeping';
import { writeDeadLetter } from './dead-letters';
import { CheckpointConflictError, errorMessage, isTransient, ProjectionStoppedError } from './errors';
import { connectionOf, Lease, type LeaseTiming } from './lease';
import type { Projection } from './projection';
import { rebuildProjection } from './rebuild';
import { measureLag, measureStandbyLag, type RunnerState } from './status';
import { inTransaction } from './transaction';

export type RunnerOptions = Readonly<{
  store: EventStore;
  pool: Pool;
  projection: Projection;
  log: Logger;
  /** Largest batch applied in one transaction. Default 500. */
  batchSize?: number;
  /** How long a batch waits for more events once it has one. Default 25 ms. */
  batchWindowMs?: number;
  /** How often a standby tries the lease, and a stopped runner checks for a resume. Default 1 s. */
  pollMs?: number;
  /** How often lag is measured. Default 2 s. */
  lagIntervalMs?: number;
  backoff?: Backoff;
  /** Lease expiry and renewal. Default 15 s, renewed every 3 s. */
  lease?: LeaseTiming;
  /**
   * How long the setup at start waits for a table lock (a BI query holds one on what it reads).
   * Past it, a schema already in place at this version is used as it is. Default 2 s.
   */
  setupLockTimeoutMs?: number;
}>;

export type RunnerStatus = Readonly<{
  name: string;
  state: RunnerState;
  position: bigint | null;
  lastError: string | undefined;
  attempts: number;
}>;

/**
 * Keeps one projection up to date: waits as a standby for the projection's lease, then
 * applies the catch-up subscription in batches, each in one transaction with its checkpoint.
 * Outages of Postgres or the store never end it: it backs off and starts over from the
 * committed checkpoint, as often as it takes.
 */
export class ProjectionRunner {
  private state: RunnerState = 'starting';
  private position: bigint | null = null;
  private lastError: string | undefined;
  private attempts = 0;
  private readonly abort = new AbortController();
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private readonly lease: Lease;
  private readonly log: Logger;
  private readonly schema: string;

  constructor(private readonly options: RunnerOptions) {
    this.log = options.log.child({ projection: options.projection.name });
    this.schema = schemaFor(options.projection);
    guardPoolClients(options.pool, this.log);
    this.lease = new Lease(
      connectionOf(options.pool),
      `projection:${options.projection.name}`,
      (err) => {
        this.log.warn({ err }, 'projection lease lost');
        void this.subscription?.close();
      },
      options.lease,
    );
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.subscription?.close().catch(() => {});
    await this.loop;
    if (this.lease.held) {
      await this.options.pool
        .query(
          `UPDATE projections.projection_status SET state = 'standby' WHERE name = $1 AND state <> 'stopped'`,
          [this.options.projection.name],
        )
        .catch(() => {});
    }
    await this.lease.release();
  }

  status(): RunnerStatus {
    return {
      name: this.options.projection.name,
      state: this.state,
      position: this.position,
      lastError: this.lastError,
      attempts: this.attempts,
    };
  }

  private get stopping() {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    const { pool } = this.options;
    while (!this.stopping) {
      try {
        await ensureBookkeeping(pool);
        if (!(await this.waitForLock())) break;
        await this.activate();
        await this.consume();
      } catch (err) {
        if (this.stopping) break;
        if (err instanceof ProjectionStoppedError) {
          this.setState('stopped', err.reason);
          this.log.error({ reason: err.reason }, 'projection stopped');
          await this.waitWhileStopped();
          continue;
        }
        this.attempts += 1;
        this.lastError = errorMessage(err);
        this.setState('retrying', this.lastError);
        const delay = err instanceof CheckpointConflictError ? 0 : backoffDelay(this.backoff, this.attempts);
        this.log.warn({ err, attempt: this.attempts, delayMs: delay }, 'projection runner retrying');
        await sleep(delay, this.abort.signal);
      }
    }
    this.state = 'standby';
  }

  private get backoff() {
    return this.options.backoff ?? defaultBackoff;
  }

  /**
   * Standby until this instance holds the lease; false when stopping. Meanwhile it measures the
   * lag whenever the active runner has stopped reporting, so the status row never shows a lag
   * of 0 that nobody measured.
   */
  private async waitForLock(): Promise<boolean> {
    const { store, pool, projection } = this.options;
    let measuredAt = 0;
    while (!this.stopping) {
      if (await this.lease.tryAcquire()) return true;
      if (this.state !== 'standby') {
        this.state = 'standby';
        this.log.info('standing by: another runner is active');
      }
      const interval = this.options.lagIntervalMs ?? 2000;
      if (Date.now() - measuredAt >= interval) {
        measuredAt = Date.now();
        await measureStandbyLag(store, pool, projection, interval * 3).catch((err) =>
          this.log.debug({ err }, 'standby lag measurement failed'),
        );
      }
      await sleep(this.options.pollMs ?? 1000, this.abort.signal);
    }
    return false;
  }

  /**
   * Creates tables and views, rebuilding first when the projection's version changed, then
   * renews the BI grants in a transaction of their own.
   */
  private async activate(): Promise<void> {
    const { pool, projection, store, log } = this.options;
    const row = await ensureStatusRow(pool, projection);
    if (row.version !== projection.version && row.position !== null) {
      this.log.warn({ from: row.version, to: projection.version }, 'projection version changed: rebuilding');
      await rebuildProjection({ store, pool, projection, log });
    }
    try {
      await inTransaction(pool, async (client) => {
        // Lock order, as in a batch and a rebuild's swap: the status row first, then relations.
        await client.query(
          `SET LOCAL lock_timeout = ${Math.max(1, this.options.setupLockTimeoutMs ?? 2000)}`,
        );
        await client.query('SELECT 1 FROM projections.projection_status WHERE name = $1 FOR UPDATE', [
          projection.name,
        ]);
        await setupSchema(client, projection, this.schema);
        await createViews(client, projection, this.schema);
        await client.query(
          'UPDATE projections.projection_status SET version = $2, schema_name = $3 WHERE name = $1',
          [projection.name, projection.version, this.schema],
        );
      });
    } catch (err) {
      // `CREATE OR REPLACE VIEW` needs the view to itself: a BI query still reading it holds
      // that up. The schema of this version is in place already: go on with it, never wait.
      if ((err as { code?: string }).code !== '55P03' || !(await this.inPlace())) throw err;
      this.log.warn(
        { err },
        'setup skipped: a table or view is in use; the schema of this version is in place',
      );
    }
    await renewBiGrants(pool, [this.schema]);
  }

  /** True when the live schema exists and was set up by this version (the status row says so). */
  private async inPlace(): Promise<boolean> {
    const { pool, projection } = this.options;
    const row = await readCheckpoint(pool, projection.name);
    const schema = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema]);
    return row?.version === projection.version && row.schemaName === this.schema && schema.rowCount === 1;
  }

  private async consume(): Promise<void> {
    const { pool, projection, store } = this.options;
    const checkpoint = await readCheckpoint(pool, projection.name);
    if (checkpoint?.state === 'stopped') {
      throw new ProjectionStoppedError(projection.name, checkpoint.lastError ?? 'stopped');
    }
    this.position = checkpoint?.position ?? null;
    const subscription = store.subscribeToAll({
      ...(this.position === null ? {} : { after: this.position }),
      ...(projection.filter ? { filter: projection.filter } : {}),
      maxCount: Math.max(1000, this.options.batchSize ?? 500),
      onRetry: (err, attempt) => {
        this.lastError = errorMessage(err);
        this.setState('retrying', this.lastError);
        this.log.warn({ err, attempt }, 'event store subscription retrying');
      },
    });
    this.subscription = subscription;
    // stop() may have run while the checkpoint was being read: close on abort, whenever it comes.
    const closeOnAbort = () => void subscription.close();
    this.abort.signal.addEventListener('abort', closeOnAbort, { once: true });
    if (this.stopping) closeOnAbort();
    this.setState('running');
    const monitor = this.startLagMonitor();
    try {
      const batches = inBatches(
        subscription,
        this.options.batchSize ?? 500,
        this.options.batchWindowMs ?? 25,
      );
      for await (const batch of batches) {
        if (this.stopping || !this.lease.held) break;
        const fresh = batch.filter((e) => this.position === null || e.position > this.position);
        if (fresh.length === 0) continue;
        this.position = await this.applyOrIsolate(fresh);
        this.attempts = 0;
        if (this.state !== 'running') this.setState('running');
      }
    } finally {
      clearInterval(monitor);
      this.abort.signal.removeEventListener('abort', closeOnAbort);
      this.subscription = undefined;
      await subscription.close().catch(() => {});
    }
    if (!this.stopping) throw new Error(this.lease.held ? 'subscription ended' : 'projection lease lost');
  }

  /**
   * Applies a batch; when it throws for a reason other than an outage, retries its events one by
   * one to isolate the poison event, dead-letters it, then skips it or stops per the policy.
   */
  private async applyOrIsolate(events: readonly RecordedEvent[]): Promise<bigint | null> {
    const { pool, projection } = this.options;
    try {
      const startedAt = Date.now();
      const applied = await applyBatch(pool, projection, this.schema, events, this.position);
      // Each event's span in its command's trace (tracing on; see @aftersales/telemetry).
      recordHandled(`project ${projection.name}`, events.map(traced), startedAt, {
        'aftersales.projection': projection.name,
      });
      return applied;
    } catch (err) {
      if (isTransient(err) || events.length === 0) throw err;
      this.log.warn({ err, size: events.length }, 'batch failed: applying one by one');
    }
    let position = this.position;
    for (const event of events) {
      try {
        position = await applyBatch(pool, projection, this.schema, [event], position);
      } catch (err) {
        if (isTransient(err)) throw err;
        position = await this.deadLetter(event, err, position);
      }
      this.position = position;
    }
    return position;
  }

  private async deadLetter(
    event: RecordedEvent,
    error: unknown,
    position: bigint | null,
  ): Promise<bigint | null> {
    const { pool, projection } = this.options;
    const policy = projection.onError ?? 'stop';
    const reason = `poison event at position ${event.position} (${event.type}): ${errorMessage(error)}`;
    this.log.error(
      { position: event.position.toString(), eventType: event.type, eventId: event.metadata.eventId, policy },
      'poison event dead-lettered',
    );
    await inTransaction(pool, async (client) => {
      await writeDeadLetter(client, projection.name, event, error);
      if (policy === 'skip') {
        await moveCheckpoint(client, projection.name, position, event);
      } else {
        await client.query(
          `UPDATE projections.projection_status SET state = 'stopped', last_error = $2 WHERE name = $1`,
          [projection.name, reason],
        );
      }
    });
    if (policy === 'stop') throw new ProjectionStoppedError(projection.name, reason);
    return event.position;
  }

  /** While stopped on a poison event, keep the lease and wait for an operator's retry. */
  private async waitWhileStopped(): Promise<void> {
    while (!this.stopping && this.lease.held) {
      // Lag keeps growing while stopped: keep measuring so the status table shows it.
      await measureLag(this.options.store, this.options.pool, this.options.projection, this.position).catch(
        (err) => this.log.debug({ err }, 'lag measurement failed'),
      );
      await sleep(this.options.pollMs ?? 1000, this.abort.signal);
      const row = await readCheckpoint(this.options.pool, this.options.projection.name).catch(
        () => undefined,
      );
      if (row && row.state !== 'stopped') {
        this.log.info('projection resumed');
        return;
      }
    }
  }

  private startLagMonitor(): NodeJS.Timeout {
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        await measureLag(
          this.options.store,
          this.options.pool,
          this.options.projection,
          this.position,
          this.state === 'running' ? 'running' : undefined,
        );
      } catch (err) {
        this.log.debug({ err }, 'lag measurement failed');
      } finally {
        busy = false;
      }
    };
    void tick();
    return setInterval(tick, this.options.lagIntervalMs ?? 2000);
  }

  /** Records the state locally and, best effort, in the status table (it may be unreachable). */
  private setState(state: RunnerState, error?: string) {
    this.state = state;
    if (error !== undefined) this.lastError = error;
    if (!this.lease.held) return;
    this.options.pool
      .query('UPDATE projections.projection_status SET state = $2, last_error = $3 WHERE name = $1', [
        this.options.projection.name,
        state,
        state === 'running' ? null : (error ?? null),
      ])
      .catch(() => {});
  }
}

const traced = (event: RecordedEvent) => ({
  traceparent: event.metadata.traceparent,
  type: event.type,
  position: event.position,
  streamId: event.streamId,
});
