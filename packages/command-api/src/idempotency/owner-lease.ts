import { randomInt } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

/** The advisory-lock class (first key) under which each API process holds its lease. */
export const OWNER_LOCK_CLASS = 7_302_002;

/**
 * Whether the process that claimed a key still lives: each API process holds a session advisory
 * lock `(OWNER_LOCK_CLASS, owner)` on a connection of its own, and stamps its claims with
 * `owner`. When the process dies (kill -9 included) its connection closes and Postgres drops the
 * lock at once, so a retry of a key it held finds no lock in `pg_locks` and takes the claim over
 * without waiting for the claim's timeout. After a database restart the lease is taken again as
 * soon as the database answers; while it is not held, claims carry no owner and fall back to
 * the timeout.
 */
export class OwnerLease {
  readonly owner = randomInt(1, 2 ** 31 - 1);
  private client: pg.PoolClient | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The owner to stamp on a claim now, or null while the lease is not held. */
  get current(): number | null {
    return this.client ? this.owner : null;
  }

  /** Takes the lease; on failure keeps trying in the background (the API can run without it). */
  async start(): Promise<void> {
    await this.acquire(0);
  }

  private async acquire(attempt: number): Promise<void> {
    if (this.closed) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      const held = client;
      held.on('error', (err) => this.lost(held, err));
      await held.query('SELECT pg_advisory_lock($1, $2)', [OWNER_LOCK_CLASS, this.owner]);
      this.client = held;
      if (attempt > 0) this.log.info({ owner: this.owner }, 'idempotency lease taken again');
    } catch (err) {
      client?.release(true);
      if (attempt === 0) this.log.warn({ err }, 'idempotency lease not taken; claims wait for their timeout');
      this.schedule(attempt + 1);
    }
  }

  private lost(client: pg.PoolClient, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(err);
    if (this.closed) return;
    this.log.warn({ err }, 'idempotency lease lost; taking it again');
    this.schedule(1);
  }

  private schedule(attempt: number): void {
    if (this.closed) return;
    const delay = Math.min(5_000, 100 * 2 ** Math.min(attempt, 6));
    this.retry = setTimeout(() => void this.acquire(attempt), delay);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client
      .query('SELECT pg_advisory_unlock($1, $2)', [OWNER_LOCK_CLASS, this.owner])
      .catch(() => undefined);
    client.release();
  }
}

/** SQL: the claim's owner (a column of the row named `r`) no longer holds its lease. */
export const OWNER_GONE = `(r.owner IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND l.classid = ${OWNER_LOCK_CLASS}::oid AND l.objid = r.owner::oid))`;
